import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Projector } from '../../server/sync/projector';
import type { SyncStore } from '../../server/sync/store';
import { createThread, setResolved } from '../../src/lib/comments/operations';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store whose projection writes the test resolves by hand, and a stale marker that counts. */
function harness(options: { markFails?: number } = {}) {
	const log: string[] = [];
	const rowsUnchanged: boolean[] = [];
	const commentsUnchanged: boolean[] = [];
	const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
	const store: SyncStore = {
		load: () => Promise.reject(new Error('unused')),
		append: () => Promise.resolve(),
		compact: () => Promise.resolve(0),
		checkAccess: () => Promise.resolve(new Map()),
		project: (_documentId, _orgId, _projection, options) => {
			log.push('project');
			rowsUnchanged.push(options?.rowsUnchanged ?? false);
			commentsUnchanged.push(options?.commentsUnchanged ?? false);
			return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
		}
	};
	const errors: unknown[] = [];
	let markFails = options.markFails ?? 0;
	const doc = new Y.Doc();
	const projector = new Projector('doc', 'org', doc, store, 5, 50, (error) => errors.push(error), () => log.push('projected'));
	projector.markStaleWith(
		async () => {
			await tick(1);
			if (markFails > 0) {
				markFails -= 1;
				log.push('mark failed');
				throw new Error('mark refused');
			}
			log.push('mark');
		},
		(error) => errors.push(error)
	);
	const type = () => {
		doc.getText('t').insert(0, 'x');
		projector.touch();
	};
	return { log, pending, errors, projector, type, doc, rowsUnchanged, commentsUnchanged };
}

describe('Projector stale marks', () => {
	const stops: (() => void)[] = [];
	afterEach(() => {
		for (const stop of stops.splice(0)) stop();
	});

	it('marks once per projection cycle, not per keystroke, and before the projection is written', async () => {
		const h = harness();
		stops.push(() => h.projector.stop());
		for (let i = 0; i < 50; i++) h.type();
		await expect.poll(() => h.log).toEqual(['mark', 'project']);
		h.pending[0].resolve();
		await expect.poll(() => h.log).toEqual(['mark', 'project', 'projected']);
		// A new cycle: one more mark.
		for (let i = 0; i < 10; i++) h.type();
		await expect.poll(() => h.log).toEqual(['mark', 'project', 'projected', 'mark', 'project']);
		h.pending[1].resolve();
		await expect.poll(() => h.log.at(-1)).toBe('projected');
	});

	it('marks again after a projection during which the document changed, then projects the change', async () => {
		const h = harness();
		stops.push(() => h.projector.stop());
		h.type();
		await expect.poll(() => h.log).toEqual(['mark', 'project']);
		h.type();
		await tick(80);
		// The running write is not joined by a second one.
		expect(h.log).toEqual(['mark', 'project']);
		h.pending[0].resolve();
		await expect.poll(() => h.log).toEqual(['mark', 'project', 'projected', 'mark', 'project']);
		h.pending[1].resolve();
		await expect.poll(() => h.log.at(-1)).toBe('projected');
	});

	it('retries a failed mark without throwing into the room, and keeps projecting', async () => {
		const h = harness({ markFails: 1 });
		stops.push(() => h.projector.stop());
		expect(() => h.type()).not.toThrow();
		await expect.poll(() => h.log).toEqual(['mark failed', 'project']);
		expect(h.errors).toHaveLength(1);
		// The projection fails too: the mark is what is left, so it is retried.
		h.pending[0].reject(new Error('projection refused'));
		await expect.poll(() => h.log.includes('mark'), { timeout: 3000 }).toBe(true);
		expect(h.log.slice(0, 3)).toEqual(['mark failed', 'project', 'mark']);
	});

	it('writes every row the first time, after a lesson changed and after a failure; otherwise only counts', async () => {
		const h = harness();
		stops.push(() => h.projector.stop());
		const cycle = async (index: number, outcome: 'resolve' | 'reject' = 'resolve') => {
			await expect.poll(() => h.pending.length).toBe(index + 1);
			if (outcome === 'resolve') h.pending[index].resolve();
			else h.pending[index].reject(new Error('refused'));
			await tick(1);
		};
		h.type();
		await cycle(0);
		h.type();
		await cycle(1);
		const lesson = new Y.XmlElement('lesson');
		lesson.setAttribute('id', '6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f');
		h.doc.getXmlFragment('default').insert(0, [lesson]);
		h.projector.touch();
		await cycle(2, 'reject');
		await cycle(3);
		h.type();
		await cycle(4);
		expect(h.rowsUnchanged).toEqual([false, true, false, false, true]);
	});

	it('writes the comment rows the first time, after a comment changed and after a failure; otherwise skips them', async () => {
		const h = harness();
		stops.push(() => h.projector.stop());
		const cycle = async (index: number, outcome: 'resolve' | 'reject' = 'resolve') => {
			await expect.poll(() => h.pending.length).toBe(index + 1);
			if (outcome === 'resolve') h.pending[index].resolve();
			else h.pending[index].reject(new Error('refused'));
			await tick(1);
		};
		const thread = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
		const author = '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e';
		h.type();
		await cycle(0);
		h.type();
		await cycle(1);
		createThread(h.doc, { userId: author, at: '2026-12-06T08:00:00.000Z' }, { threadId: thread, body: 'Mengapa?', anchor: null });
		h.projector.touch();
		await cycle(2, 'reject');
		await cycle(3);
		h.type();
		await cycle(4);
		setResolved(h.doc, { userId: author, at: '2026-12-06T08:01:00.000Z' }, { threadId: thread, resolved: true });
		h.projector.touch();
		await cycle(5);
		expect(h.commentsUnchanged).toEqual([false, true, false, false, true, false]);
		// Comments never make the lesson rows count as changed.
		expect(h.rowsUnchanged).toEqual([false, true, true, false, true, true]);
	});
});
