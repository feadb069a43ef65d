/**
 * The lesson lifecycle (issue 14), as a small pure state machine shared by the curation actions
 * (server) and the buttons that offer them (browser). Who may take a step is `can()`'s
 * (src/lib/access.ts); this file says which steps exist from which state.
 *
 *   draft ──propose──▶ proposed ──publish──▶ published ──retire──▶ retired
 *     ▲                  │  │                   │  ▲                  │
 *     └────send back─────┘  │                   │  └────republish─────┘
 *        (with a note)      └──retire───────────┼──▶ retired
 *                           └──merge──▶ merged ◀┘ (into a live survivor)
 *
 * A lesson is written in a document as a draft (the projection creates it). Proposing puts it in
 * the curation queue; a knowledge manager publishes it, sends it back with a note (draft again),
 * retires it with a reason (a proposal not worth keeping, or a published lesson that no longer
 * holds), or merges it into a duplicate — the survivor keeps the reuses. A retired lesson can be
 * published again: retiring is a judgement that can be revised, and its history stays.
 * `merged` is final: the merged lesson only redirects to its survivor.
 */

export const LESSON_STATUSES = ['draft', 'proposed', 'published', 'retired', 'merged'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const LESSON_EVENTS = ['propose', 'sendBack', 'publish', 'retire', 'republish', 'merge'] as const;
export type LessonEvent = (typeof LESSON_EVENTS)[number];

/**
 * What `lesson_curation_events.action` records: the lifecycle's steps (snake case, as stored),
 * and the curation edits that do not change the state.
 */
export const CURATION_ACTIONS = ['propose', 'send_back', 'publish', 'retire', 'republish', 'merge', 'edit', 'tag', 'verify'] as const;
export type CurationAction = (typeof CURATION_ACTIONS)[number];

export const CURATION_ACTION_OF: Record<LessonEvent, CurationAction> = {
	propose: 'propose',
	sendBack: 'send_back',
	publish: 'publish',
	retire: 'retire',
	republish: 'republish',
	merge: 'merge'
};

/** The steps out of each state, and where each leads. */
const TRANSITIONS: Record<LessonStatus, Partial<Record<LessonEvent, LessonStatus>>> = {
	draft: { propose: 'proposed' },
	proposed: { sendBack: 'draft', publish: 'published', retire: 'retired', merge: 'merged' },
	published: { retire: 'retired', merge: 'merged' },
	retired: { republish: 'published' },
	merged: {}
};

/** A note (send back) or a reason (retire) is how the writer learns why: it must say something. */
const NEEDS_NOTE: ReadonlySet<LessonEvent> = new Set(['sendBack', 'retire']);

/** Longest note or reason stored with a curation step. */
export const CURATION_NOTE_MAX = 2000;

export type TransitionError =
	/** The step does not exist from the lesson's current state. */
	| 'invalid_transition'
	/** Sending back or retiring without saying why. */
	| 'note_required'
	| 'note_too_long'
	| 'merge_into_self'
	/** A survivor that is retired or itself merged would strand the reuses. */
	| 'survivor_retired'
	| 'survivor_merged'
	/** A draft survivor is in nobody's library: the reuses would point at a lesson nobody can find. */
	| 'survivor_draft'
	| 'survivor_missing';

export type TransitionResult = { ok: true; to: LessonStatus } | { ok: false; error: TransitionError };

export interface SurvivorFacts {
	id: string;
	status: LessonStatus;
}

export interface TransitionInput {
	id: string;
	status: LessonStatus;
	event: LessonEvent;
	note?: string;
	/** For `merge`: the lesson that survives (null: the id named nothing in this organisation). */
	survivor?: SurvivorFacts | null;
}

/** Whether `event` is a step out of `status` at all (for offering a button). */
export function canTransition(status: LessonStatus, event: LessonEvent): boolean {
	return TRANSITIONS[status][event] !== undefined;
}

/** The events offered from a state, in a stable order. */
export function availableEvents(status: LessonStatus): LessonEvent[] {
	return LESSON_EVENTS.filter((event) => canTransition(status, event));
}

/** Decides one step: the state it leads to, or why it is refused. */
export function transition(input: TransitionInput): TransitionResult {
	const to = TRANSITIONS[input.status][input.event];
	if (to === undefined) return { ok: false, error: 'invalid_transition' };
	const note = (input.note ?? '').trim();
	if (NEEDS_NOTE.has(input.event) && note === '') return { ok: false, error: 'note_required' };
	if (note.length > CURATION_NOTE_MAX) return { ok: false, error: 'note_too_long' };
	if (input.event === 'merge') {
		const survivor = input.survivor;
		if (!survivor) return { ok: false, error: 'survivor_missing' };
		if (survivor.id === input.id) return { ok: false, error: 'merge_into_self' };
		if (survivor.status === 'retired') return { ok: false, error: 'survivor_retired' };
		if (survivor.status === 'merged') return { ok: false, error: 'survivor_merged' };
		if (survivor.status === 'draft') return { ok: false, error: 'survivor_draft' };
	}
	return { ok: true, to };
}

/** In the library's eyes, whether a lesson is there for everyone to find and reuse. */
export function isFindable(status: LessonStatus): boolean {
	return status === 'published';
}

/**
 * When a published lesson is due for a re-check: its last verification (or publication) plus
 * the interval. Null for a lesson not published.
 */
export function recheckDue(
	lesson: { status: LessonStatus; verifiedAt: Date | null; publishedAt: Date | null; recheckIntervalDays: number }
): Date | null {
	if (lesson.status !== 'published') return null;
	const since = lesson.verifiedAt ?? lesson.publishedAt;
	if (!since) return null;
	return new Date(since.getTime() + lesson.recheckIntervalDays * 86_400_000);
}
