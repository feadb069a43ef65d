import { recheckDue, type LessonStatus } from './lifecycle';

/**
 * Keeping the library true (issue 14 "Keep it true"), as pure rules shared by the queue's SQL
 * (repositories/lesson-feedback.ts writes the same conditions) and its tests. A published
 * lesson was last vouched for when it was verified or, never verified, published (publishing is
 * the curator's first verification). It is *current* while that is within its re-check interval
 * and no reader has an open "Usang" report on it. It needs a re-check when a reader reported it
 * outdated or its re-check date passed; it is proposed for retirement when nobody reused or
 * verified it for a year. A lesson is in one queue section at most: a reader's report says more
 * than the calendar, so a reported lesson is re-checked; one merely overdue that nobody used for
 * a year is proposed for retirement instead of re-checked.
 */

/** A year without reuse or verification and a lesson is proposed for retirement. */
export const RETIRE_AFTER_DAYS = 365;
/** Bounds of a re-check interval (the lessons table's check constraint). */
export const RECHECK_INTERVAL_MIN = 1;
export const RECHECK_INTERVAL_MAX = 3650;
/** A reader's "Usang" reason or question, and a curator's answer. */
export const FEEDBACK_TEXT_MAX = 2000;

const DAY_MS = 86_400_000;

/**
 * A re-check interval change is recorded as an `edit` curation event whose note is this prefix
 * and the days (`lesson_curation_events.action` has no value of its own for it); the lesson page
 * shows it translated.
 */
export const RECHECK_NOTE_PREFIX = 'recheck_interval_days=';

/** The days of a recorded interval change, or null for any other note. */
export function recheckNoteDays(note: string): number | null {
	if (!note.startsWith(RECHECK_NOTE_PREFIX)) return null;
	const days = Number(note.slice(RECHECK_NOTE_PREFIX.length));
	return Number.isInteger(days) ? days : null;
}

export interface KeepTrueFacts {
	status: LessonStatus;
	publishedAt: Date | null;
	verifiedAt: Date | null;
	recheckIntervalDays: number;
	/** Open (unresolved) "Usang" reports. */
	openOutdated: number;
	/** The newest live reuse of the lesson, if any. */
	lastReusedAt: Date | null;
}

/** When the lesson was last vouched for: verified, or else published. Null when never published. */
export function lastVerified(facts: Pick<KeepTrueFacts, 'verifiedAt' | 'publishedAt'>): Date | null {
	return facts.verifiedAt ?? facts.publishedAt;
}

/** Published and its re-check date has passed. */
export function isOverdue(facts: KeepTrueFacts, now: Date): boolean {
	const due = recheckDue(facts);
	return due !== null && due.getTime() <= now.getTime();
}

/** Published, verified within its interval, and nobody says it is outdated. */
export function isCurrent(facts: KeepTrueFacts, now: Date): boolean {
	return facts.status === 'published' && lastVerified(facts) !== null && !isOverdue(facts, now) && facts.openOutdated === 0;
}

/** Published, and neither reused nor verified (nor published) in the last RETIRE_AFTER_DAYS. */
export function isRetirementCandidate(facts: KeepTrueFacts, now: Date): boolean {
	if (facts.status !== 'published') return false;
	const verified = lastVerified(facts);
	if (verified === null) return false;
	const last = Math.max(verified.getTime(), facts.lastReusedAt?.getTime() ?? 0);
	return last <= now.getTime() - RETIRE_AFTER_DAYS * DAY_MS;
}

export type QueueSection = 'recheck' | 'retire';

/** Which section of the curation queue a published lesson belongs in, if any. */
export function queueSection(facts: KeepTrueFacts, now: Date): QueueSection | null {
	if (facts.status !== 'published') return null;
	if (facts.openOutdated > 0) return 'recheck';
	if (isRetirementCandidate(facts, now)) return 'retire';
	if (isOverdue(facts, now)) return 'recheck';
	return null;
}

/** The cut-off a query compares "last activity" against for retirement candidates. */
export function retireCutoff(now: Date): Date {
	return new Date(now.getTime() - RETIRE_AFTER_DAYS * DAY_MS);
}
