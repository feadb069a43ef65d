/**
 * "Lesson not learned" (issue 14): when a new failure analysis says what a published lesson of an
 * earlier failure analysis already said, the editor asks whether the failure happened again.
 * Asking is an accusation of sorts, so "closely matches" is deliberately strict, and decided
 * here, purely, from what the related-lessons query measures.
 *
 * The measure is term coverage, not `ts_rank`: the key terms of the section being written
 * (`relatedTerms`: up to ten words, function words and the template's headings dropped, title
 * words first) and how many of them the lesson's stemmed text contains (the `indonesian`
 * configuration, so "pelayanan" and "layanan" are one term). `ts_rank` is no threshold: it grows
 * with how often a word occurs and shrinks with the lesson's length, so the same match scores
 * 0.02 in one library and 0.4 in another. A share of the writer's own key terms means the same
 * thing everywhere.
 *
 * Close means: at least RECURRENCE_MIN_TERMS key terms to compare (two words say too little to
 * call anything a repeat) and at least RECURRENCE_MIN_MATCHED of them in the lesson, making at
 * least RECURRENCE_MIN_SHARE of them. An OR query finds lessons sharing one common word
 * ("antrean" is in half a public-service library); sharing most of what the writer says —
 * the what, where and why of it — is the same failure described again.
 */

export const RECURRENCE_MIN_TERMS = 3;
export const RECURRENCE_MIN_MATCHED = 3;
export const RECURRENCE_MIN_SHARE = 0.6;

export interface TermCoverage {
	/** The key terms of the text being written. */
	terms: number;
	/** How many of them the lesson contains. */
	matched: number;
}

export function closelyMatches(coverage: TermCoverage): boolean {
	const { terms, matched } = coverage;
	if (!Number.isFinite(terms) || !Number.isFinite(matched)) return false;
	if (terms < RECURRENCE_MIN_TERMS || matched < RECURRENCE_MIN_MATCHED || matched > terms) return false;
	return matched / terms >= RECURRENCE_MIN_SHARE;
}

/** The candidate most like the text, if it matches closely: most terms shared, then the order given. */
export function closestRecurrence<T extends { matched: number }>(terms: number, candidates: readonly T[]): T | null {
	let best: T | null = null;
	for (const candidate of candidates) {
		if (!closelyMatches({ terms, matched: candidate.matched })) continue;
		if (!best || candidate.matched > best.matched) best = candidate;
	}
	return best;
}
