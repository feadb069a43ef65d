import { describe, expect, it } from 'vitest';
import { groupReusesByDocument } from '../../src/lib/lessons/reuse-groups';

const at = (day: number) => new Date(Date.UTC(2026, 10, day));

describe('reuses grouped by document (lesson page)', () => {
	it('one line per document with its count and first reuse, newest document first', () => {
		const rows = [
			{ id: 'r3', documentId: 'sop', createdAt: at(20) },
			{ id: 'r2', documentId: 'retro', createdAt: at(10) },
			{ id: 'r1', documentId: 'sop', createdAt: at(5) }
		];
		const groups = groupReusesByDocument(rows);
		expect(groups.map((g) => [g.first.id, g.count])).toEqual([
			['r1', 2],
			['r2', 1]
		]);
		// The counts add up to the reuses: the page's "N×" and the search's reuse count agree.
		expect(groups.reduce((n, g) => n + g.count, 0)).toBe(rows.length);
	});

	it('nothing in, nothing out', () => {
		expect(groupReusesByDocument([])).toEqual([]);
	});
});
