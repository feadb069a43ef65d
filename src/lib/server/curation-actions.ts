import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isUuid } from '$lib/ids';
import { CURATION_NOTE_MAX } from '$lib/lessons/lifecycle';
import type { Executor } from './db';
import type { Membership } from '$lib/access';
import { forbidden, notFound, requireOrg, requireUser } from './authz';
import {
	createTag,
	CurationError,
	deleteTag,
	editLibraryText,
	LESSON_TAGS_MAX,
	LIBRARY_SUMMARY_MAX,
	LIBRARY_TITLE_MAX,
	mergeLesson,
	proposeLesson,
	publishLesson,
	republishLesson,
	retireLesson,
	sendBackLesson,
	setLessonTags,
	TAG_NAME_MAX,
	type CurationErrorCode
} from './repositories/curation';

/**
 * The curation form actions, shared by the queue (/o/[orgId]/library/queue) and the lesson page
 * (/o/[orgId]/library/[lessonId]): each validates its form with zod, calls the curation
 * repository (which authorises through access.ts and records the step), and answers a refusal
 * with `fail(4xx, { curation: … })` naming the lesson and the form, what was typed and an
 * Indonesian (or English) message — so the right form on a page of many shows it and keeps the
 * text. Access refusals stay 404 (outsiders, lessons they may not see) and 403.
 */

export type CurationForm = 'text' | 'publish' | 'sendBack' | 'retire' | 'republish' | 'merge' | 'propose' | 'tag' | 'deleteTag';

export interface CurationProblem {
	form: CurationForm;
	/** The lesson the form was about (null for the tag list's forms). */
	lessonId: string | null;
	values: Record<string, string>;
	tagIds: string[];
	errors: Partial<Record<string, string>>;
	message: string;
}

type Failure = ActionFailure<{ curation: CurationProblem }>;

const lessonIdField = z.string().refine(isUuid);
const libraryText = z.object({
	libraryTitle: z.string().trim().max(LIBRARY_TITLE_MAX, { error: 'too_long_title' }).default(''),
	librarySummary: z.string().trim().max(LIBRARY_SUMMARY_MAX, { error: 'too_long_summary' }).default('')
});
const noteField = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(CURATION_NOTE_MAX, { error: 'too_long' });
const tagIdsField = z.array(z.string().refine(isUuid)).max(LESSON_TAGS_MAX, { error: 'too_many_tags' });

function codeMessage(code: CurationErrorCode): string {
	switch (code) {
		case 'invalid_transition':
			return m.curation_error_invalid_transition();
		case 'note_required':
			return m.curation_error_note_required();
		case 'note_too_long':
			return m.error_too_long({ max: CURATION_NOTE_MAX });
		case 'merge_into_self':
			return m.curation_error_merge_into_self();
		case 'survivor_retired':
			return m.curation_error_survivor_retired();
		case 'survivor_merged':
			return m.curation_error_survivor_merged();
		case 'survivor_draft':
			return m.curation_error_survivor_draft();
		case 'survivor_missing':
			return m.curation_error_survivor_missing();
		case 'tag_missing':
			return m.curation_error_tag_missing();
		case 'tag_name_taken':
			return m.curation_error_tag_name_taken();
		case 'tag_parent_missing':
			return m.curation_error_tag_parent_missing();
		case 'tag_parent_cycle':
			return m.curation_error_tag_parent_cycle();
		case 'tag_has_children':
			return m.curation_error_tag_has_children();
		case 'too_many_tags':
			return m.curation_error_too_many_tags({ max: LESSON_TAGS_MAX });
		case 'not_found':
		case 'forbidden':
			return m.error_bad_request();
	}
}

function fieldMessage(key: string): string {
	switch (key) {
		case 'required':
			return m.error_required();
		case 'too_long_title':
			return m.error_too_long({ max: LIBRARY_TITLE_MAX });
		case 'too_long_summary':
			return m.error_too_long({ max: LIBRARY_SUMMARY_MAX });
		case 'too_long_tag':
			return m.error_too_long({ max: TAG_NAME_MAX });
		case 'too_long':
			return m.error_too_long({ max: CURATION_NOTE_MAX });
		case 'too_many_tags':
			return m.curation_error_too_many_tags({ max: LESSON_TAGS_MAX });
		default:
			return m.error_bad_request();
	}
}

/** Where each refusal is shown: beside the field it is about, or as the form's message. */
const FIELD_OF: Partial<Record<CurationErrorCode, string>> = {
	note_required: 'note',
	note_too_long: 'note',
	merge_into_self: 'survivorId',
	survivor_retired: 'survivorId',
	survivor_merged: 'survivorId',
	survivor_draft: 'survivorId',
	survivor_missing: 'survivorId',
	tag_name_taken: 'name',
	tag_parent_missing: 'parentId',
	tag_parent_cycle: 'parentId',
	tag_missing: 'tagIds',
	too_many_tags: 'tagIds'
};

interface Submitted {
	db: Executor;
	membership: Membership;
	orgId: string;
	userId: string;
	lessonId: string | null;
	values: Record<string, string>;
	tagIds: string[];
}

