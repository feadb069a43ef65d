import { describe, expect, it } from 'vitest';
import {
	CURATION_ACTION_OF,
	CURATION_ACTIONS,
	LESSON_EVENTS,
	LESSON_STATUSES,
	availableEvents,
	canTransition,
	recheckDue,
	transition,
	type LessonEvent,
	type LessonStatus
} from '../../src/lib/lessons/lifecycle';

const ME = 'lesson-a';
const SURVIVOR = { id: 'lesson-b', status: 'published' as const };

/** Every step that exists, as [from, event, to]; every other (from, event) pair is refused. */
const STEPS: [LessonStatus, LessonEvent, LessonStatus][] = [
	['draft', 'propose', 'proposed'],
	['proposed', 'sendBack', 'draft'],
	['proposed', 'publish', 'published'],
	['proposed', 'retire', 'retired'],
	['proposed', 'merge', 'merged'],
	['published', 'retire', 'retired'],
	['published', 'merge', 'merged'],
	['retired', 'republish', 'published']
];

describe('lesson lifecycle', () => {
	it('allows exactly the listed steps, from every state', () => {
		for (const from of LESSON_STATUSES) {
			for (const event of LESSON_EVENTS) {
				const step = STEPS.find(([f, e]) => f === from && e === event);
				const result = transition({ id: ME, status: from, event, note: 'alasan', survivor: SURVIVOR });
				if (step) expect(result, `${from} ${event}`).toEqual({ ok: true, to: step[2] });
				else expect(result, `${from} ${event}`).toEqual({ ok: false, error: 'invalid_transition' });
				expect(canTransition(from, event)).toBe(step !== undefined);
			}
		}
	});

	it('offers the events of each state in a stable order; a merged lesson has none', () => {
		expect(availableEvents('draft')).toEqual(['propose']);
		expect(availableEvents('proposed')).toEqual(['sendBack', 'publish', 'retire', 'merge']);
		expect(availableEvents('published')).toEqual(['retire', 'merge']);
		expect(availableEvents('retired')).toEqual(['republish']);
		expect(availableEvents('merged')).toEqual([]);
	});

	it('sending back and retiring need a note that says something, and not an essay', () => {
		for (const [status, event] of [
			['proposed', 'sendBack'],
			['proposed', 'retire'],
			['published', 'retire']
		] as const) {
			expect(transition({ id: ME, status, event })).toEqual({ ok: false, error: 'note_required' });
			expect(transition({ id: ME, status, event, note: '  \n\t ' })).toEqual({ ok: false, error: 'note_required' });
			expect(transition({ id: ME, status, event, note: 'x'.repeat(2001) })).toEqual({ ok: false, error: 'note_too_long' });
			expect(transition({ id: ME, status, event, note: 'Sudah tidak berlaku' }).ok).toBe(true);
		}
		// Publishing needs none.
		expect(transition({ id: ME, status: 'proposed', event: 'publish' })).toEqual({ ok: true, to: 'published' });
	});

	it('merges only into another lesson that is live in the library', () => {
		const merge = (survivor: { id: string; status: LessonStatus } | null | undefined) =>
			transition({ id: ME, status: 'published', event: 'merge', survivor });
		expect(merge({ id: ME, status: 'published' })).toEqual({ ok: false, error: 'merge_into_self' });
		expect(merge({ id: 'b', status: 'retired' })).toEqual({ ok: false, error: 'survivor_retired' });
		expect(merge({ id: 'b', status: 'merged' })).toEqual({ ok: false, error: 'survivor_merged' });
		expect(merge({ id: 'b', status: 'draft' })).toEqual({ ok: false, error: 'survivor_draft' });
		expect(merge(null)).toEqual({ ok: false, error: 'survivor_missing' });
		expect(merge(undefined)).toEqual({ ok: false, error: 'survivor_missing' });
		expect(merge({ id: 'b', status: 'published' })).toEqual({ ok: true, to: 'merged' });
		expect(merge({ id: 'b', status: 'proposed' })).toEqual({ ok: true, to: 'merged' });
		// The state is checked first: a merged lesson cannot be merged again, whatever the survivor.
		expect(transition({ id: ME, status: 'merged', event: 'merge', survivor: SURVIVOR })).toEqual({
			ok: false,
			error: 'invalid_transition'
		});
	});

	it('records every step under a stored action name the database accepts', () => {
		for (const event of LESSON_EVENTS) expect(CURATION_ACTIONS).toContain(CURATION_ACTION_OF[event]);
	});

	it('is due for a re-check its interval after the last verification, or after publication', () => {
		const publishedAt = new Date('2026-01-01T00:00:00Z');
		const verifiedAt = new Date('2026-03-01T00:00:00Z');
		const base = { status: 'published' as const, publishedAt, verifiedAt: null, recheckIntervalDays: 180 };
		expect(recheckDue(base)).toEqual(new Date('2026-06-30T00:00:00Z'));
		expect(recheckDue({ ...base, verifiedAt, recheckIntervalDays: 30 })).toEqual(new Date('2026-03-31T00:00:00Z'));
		expect(recheckDue({ ...base, status: 'retired' })).toBeNull();
		expect(recheckDue({ ...base, publishedAt: null })).toBeNull();
	});
});
