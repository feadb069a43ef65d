/**
 * Reviews and sign-offs (issue 13): the names shared by the browser and the server, free of
 * zod so pages can import them (the form rules are in `review-validation.ts`).
 *
 * A document's review state comes from its latest request only (repositories/reviews.ts):
 * - `none`: never asked for (belum ditinjau);
 * - `pending`: asked, not yet enough approvals (menunggu tinjauan);
 * - `changes_requested`: some reviewer's latest decision asks for changes — it wins over any
 *   number of approvals (perlu perbaikan);
 * - `approved`: at least the team's `required_approvals` reviewers approved the content as it is
 *   now (disetujui);
 * - `changed_after_approval`: enough approvals, but the body or title changed since some of them
 *   (diubah setelah disetujui).
 */
export const REVIEW_STATES = ['none', 'pending', 'changes_requested', 'changed_after_approval', 'approved'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_DECISIONS = ['approved', 'changes_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Longest note with a request or a sign-off. */
export const REVIEW_NOTE_MAX = 2000;
/** Most reviewers one request names (a team's mentors plus a few named members). */
export const REVIEWERS_MAX = 10;
/** The team setting's range: approvals a review needs. */
export const REQUIRED_APPROVALS_MIN = 1;
export const REQUIRED_APPROVALS_MAX = 5;

export function isReviewState(value: unknown): value is ReviewState {
	return typeof value === 'string' && (REVIEW_STATES as readonly string[]).includes(value);
}