async function read(event: RequestEvent): Promise<Submitted> {
	const user = requireUser(event.locals, event.url);
	const db = event.locals.database.db;
	const orgId = event.params.orgId ?? '';
	const { membership } = await requireOrg(db, user, orgId);
	const form = await event.request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string' && key !== 'tagIds') values[key] = value;
	const tagIds = form.getAll('tagIds').filter((v): v is string => typeof v === 'string' && v !== '');
	const lessonId = values.lessonId ?? event.params.lessonId ?? null;
	return { db, membership, orgId, userId: user.id, lessonId, values, tagIds };
}

function problem(form: CurationForm, s: Submitted, errors: Partial<Record<string, string>>, message?: string): Failure {
	return fail(400, {
		curation: { form, lessonId: s.lessonId, values: s.values, tagIds: s.tagIds, errors, message: message ?? m.curation_error_form() }
	});
}

function zodProblem(form: CurationForm, s: Submitted, issues: z.core.$ZodIssue[]): Failure {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= fieldMessage(issue.message);
	}
	return problem(form, s, errors);
}

/** Runs one repository call; a refusal becomes the form's failure, access errors 404/403. */
async function attempt(form: CurationForm, s: Submitted, run: () => Promise<unknown>): Promise<Failure | { curated: CurationForm; lessonId: string | null }> {
	try {
		await run();
	} catch (thrown) {
		if (!(thrown instanceof CurationError)) throw thrown;
		if (thrown.code === 'not_found') notFound();
		if (thrown.code === 'forbidden') forbidden();
		const message = codeMessage(thrown.code);
		const field = FIELD_OF[thrown.code];
		return problem(form, s, field ? { [field]: message } : {}, message);
	}
	return { curated: form, lessonId: s.lessonId };
}

function requireLessonId(s: Submitted): string {
	if (!s.lessonId || !isUuid(s.lessonId)) error(400, { message: 'Bad request', code: 'bad_request' });
	return s.lessonId;
}

export const curationActions = {
	/** Saves the library's title, summary and tags without changing the status. */
	text: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		const parsed = libraryText.safeParse(s.values);
		const tags = tagIdsField.safeParse(s.tagIds);
		if (!parsed.success) return zodProblem('text', s, parsed.error.issues);
		if (!tags.success) return problem('text', s, { tagIds: fieldMessage('too_many_tags') });
		// Tags only when the form carried the tag list (the lesson page's text form may not).
		const withTags = s.values.tagsShown === '1';
		return attempt('text', s, async () => {
			await editLibraryText(s.db, s.membership, s.orgId, lessonId, parsed.data);
			if (withTags) await setLessonTags(s.db, s.membership, s.orgId, lessonId, tags.data);
		});
	},
	publish: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		const parsed = libraryText.safeParse(s.values);
		const tags = tagIdsField.safeParse(s.tagIds);
		if (!parsed.success) return zodProblem('publish', s, parsed.error.issues);
		if (!tags.success) return problem('publish', s, { tagIds: fieldMessage('too_many_tags') });
		const withTags = s.values.tagsShown === '1';
		return attempt('publish', s, () =>
			publishLesson(s.db, s.membership, s.orgId, lessonId, { ...parsed.data, tagIds: withTags ? tags.data : undefined })
		);
	},
	sendBack: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		const parsed = noteField.safeParse(s.values.note ?? '');
		if (!parsed.success) return zodProblem('sendBack', s, parsed.error.issues.map((i) => ({ ...i, path: ['note'] })));
		return attempt('sendBack', s, () => sendBackLesson(s.db, s.membership, s.orgId, lessonId, parsed.data));
	},
	retire: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		const parsed = noteField.safeParse(s.values.note ?? '');
		if (!parsed.success) return zodProblem('retire', s, parsed.error.issues.map((i) => ({ ...i, path: ['note'] })));
		return attempt('retire', s, () => retireLesson(s.db, s.membership, s.orgId, lessonId, parsed.data));
	},
	republish: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		return attempt('republish', s, () => republishLesson(s.db, s.membership, s.orgId, lessonId));
	},
	propose: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		return attempt('propose', s, () => proposeLesson(s.db, s.membership, s.orgId, lessonId));
	},
	merge: async (event: RequestEvent) => {
		const s = await read(event);
		const lessonId = requireLessonId(s);
		const survivorId = (s.values.survivorId ?? '').trim();
		if (survivorId === '') return problem('merge', s, { survivorId: m.curation_error_survivor_required() });
		const result = await attempt('merge', s, () => mergeLesson(s.db, s.membership, s.orgId, lessonId, survivorId));
		// On the merged lesson's own page, follow it to the survivor.
		if (!('status' in result) && event.params.lessonId === lessonId) redirect(303, `/o/${s.orgId}/library/${survivorId}`);
		return result;
	},
	createTag: async (event: RequestEvent) => {
		const s = await read(event);
		s.lessonId = null;
		const parsed = z
			.object({
				name: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(TAG_NAME_MAX, { error: 'too_long_tag' }),
				parentId: z.string().default('')
			})
			.safeParse(s.values);
		if (!parsed.success) return zodProblem('tag', s, parsed.error.issues);
		return attempt('tag', s, () => createTag(s.db, s.membership, s.orgId, { name: parsed.data.name, parentId: parsed.data.parentId || null }));
	},
	deleteTag: async (event: RequestEvent) => {
		const s = await read(event);
		s.lessonId = null;
		const tagId = s.values.tagId ?? '';
		return attempt('deleteTag', s, () => deleteTag(s.db, s.membership, s.orgId, tagId));
	}
};
