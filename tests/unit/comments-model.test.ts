import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	COMMENT_BODY_MAX,
	commentsOf,
	messageKey,
	parseCommentKey,
	readMessageValue,
	readThreads,
	readThreadState,
	stateKey
} from '../../src/lib/comments/model';
import { addReply, createThread, deleteMessage, editMessage, setResolved } from '../../src/lib/comments/operations';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const T1 = '33333333-3333-4333-8333-333333333333';
const T2 = '44444444-4444-4444-8444-444444444444';
const R1 = '55555555-5555-4555-8555-555555555555';
const anchor = { from: 'AQID', to: 'BAUG', quote: 'petugas loket' };

describe('comment keys', () => {
	it('parses message and state keys and refuses everything else', () => {
		expect(parseCommentKey(messageKey(T1, A, R1))).toEqual({ kind: 'message', threadId: T1, authorId: A, messageId: R1 });
		expect(parseCommentKey(stateKey(T1))).toEqual({ kind: 'state', threadId: T1 });
		for (const bad of ['', 'm/', `m/${T1}/${A}`, `m/${T1}/${A}/${R1}/x`, `m/${T1}/${'aaaaaaaa-1111-4111-8111-111111111111'.toUpperCase()}/${R1}`, `s/${T1}/x`, `x/${T1}`, `${A}/${R1}`, 's/bukan-uuid'])
			expect(parseCommentKey(bad), bad).toBeNull();
	});
});

describe('comment values', () => {
	it('accepts a message within the contract and refuses fields, sizes and characters outside it', () => {
		expect(readMessageValue({ body: 'Mengapa?', at: '2026-12-06T08:00:00.000Z', anchor, mentions: [B] })).toEqual({
			body: 'Mengapa?',
			at: '2026-12-06T08:00:00.000Z',
			anchor,
			mentions: [B]
		});
		const at = '2026-12-06T08:00:00Z';
		for (const bad of [
			{ body: 'x', at, author: A },
			{ body: 'x'.repeat(COMMENT_BODY_MAX + 1), at },
			{ body: '   ', at },
			{ body: 'x', at: 'kemarin' },
			{ body: 'a\u202eb', at },
			{ body: 'x', at, mentions: [B, B] },
			{ body: 'x', at, mentions: ['bukan-uuid'] },
			{ body: 'x', at, anchor: { from: '<script>', to: 'AQID', quote: '' } },
			{ body: 'x', at, deleted: at },
			'teks',
			null
		])
			expect(readMessageValue(bad), JSON.stringify(bad)).toBeNull();
		expect(readMessageValue({ body: 'x'.repeat(COMMENT_BODY_MAX), at })).not.toBeNull();
		expect(readMessageValue({ body: '', at, deleted: at, anchor })).toEqual({ body: '', at, deleted: at, anchor });
	});

	it('reads a thread state only with a boolean, a user id and a time', () => {
		expect(readThreadState({ resolved: true, by: A, at: '2026-12-06T08:00:00Z' })).not.toBeNull();
		expect(readThreadState({ resolved: 'ya', by: A, at: '2026-12-06T08:00:00Z' })).toBeNull();
		expect(readThreadState({ resolved: true, by: A, at: '2026-12-06T08:00:00Z', extra: 1 })).toBeNull();
	});
});

describe('threads through the operations', () => {
	it('groups messages per thread, opening message first, open threads before resolved', () => {
		const doc = new Y.Doc();
		createThread(doc, { userId: A, at: '2026-12-06T08:00:00.000Z' }, { threadId: T1, body: 'Mengapa?', anchor });
		createThread(doc, { userId: B, at: '2026-12-06T08:01:00.000Z' }, { threadId: T2, body: 'Catatan umum', anchor: null });
		addReply(doc, { userId: B, at: '2026-12-06T08:02:00.000Z' }, { threadId: T1, messageId: R1, body: 'Karena antrean', mentions: [A] });
		setResolved(doc, { userId: B, at: '2026-12-06T08:03:00.000Z' }, { threadId: T2, resolved: true });

		const threads = readThreads(commentsOf(doc));
		expect(threads.map((t) => t.id)).toEqual([T1, T2]);
		expect(threads[0]).toMatchObject({ authorId: A, anchor, resolved: null, lastActivity: '2026-12-06T08:02:00.000Z' });
		expect(threads[0].messages.map((m) => [m.authorId, m.body, m.mentions])).toEqual([
			[A, 'Mengapa?', []],
			[B, 'Karena antrean', [A]]
		]);
		expect(threads[1]).toMatchObject({ anchor: null, resolved: { resolved: true, by: B } });

		setResolved(doc, { userId: A, at: '2026-12-06T08:04:00.000Z' }, { threadId: T2, resolved: false });
		expect(readThreads(commentsOf(doc))[1].resolved).toBeNull();
	});

	it('edits keep the anchor and creation time; deleting an opening message keeps the thread and its anchor', () => {
		const doc = new Y.Doc();
		createThread(doc, { userId: A, at: '2026-12-06T08:00:00.000Z' }, { threadId: T1, body: 'Mengapa?', anchor });
		addReply(doc, { userId: B, at: '2026-12-06T08:02:00.000Z' }, { threadId: T1, messageId: R1, body: 'Karena' });
		expect(editMessage(doc, { userId: A, at: '2026-12-06T08:05:00.000Z' }, { threadId: T1, messageId: T1, body: 'Mengapa lama?' })).toBe(true);
		// Not A's message: nothing written.
		expect(editMessage(doc, { userId: A, at: '2026-12-06T08:05:00.000Z' }, { threadId: T1, messageId: R1, body: 'palsu' })).toBe(false);
		let [thread] = readThreads(commentsOf(doc));
		expect(thread.messages[0]).toMatchObject({ body: 'Mengapa lama?', at: '2026-12-06T08:00:00.000Z', edited: '2026-12-06T08:05:00.000Z' });
		expect(thread.anchor).toEqual(anchor);

		expect(deleteMessage(doc, { userId: A, at: '2026-12-06T08:06:00.000Z' }, { threadId: T1, messageId: T1 })).toBe(true);
		[thread] = readThreads(commentsOf(doc));
		expect(thread.anchor).toEqual(anchor);
		expect(thread.messages.map((m) => [m.deleted, m.body])).toEqual([
			[true, ''],
			[false, 'Karena']
		]);
		expect(deleteMessage(doc, { userId: B, at: '2026-12-06T08:07:00.000Z' }, { threadId: T1, messageId: R1 })).toBe(true);
		expect(commentsOf(doc).has(messageKey(T1, B, R1))).toBe(false);
	});
});

describe('operations refuse what the server would refuse', () => {
	it('cleans pasted control and bidi characters, and writes nothing for an empty or malformed message', () => {
		const doc = new Y.Doc();
		const actor = { userId: A, at: '2026-12-06T08:00:00.000Z' };
		expect(createThread(doc, actor, { threadId: T1, body: 'baris\r\nkedua\u202e\u000b', anchor: null })).toBe(true);
		expect(readThreads(commentsOf(doc))[0].messages[0].body).toBe('baris\nkedua');
		expect(addReply(doc, actor, { threadId: T1, messageId: R1, body: '  \u0007 ' })).toBe(false);
		expect(addReply(doc, { userId: A, at: '2026-12-06T08:60:00Z' }, { threadId: T1, messageId: R1, body: 'jam salah' })).toBe(false);
		expect(addReply(doc, actor, { threadId: T1, messageId: R1, body: 'x'.repeat(COMMENT_BODY_MAX + 1) })).toBe(false);
		expect(commentsOf(doc).size).toBe(1);
	});
});
