import { describe, expect, it } from 'vitest';
import { LogBatcher } from '../../server/sync/log-batcher';

type Row = { documentId: string; data: Uint8Array };
const bytes = (n: number) => new Uint8Array([n]);

describe('LogBatcher (one log writer for all rooms)', () => {
	it('writes the rows of many rooms in one statement and resolves each only after it committed', async () => {
		const writes: Row[][] = [];
		let commit!: () => void;
		const batcher = new LogBatcher(
			(rows) =>
				new Promise<void>((resolve) => {
					writes.push([...rows]);
					commit = resolve;
				}),
			1
		);
		const resolved: string[] = [];
		const a = batcher.append('a', [bytes(1)]).then(() => resolved.push('a'));
		const b = batcher.append('b', [bytes(2), bytes(3)]).then(() => resolved.push('b'));
		await new Promise((r) => setTimeout(r, 20));
		expect(writes).toHaveLength(1);
		expect(writes[0].map((r) => [r.documentId, r.data[0]])).toEqual([
			['a', 1],
			['b', 2],
			['b', 3]
		]);
		// Not committed yet: nobody may count as saved.
		expect(resolved).toEqual([]);
		// An append during the write joins the next statement, right after this one commits.
		const c = batcher.append('c', [bytes(4)]).then(() => resolved.push('c'));
		commit();
		await Promise.all([a, b]);
		expect(resolved.sort()).toEqual(['a', 'b']);
		await new Promise((r) => setTimeout(r, 5));
		expect(writes).toHaveLength(2);
		expect(writes[1].map((r) => r.documentId)).toEqual(['c']);
		commit();
		await c;
		expect(resolved).toContain('c');
	});

	it('isolates a room whose rows cannot be written: the others still commit, it gets the error', async () => {
		const committed: Row[] = [];
		const batcher = new LogBatcher(async (rows) => {
			if (rows.some((r) => r.documentId === 'gone')) throw new Error('foreign key violation');
			committed.push(...rows);
		}, 1);
		const results = await Promise.allSettled([
			batcher.append('a', [bytes(1)]),
			batcher.append('gone', [bytes(2)]),
			batcher.append('b', [bytes(3)])
		]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(committed.map((r) => r.documentId).sort()).toEqual(['a', 'b']);
	});

	it('rejects every room while the database is down, and writes everything once it is back', async () => {
		let down = true;
		const committed: Row[] = [];
		const batcher = new LogBatcher(async (rows) => {
			if (down) throw new Error('connection refused');
			committed.push(...rows);
		}, 1);
		const first = await Promise.allSettled([batcher.append('a', [bytes(1)]), batcher.append('b', [bytes(2)])]);
		expect(first.every((r) => r.status === 'rejected')).toBe(true);
		expect(committed).toEqual([]);
		down = false;
		await Promise.all([batcher.append('a', [bytes(1)]), batcher.append('b', [bytes(2)])]);
		expect(committed).toHaveLength(2);
	});

	it('starts statements at least its interval apart and gathers what arrives in between', async () => {
		const starts: number[] = [];
		const writes: string[][] = [];
		const batcher = new LogBatcher(async (rows) => {
			starts.push(performance.now());
			writes.push(rows.map((r) => r.documentId));
		}, 60);
		// The first append after a quiet spell does not wait for the interval.
		const t0 = performance.now();
		await batcher.append('a', [bytes(1)]);
		expect(performance.now() - t0).toBeLessThan(50);
		const later = [batcher.append('b', [bytes(2)])];
		await new Promise((r) => setTimeout(r, 20));
		later.push(batcher.append('c', [bytes(3)]));
		await Promise.all(later);
		expect(writes).toEqual([['a'], ['b', 'c']]);
		// Node timers fire on whole milliseconds: allow a little early.
		expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(55);
	});
});
