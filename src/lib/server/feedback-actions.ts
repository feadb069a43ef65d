import { error, fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isUuid } from '$lib/ids';
import { FEEDBACK_TEXT_MAX, RECHECK_INTERVAL_MAX, RECHECK_INTERVAL_MIN } from '$lib/lessons/keep-true';
import { forbidden, notFound, requireOrg, requireUser } from './authz';
import {
	answerQuestion,
	FeedbackError,
	giveFeedback,
	setRecheckInterval,
	verifyLesson,
	withdrawOutdated,
	type FeedbackErrorCode
} from './repositories/lesson-feedback';

/**
 * The "keep it true" form actions (issue 14), shared by the lesson page and the curation queue:
 * a reader's "Bermanfaat" / "Usang" / question, taking back a report, a curator's answer,
 * verification and re-check interval. zod at the boundary; a refusal comes back as
 * `fail(400, { feedback })` naming the lesson, the form (and question) and what was typed, so
 * the right form keeps it and says what is wrong; outsiders 404, readers without the right 403.
 */

export type FeedbackForm = 'useful' | 'outdated' | 'question' | 'withdraw' | 'answer' | 'verify' | 'recheck';

export interface FeedbackProblem {
	form: FeedbackForm;
	lessonId: string;
	/** The question an answer was for. */
	feedbackId: string | null;
	values: Record<string, string>;
	errors: Partial<Record<string, string>>;
	message: string;
}

type Failure = ActionFailure<{ feedback: FeedbackProblem }>;

interface Submitted {
	event: RequestEvent;
	lessonId: string;
	values: Record<string, string>;
}

async function read(event: RequestEvent) {
	const user = requireUser(event.locals, event.url);
	const db = event.locals.database.db;
	const orgId = event.params.orgId ?? '';
	const { membership } = await requireOrg(db, user, orgId);
	const form = await event.request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') values[key] = value;
	const lessonId = values.lessonId ?? event.params.lessonId ?? '';
	if (!isUuid(lessonId)) error(400, { message: 'Bad request', code: 'bad_request' });
	return { db, membership, orgId, submitted: { event, lessonId, values } satisfies Submitted };
}

function problem(form: FeedbackForm, s: Submitted, field: string | null, message: string): Failure {
	return fail(400, {
		feedback: {
			form,
			lessonId: s.lessonId,
			feedbackId: s.values.feedbackId ?? null,
			values: s.values,
			errors: field ? { [field]: message } : {},
			message
		}
	});
}

function codeMessage(code: FeedbackErrorCode): string {
	switch (code) {
		case 'text_required':
			return m.error_required();
		case 'text_too_long':
			return m.error_too_long({ max: FEEDBACK_TEXT_MAX });
		case 'interval_invalid':
			return m.library_keep_interval_invalid({ min: RECHECK_INTERVAL_MIN, max: RECHECK_INTERVAL_MAX });
		case 'feedback_missing':
			return m.library_keep_feedback_missing();
		case 'not_found':
		case 'forbidden':
			return m.error_bad_request();
	}
}

const FIELD_OF: Partial<Record<FeedbackErrorCode, string>> = {
	text_required: 'body',
	text_too_long: 'body',
	interval_invalid: 'days'
};

async function attempt(form: FeedbackForm, s: Submitted, run: () => Promise<unknown>, field?: string): Promise<Failure | { feedbackDone: FeedbackForm; lessonId: string }> {
	try {
		await run();
	} catch (thrown) {
		if (!(thrown instanceof FeedbackError)) throw thrown;
		if (thrown.code === 'not_found') notFound();
		if (thrown.code === 'forbidden') forbidden();
		const message = codeMessage(thrown.code);
		return problem(form, s, field ?? FIELD_OF[thrown.code] ?? null, message);
	}
	return { feedbackDone: form, lessonId: s.lessonId };
}

const textField = (required: boolean) =>
	z
		.string()
		.trim()
		.max(FEEDBACK_TEXT_MAX, { error: 'too_long' })
		.refine((v) => !required || v !== '', { error: 'required' });

function textProblem(form: FeedbackForm, s: Submitted, field: string, issue: string | undefined): Failure {
	const message = issue === 'too_long' ? m.error_too_long({ max: FEEDBACK_TEXT_MAX }) : m.error_required();
	return problem(form, s, field, message);
}

export const feedbackActions = {
	/** "Bermanfaat" (toggles), "Usang" with a reason, or a question: `kind` says which. */
	feedback: async (event: RequestEvent) => {
		const { db, membership, orgId, submitted: s } = await read(event);
		const kind = z.enum(['useful', 'outdated', 'question']).safeParse(s.values.kind);
		if (!kind.success) error(400, { message: 'Bad request', code: 'bad_request' });
		const body = textField(kind.data !== 'useful').safeParse(s.values.body ?? '');
		if (!body.success) return textProblem(kind.data, s, 'body', body.error.issues[0]?.message);
		return attempt(kind.data, s, () => giveFeedback(db, membership, orgId, s.lessonId, { kind: kind.data, body: body.data }));
	},
	withdrawOutdated: async (event: RequestEvent) => {
		const { db, membership, orgId, submitted: s } = await read(event);
		return attempt('withdraw', s, () => withdrawOutdated(db, membership, orgId, s.lessonId));
	},
	answer: async (event: RequestEvent) => {
		const { db, membership, orgId, submitted: s } = await read(event);
		const answer = textField(false).safeParse(s.values.answer ?? '');
		if (!answer.success) return textProblem('answer', s, 'answer', answer.error.issues[0]?.message);
		return attempt('answer', s, () => answerQuestion(db, membership, orgId, s.lessonId, s.values.feedbackId ?? '', answer.data), 'answer');
	},
	verify: async (event: RequestEvent) => {
		const { db, membership, orgId, submitted: s } = await read(event);
		const note = textField(false).safeParse(s.values.note ?? '');
		if (!note.success) return textProblem('verify', s, 'note', note.error.issues[0]?.message);
		return attempt('verify', s, () => verifyLesson(db, membership, orgId, s.lessonId, note.data), 'note');
	},
	recheck: async (event: RequestEvent) => {
		const { db, membership, orgId, submitted: s } = await read(event);
		const days = z.coerce.number().int().min(RECHECK_INTERVAL_MIN).max(RECHECK_INTERVAL_MAX).safeParse((s.values.days ?? '').trim() || 'x');
		if (!days.success) return problem('recheck', s, 'days', m.library_keep_interval_invalid({ min: RECHECK_INTERVAL_MIN, max: RECHECK_INTERVAL_MAX }));
		return attempt('recheck', s, () => setRecheckInterval(db, membership, orgId, s.lessonId, days.data));
	}
};
