import { fail } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { can, type Membership } from '$lib/access';
import type { DocumentRole } from '$lib/roles';
import { REVIEWERS_MAX, REVIEW_NOTE_MAX } from '$lib/reviews';
import { requestReviewSchema, signOffSchema } from '$lib/review-validation';
import type { Executor } from '$lib/server/db';
import type { Document } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { documentResource, requireDocument, requireUser } from '$lib/server/authz';
import {
	listReviewCandidates,
	loadReviewSummary,
	openReviewFacts,
	requestReview,
	ReviewError,
	signOff
} from '$lib/server/repositories/reviews';

/**
 * The document page's review half: what its load adds (`loadReview`) and its two form actions,
 * `requestReview` and `signOff` (issue 13). Each action is authorized by `requireDocument` with
 * its own rule in access.ts (404 outsiders, 403 others — a sign-off by someone who is not a
 * reviewer never reaches the repository), validated with zod, and answers a refusal with
 * `fail(4xx)` carrying what was typed and a message the panel shows.
 */

export async function loadReview(
	db: Executor,
	user: SessionUser,
	document: Document,
	membership: Membership,
	sharedRole: DocumentRole | null,
	teamArchived: boolean
) {
	const [summary, facts] = await Promise.all([loadReviewSummary(db, document.id), openReviewFacts(db, document.id, user.id)]);
	const resource = documentResource(document, sharedRole, teamArchived, facts);
	const canRequest = can(membership, 'requestReview', resource);
	// Whom the requester may ask: never themselves nor the creator (they would not be allowed to
	// approve); mentors are preselected by the panel.
	const candidates = canRequest
		? (await listReviewCandidates(db, document.orgId, document.teamId)).filter(
				(c) => c.userId !== user.id && c.userId !== document.createdBy
			)
		: [];
	return {
		state: summary?.state ?? 'none',
		requiredApprovals: summary?.requiredApprovals ?? 1,
		request: summary?.request ?? null,
		canRequest,
		canSignOff: can(membership, 'signOff', resource),
		candidates
	};
}

type FieldErrors = Partial<Record<'reviewers' | 'note' | 'decision', string>>;

/** The first message per field, in the user's language. */
function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const field = issue.path[0];
		if (field === 'note') errors.note ??= m.error_too_long({ max: REVIEW_NOTE_MAX });
		else if (field === 'reviewers') errors.reviewers ??= issue.message === 'too_many' ? m.review_error_too_many({ max: REVIEWERS_MAX }) : m.error_bad_request();
		else if (field === 'decision') errors.decision ??= m.review_error_decision();
	}
	return errors;
}

function reviewErrorMessage(error: ReviewError): string {
	switch (error.code) {
		case 'archived':
			return m.review_error_archived();
		case 'no_reviewers':
			return m.review_error_no_reviewers();
		case 'reviewer_is_requester':
			return m.review_error_reviewer_is_requester();
		case 'reviewer_is_creator':
			return m.review_error_reviewer_is_creator();
		case 'reviewer_not_eligible':
			return m.review_error_reviewer_not_eligible();
		case 'request_missing':
		case 'request_not_open':
			return m.review_error_request_not_open();
		case 'not_a_reviewer':
			return m.review_error_not_a_reviewer();
		case 'own_document':
			return m.review_error_own_document();
		case 'document_missing':
			return m.error_bad_request();
	}
}

/** A refusal the request could not have avoided by itself (the document or request moved on): 409. */
function reviewErrorStatus(error: ReviewError): 400 | 409 {
	return error.code === 'archived' || error.code === 'request_not_open' || error.code === 'request_missing' ? 409 : 400;
}

type ActionEvent = RequestEvent;

export const reviewActions = {
	requestReview: async (event: ActionEvent) => {
		const user = requireUser(event.locals, event.url);
		const db = event.locals.database.db;
		const { document } = await requireDocument(db, user, event.params.orgId, event.params.documentId, 'requestReview');
		const form = await event.request.formData();
		const reviewers = form.getAll('reviewer').map(String);
		const note = String(form.get('note') ?? '');
		// Given back on a refusal: the panel keeps the note and the people chosen.
		const values = { reviewers, note };
		const parsed = requestReviewSchema.safeParse({ reviewers, note });
		if (!parsed.success) {
			return fail(400, { requestReview: { values, errors: fieldErrors(parsed.error), message: m.review_error_form() } });
		}
		try {
			await requestReview(db, {
				documentId: document.id,
				requestedBy: user.id,
				reviewerIds: parsed.data.reviewers,
				note: parsed.data.note
			});
		} catch (error) {
			if (error instanceof ReviewError) {
				return fail(reviewErrorStatus(error), { requestReview: { values, errors: {} as FieldErrors, message: reviewErrorMessage(error) } });
			}
			throw error;
		}
		return { reviewMessage: m.review_requested_done() };
	},

	signOff: async (event: ActionEvent) => {
		const user = requireUser(event.locals, event.url);
		const db = event.locals.database.db;
		// 404 outsiders, 403 anyone the rule refuses: not a named reviewer of the open request,
		// the creator or the requester, someone outside the team, an archived document.
		const { document } = await requireDocument(db, user, event.params.orgId, event.params.documentId, 'signOff');
		const form = await event.request.formData();
		const values = {
			requestId: String(form.get('requestId') ?? ''),
			decision: String(form.get('decision') ?? ''),
			note: String(form.get('note') ?? '')
		};
		const parsed = signOffSchema.safeParse(values);
		if (!parsed.success) {
			// A request id that is no id was not typed by anyone: the page is old or the form forged.
			const forged = parsed.error.issues.some((issue) => issue.path[0] === 'requestId');
			return fail(400, {
				signOff: { values, errors: fieldErrors(parsed.error), message: forged ? m.error_bad_request() : m.review_error_form() }
			});
		}
		try {
			await signOff(db, {
				documentId: document.id,
				requestId: parsed.data.requestId,
				reviewerId: user.id,
				decision: parsed.data.decision,
				note: parsed.data.note
			});
		} catch (error) {
			if (error instanceof ReviewError) {
				return fail(reviewErrorStatus(error), { signOff: { values, errors: {} as FieldErrors, message: reviewErrorMessage(error) } });
			}
			throw error;
		}
		return { reviewMessage: m.review_signed_off_done() };
	}
};
