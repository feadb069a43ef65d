import { z } from 'zod';
import { isUuid } from './ids';
import { REQUIRED_APPROVALS_MAX, REQUIRED_APPROVALS_MIN, REVIEWERS_MAX, REVIEW_DECISIONS, REVIEW_NOTE_MAX } from './reviews';

/**
 * The review forms' rules (the document page's `requestReview` and `signOff` actions, the team
 * page's required approvals). Errors are message keys, as in `validation.ts`.
 */

const note = z.string().trim().max(REVIEW_NOTE_MAX, { error: 'too_long' }).default('');

export const requestReviewSchema = z.object({
	// The form sends one `reviewer` field per ticked person; none means "the team's mentors".
	reviewers: z.array(z.string().refine(isUuid)).max(REVIEWERS_MAX, { error: 'too_many' }).default([]),
	note
});

export const signOffSchema = z.object({
	requestId: z.string().refine(isUuid),
	decision: z.enum(REVIEW_DECISIONS, { error: 'required' }),
	note
});

export const requiredApprovalsSchema = z.object({
	requiredApprovals: z.coerce
		.number({ error: 'required' })
		.int({ error: 'approvals_range' })
		.min(REQUIRED_APPROVALS_MIN, { error: 'approvals_range' })
		.max(REQUIRED_APPROVALS_MAX, { error: 'approvals_range' })
});
