import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { COMMENT_BODY_MAX, commentsOf, messageKey, stateKey, type CommentAnchor } from '../../src/lib/comments/model';
import { addReply, createThread, deleteMessage, editMessage, setResolved } from '../../src/lib/comments/operations';
import { commentWriteProblem, type CommentExisting, type CommentWrite } from '../../src/lib/comments/policy';
import type { DocumentRole } from '../../src/lib/roles';
import { validateUpdate, type UpdateAuthor } from '../../server/sync/validate-update';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MENTOR = id(901);
const MENTOR2 = id(902);
const EDITOR = id(903);
const VIEWER = id(904);
const T1 = id(1); // MENTOR's anchored thread
const T2 = id(2); // EDITOR's document-level thread
const T3 = id(3); // MENTOR2's thread, its opening message kept as deleted
const T4 = id(4); // a thread nobody opened yet
const R1 = id(11); // EDITOR's reply in T1
const R2 = id(12); // MENTOR's reply in T2, removed
const R3 = id(13); // a reply nobody wrote yet
const anchor: CommentAnchor = { from: 'AQID', to: 'BAUG', quote: 'petugas loket' };
const at = (minute: number) => `2026-12-06T08:${String(minute).padStart(2, '0')}:00.000Z`;

describe('commentWriteProblem (pure)', () => {
	const live = (value: unknown): CommentExisting => ({ deleted: false, value });
	const base = (over: Partial<CommentWrite>): CommentWrite => ({
		role: 'commenter',
		userId: MENTOR,
		key: messageKey(T1, MENTOR, R3),
		nested: false,
		operation: 'insert',
		content: { kind: 'value', value: { body: 'Setuju', at: at(1) } },
		existing: null,
		isThreadAuthor: () => false,
		...over
	});
	const opening = { body: 'Mengapa?', at: at(0), anchor };
	const proto = JSON.parse(`{"__proto__": {"body": "lewat prototipe", "at": "${at(1)}"}}`) as unknown;

	const table: [string, Partial<CommentWrite>, string | null][] = [
		['a reply under the own key', {}, null],
		['a viewer', { role: 'viewer' }, 'may-not-comment'],
		['no key (list content in the map)', { key: null }, 'malformed-key'],
		['an old-layout key', { key: `${MENTOR}/m1` }, 'malformed-key'],
		['a nested struct', { nested: true }, 'not-a-plain-value'],
		['a shared type or string run', { content: { kind: 'other' } }, 'not-a-plain-value'],
		["another user's key", { key: messageKey(T1, EDITOR, R3) }, 'not-the-author'],
		["an editor under another user's key", { role: 'editor', userId: EDITOR, key: messageKey(T1, MENTOR, R3) }, 'not-the-author'],
		['a body over the limit', { content: { kind: 'value', value: { body: 'x'.repeat(COMMENT_BODY_MAX + 1), at: at(1) } } }, 'invalid-message'],
		['an unknown field', { content: { kind: 'value', value: { body: 'x', at: at(1), author: EDITOR } } }, 'invalid-message'],
		['fields through __proto__', { content: { kind: 'value', value: proto } }, 'invalid-message'],
		['a reply with an anchor', { content: { kind: 'value', value: { body: 'x', at: at(1), anchor } } }, 'anchor-on-reply'],
		['a reply kept as deleted', { content: { kind: 'value', value: { body: '', at: at(1), deleted: at(2) } } }, 'reply-kept-deleted'],
		['an opening message with its anchor', { key: messageKey(T4, MENTOR, T4), content: { kind: 'value', value: opening } }, null],
		['an edit keeping the anchor', { key: messageKey(T1, MENTOR, T1), existing: live(opening), content: { kind: 'value', value: { ...opening, body: 'Kenapa?', edited: at(3) } } }, null],
		['an edit moving the anchor', { key: messageKey(T1, MENTOR, T1), existing: live(opening), content: { kind: 'value', value: { ...opening, anchor: { ...anchor, from: 'AAAA' } } } }, 'anchor-changed'],
		['an edit dropping the anchor', { key: messageKey(T1, MENTOR, T1), existing: live(opening), content: { kind: 'value', value: { body: 'x', at: at(0) } } }, 'anchor-changed'],
		['a kept-deleted opening message', { key: messageKey(T1, MENTOR, T1), existing: live(opening), content: { kind: 'value', value: { body: '', at: at(0), deleted: at(4), anchor } } }, null],
		['a rewrite of a kept-deleted message', { key: messageKey(T1, MENTOR, T1), existing: live({ body: '', at: at(0), deleted: at(4), anchor }), content: { kind: 'value', value: opening } }, 'message-was-deleted'],
		['a write at a removed message', { existing: { deleted: true } }, 'message-was-deleted'],
		['a struct arriving deleted at a removed message', { existing: { deleted: true }, content: { kind: 'deleted' } }, null],
		['a delete of the own message', { operation: 'delete', content: undefined, existing: live({ body: 'x', at: at(1) }) }, null],
		["a delete of another's message", { operation: 'delete', content: undefined, key: messageKey(T1, EDITOR, R1) }, 'not-the-author'],
		["an editor deleting another's message", { role: 'editor', userId: EDITOR, operation: 'delete', content: undefined }, 'not-the-author'],
		['a state by the thread author', { key: stateKey(T1), isThreadAuthor: (t) => t === T1, content: { kind: 'value', value: { resolved: true, by: MENTOR, at: at(5) } } }, null],
		['a state by another commenter', { key: stateKey(T2), content: { kind: 'value', value: { resolved: true, by: MENTOR, at: at(5) } } }, 'may-not-resolve'],
		['a state by an editor', { role: 'editor', userId: EDITOR, key: stateKey(T1), content: { kind: 'value', value: { resolved: true, by: EDITOR, at: at(5) } } }, null],
		['a state naming someone else', { role: 'editor', userId: EDITOR, key: stateKey(T1), content: { kind: 'value', value: { resolved: true, by: MENTOR, at: at(5) } } }, 'state-by-another-user'],
		['a state with an extra field', { role: 'editor', userId: EDITOR, key: stateKey(T1), content: { kind: 'value', value: { resolved: true, by: EDITOR, at: at(5), x: 1 } } }, 'invalid-state'],
		['a state removed by the thread author', { key: stateKey(T1), operation: 'delete', content: undefined, isThreadAuthor: () => true }, null],
		['a state removed by another commenter', { key: stateKey(T1), operation: 'delete', content: undefined }, 'may-not-resolve']
	];
	for (const [name, over, problem] of table)
		it(`${problem ?? 'allows'}: ${name}`, () => {
			expect(commentWriteProblem(base(over))).toBe(problem);
		});
});

/**
 * The checker as the sync server runs it: real updates, made by the operations (or by hand where
 * no honest client would), validated against a room holding:
 * - T1: MENTOR's anchored thread with EDITOR's reply R1;
 * - T2: EDITOR's document-level thread, resolved by EDITOR, with MENTOR's reply R2 removed;
 * - T3: MENTOR2's thread whose opening message MENTOR2 deleted (kept, with its anchor).
 */
function room(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Antrean di loket 3')]);
	doc.getXmlFragment('default').insert(0, [p]);
	createThread(doc, { userId: MENTOR, at: at(0) }, { threadId: T1, body: 'Mengapa?', anchor });
	addReply(doc, { userId: EDITOR, at: at(1) }, { threadId: T1, messageId: R1, body: 'Petugas kurang' });
	createThread(doc, { userId: EDITOR, at: at(2) }, { threadId: T2, body: 'Catatan umum', anchor: null });
	addReply(doc, { userId: MENTOR, at: at(3) }, { threadId: T2, messageId: R2, body: 'Sudah dibaca' });
	deleteMessage(doc, { userId: MENTOR, at: at(4) }, { threadId: T2, messageId: R2 });
	setResolved(doc, { userId: EDITOR, at: at(5) }, { threadId: T2, resolved: true });
	createThread(doc, { userId: MENTOR2, at: at(6) }, { threadId: T3, body: 'Salah tempat', anchor });
	deleteMessage(doc, { userId: MENTOR2, at: at(7) }, { threadId: T3, messageId: T3 });
	return doc;
}

const ROLE: Record<string, DocumentRole> = { [MENTOR]: 'commenter', [MENTOR2]: 'commenter', [EDITOR]: 'editor', [VIEWER]: 'viewer' };
const author = (userId: string, ownClient: number | null = null): UpdateAuthor => ({ role: ROLE[userId], userId, ownClient, ownerOf: () => undefined });

/** The update a replica of `base` (client `clientId`) sends for `change`. */
function edit(base: Y.Doc, change: (doc: Y.Doc) => void, clientId = 2): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	change(doc);
	doc.destroy();
	return Y.mergeUpdates(updates);
}

const c = (d: Y.Doc) => commentsOf(d);
const by = (userId: string, minute = 30) => ({ userId, at: at(minute) });

describe('the comment checker on real updates', () => {
	// [who, what, change, expected]: true = accepted; 'denied' = the coarse gate; else the problem.
	const table: [string, string, (d: Y.Doc) => void, true | 'denied' | string][] = [
		[MENTOR, 'replies in a thread', (d) => addReply(d, by(MENTOR), { threadId: T1, messageId: R3, body: 'Setuju' }), true],
		[MENTOR, 'edits its own opening message (an overwrite that keeps the anchor)', (d) => editMessage(d, by(MENTOR), { threadId: T1, messageId: T1, body: 'Mengapa lama?' }), true],
		[MENTOR, 'deletes its own opening message (kept, with its anchor)', (d) => deleteMessage(d, by(MENTOR), { threadId: T1, messageId: T1 }), true],
		[MENTOR, 'removes its own opening message (a delete-only update)', (d) => c(d).delete(messageKey(T1, MENTOR, T1)), true],
		[EDITOR, 'deletes its own reply (a delete-only update)', (d) => deleteMessage(d, by(EDITOR), { threadId: T1, messageId: R1 }), true],
		[MENTOR, 'resolves its own thread', (d) => setResolved(d, by(MENTOR), { threadId: T1, resolved: true }), true],
		[MENTOR2, 'reopens its own thread whose opening message it deleted', (d) => setResolved(d, by(MENTOR2), { threadId: T3, resolved: false }), true],
		[EDITOR, "resolves a commenter's thread", (d) => setResolved(d, by(EDITOR), { threadId: T1, resolved: true }), true],
		[EDITOR, 'removes a thread state (a delete-only update)', (d) => c(d).delete(stateKey(T2)), true],
		[
			MENTOR,
			'opens a thread and resolves it in one update',
			(d) =>
				d.transact(() => {
					createThread(d, by(MENTOR), { threadId: T4, body: 'Sudah beres', anchor: null });
					setResolved(d, by(MENTOR), { threadId: T4, resolved: true });
				}),
			true
		],
		[MENTOR, "replies under the editor's id", (d) => addReply(d, by(EDITOR), { threadId: T1, messageId: R3, body: 'palsu' }), 'not-the-author'],
		[MENTOR, "edits the editor's reply", (d) => editMessage(d, by(EDITOR), { threadId: T1, messageId: R1, body: 'diubah' }), 'not-the-author'],
		[MENTOR, "deletes the editor's reply (a delete-only update)", (d) => c(d).delete(messageKey(T1, EDITOR, R1)), 'not-the-author'],
		[EDITOR, "edits the mentor's opening message", (d) => editMessage(d, by(MENTOR), { threadId: T1, messageId: T1, body: 'diubah editor' }), 'not-the-author'],
		[EDITOR, "deletes the mentor's opening message", (d) => c(d).delete(messageKey(T1, MENTOR, T1)), 'not-the-author'],
		[MENTOR, "resolves the editor's thread", (d) => setResolved(d, by(MENTOR), { threadId: T2, resolved: false }), 'may-not-resolve'],
		[MENTOR, "removes the editor's thread state", (d) => c(d).delete(stateKey(T2)), 'may-not-resolve'],
		[MENTOR, "resolves its own thread naming the editor as resolver", (d) => c(d).set(stateKey(T1), { resolved: true, by: EDITOR, at: at(30) }), 'state-by-another-user'],
		[
			MENTOR,
			"opens a thread under the editor's id and resolves it",
			(d) => d.transact(() => {
				createThread(d, by(EDITOR), { threadId: T4, body: 'palsu', anchor: null });
				setResolved(d, by(MENTOR), { threadId: T4, resolved: true });
			}),
			'not-the-author'
		],
		[MENTOR, 'moves the anchor of its opening message', (d) => c(d).set(messageKey(T1, MENTOR, T1), { body: 'Mengapa?', at: at(0), anchor: { ...anchor, quote: 'lain' } }), 'anchor-changed'],
		[MENTOR, 'writes its removed reply again', (d) => c(d).set(messageKey(T2, MENTOR, R2), { body: 'kembali', at: at(3) }), 'message-was-deleted'],
		[MENTOR2, 'restores its deleted opening message', (d) => c(d).set(messageKey(T3, MENTOR2, T3), { body: 'Salah tempat', at: at(6), anchor }), 'message-was-deleted'],
		[MENTOR, 'replies with an anchor', (d) => c(d).set(messageKey(T1, MENTOR, R3), { body: 'x', at: at(30), anchor }), 'anchor-on-reply'],
		// Written raw, as a hostile client would: operations.ts refuses to write either.
		[MENTOR, 'writes a 1 MB body', (d) => c(d).set(messageKey(T1, MENTOR, R3), { body: 'x'.repeat(1 << 20), at: at(30) }), 'invalid-message'],
		[MENTOR, 'writes a body with a bidirectional override', (d) => c(d).set(messageKey(T1, MENTOR, R3), { body: 'a\u202eb', at: at(30) }), 'invalid-message'],
		// Yjs's decoder assigns keys one by one: an own `__proto__` key arrives as the prototype,
		// whose fields read through (and vanish when the value is encoded again).
		[MENTOR, 'hides a body behind __proto__', (d) => c(d).set(messageKey(T1, MENTOR, R3), JSON.parse(`{"__proto__": {"body": "lewat prototipe", "at": "${at(30)}"}}`)), 'invalid-message'],
		[MENTOR, 'nests a Y.Map under its own key', (d) => c(d).set(messageKey(T1, MENTOR, R3), new Y.Map()), 'not-a-plain-value'],
		[
			MENTOR,
			'adds to a nested type of its own',
			(d) => {
				const text = new Y.Text();
				c(d).set(messageKey(T1, MENTOR, R3), text);
				text.insert(0, 'isi');
			},
			'not-a-plain-value'
		],
		[MENTOR, 'writes an old-layout key', (d) => c(d).set(`${MENTOR}/m1`, { body: 'x', at: at(30) }), 'malformed-key'],
		[MENTOR, 'writes a body and a comment in one update', (d) => {
			addReply(d, by(MENTOR), { threadId: T1, messageId: R3, body: 'ok' });
			((d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x');
		}, 'denied'],
		[VIEWER, 'replies', (d) => addReply(d, by(VIEWER), { threadId: T1, messageId: R3, body: 'x' }), 'denied']
	];
	for (const [who, what, change, expected] of table) {
		const name = who === MENTOR ? 'the mentor' : who === MENTOR2 ? 'the other mentor' : who === EDITOR ? 'the editor' : 'a viewer';
		it(`${expected === true ? 'accepts' : `refuses (${expected})`}: ${name} ${what}`, () => {
			const doc = room();
			const verdict = validateUpdate(doc, edit(doc, change), author(who));
			if (expected === true) {
				expect(verdict).toMatchObject({ ok: true });
				// ... and Yjs applies it as checked.
				Y.applyUpdate(doc, edit(doc, change));
			} else if (expected === 'denied') expect(verdict).toMatchObject({ ok: false, reason: 'denied' });
			else expect(verdict).toMatchObject({ ok: false, reason: 'comment', problem: expected });
		});
	}

	it('a real edit replayed after the message was removed is refused; a replay of what the room has changes nothing', () => {
		const doc = room();
		const reply = edit(doc, (d) => addReply(d, by(MENTOR), { threadId: T1, messageId: R3, body: 'Satu' }), 5);
		Y.applyUpdate(doc, reply);
		const edited = edit(doc, (d) => editMessage(d, by(MENTOR, 31), { threadId: T1, messageId: R3, body: 'Dua' }), 6);
		const removal = edit(doc, (d) => deleteMessage(d, by(MENTOR), { threadId: T1, messageId: R3 }), 7);
		Y.applyUpdate(doc, removal);
		expect(validateUpdate(doc, reply, author(MENTOR))).toEqual({ ok: true, clients: [] });
		expect(validateUpdate(doc, removal, author(MENTOR))).toEqual({ ok: true, clients: [] });
		expect(validateUpdate(doc, edited, author(MENTOR))).toMatchObject({ ok: false, reason: 'comment', problem: 'message-was-deleted' });
	});

	it('makes an edit wait for the message it rewrites, then checks it against that message', () => {
		const doc = room();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		const created = edit(replica, (d) => createThread(d, by(MENTOR), { threadId: T4, body: 'Awal', anchor }), 5);
		Y.applyUpdate(replica, created);
		const edited = edit(replica, (d) => editMessage(d, by(MENTOR, 31), { threadId: T4, messageId: T4, body: 'Sesudah' }), 6);
		const moved = edit(replica, (d) => c(d).set(messageKey(T4, MENTOR, T4), { body: 'Sesudah', at: at(30), anchor: { ...anchor, to: 'CCCC' } }), 6);
		expect(validateUpdate(doc, edited, author(MENTOR))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 5 } });
		// Even one that breaks a rule waits: the rules read the room at the key, which the wait may change.
		expect(validateUpdate(doc, moved, author(MENTOR))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 5 } });
		Y.applyUpdate(doc, created);
		expect(validateUpdate(doc, edited, author(MENTOR))).toMatchObject({ ok: true });
		expect(validateUpdate(doc, moved, author(MENTOR))).toMatchObject({ ok: false, reason: 'comment', problem: 'anchor-changed' });
	});

	it('makes a delete-only update wait for a message the room has not got, then lets only its author make it', () => {
		const doc = room();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		const created = edit(replica, (d) => addReply(d, by(EDITOR), { threadId: T1, messageId: R3, body: 'Nanti dihapus' }), 5);
		Y.applyUpdate(replica, created);
		const removal = edit(replica, (d) => deleteMessage(d, by(EDITOR), { threadId: T1, messageId: R3 }), 6);
		expect(Y.decodeUpdate(removal).structs).toHaveLength(0);
		for (const who of [EDITOR, MENTOR]) expect(validateUpdate(doc, removal, author(who))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 5 } });
		Y.applyUpdate(doc, created);
		expect(validateUpdate(doc, removal, author(EDITOR))).toMatchObject({ ok: true });
		expect(validateUpdate(doc, removal, author(MENTOR))).toMatchObject({ ok: false, reason: 'comment', problem: 'not-the-author' });
	});

	it("makes a thread author's resolve that overtook its opening message wait on the own client's gap, then accepts it", () => {
		const doc = room();
		// One client: the opening message (clock n) is lost in flight and the resolve (clock n+1) arrives first.
		const client = new Y.Doc();
		client.clientID = 8;
		Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		createThread(client, by(MENTOR), { threadId: T4, body: 'Beres', anchor: null });
		setResolved(client, by(MENTOR), { threadId: T4, resolved: true });
		const [opened, resolved] = updates;
		expect(validateUpdate(doc, resolved, author(MENTOR, 8))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 8, clock: 1 } });
		// Another commenter's resolve with the same gap would be refused once it no longer waits.
		Y.applyUpdate(doc, opened);
		expect(validateUpdate(doc, resolved, author(MENTOR, 8))).toMatchObject({ ok: true });
		const other = edit(doc, (d) => setResolved(d, by(MENTOR2), { threadId: T4, resolved: false }), 9);
		expect(validateUpdate(doc, other, author(MENTOR2, 9))).toMatchObject({ ok: false, reason: 'comment', problem: 'may-not-resolve' });
	});

	it("leaves out of an editor's sync step 2 a commenter's entries it relays, and keeps the editor's own resolve of that thread", () => {
		const doc = room();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		// After a crash: the mentor's new thread (client 5) and the editor's resolve of it (client 6).
		Y.applyUpdate(replica, edit(replica, (d) => createThread(d, by(MENTOR), { threadId: T4, body: 'Hilang', anchor: null }), 5));
		Y.applyUpdate(replica, edit(replica, (d) => setResolved(d, by(EDITOR), { threadId: T4, resolved: true }), 6));
		const step2 = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc));
		const verdict = validateUpdate(doc, step2, author(EDITOR, 6), { relayed: 'drop' });
		if (!verdict.ok || !verdict.update) throw new Error('expected a kept update');
		Y.applyUpdate(doc, verdict.update);
		expect(c(doc).has(messageKey(T4, MENTOR, T4))).toBe(false);
		expect(c(doc).get(stateKey(T4))).toMatchObject({ resolved: true, by: EDITOR });
		// The same step 2 from the mentor keeps its thread; the editor's state it relays is left out.
		const fresh = room();
		const mentors = validateUpdate(fresh, step2, author(MENTOR, 5), { relayed: 'drop' });
		if (!mentors.ok || !mentors.update) throw new Error('expected a kept update');
		Y.applyUpdate(fresh, mentors.update);
		expect(c(fresh).get(messageKey(T4, MENTOR, T4))).toMatchObject({ body: 'Hilang' });
		expect(c(fresh).has(stateKey(T4))).toBe(false);
	});

	it('refuses a map entry forged as list content of the comments root', () => {
		const doc = room();
		// A string item whose parent is the root `comments` with no key.
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoder.writeClient(9);
		encoding.writeVarUint(encoder.restEncoder, 0);
		encoder.writeInfo(8); // ContentAny, no origins, no parentSub
		encoder.writeParentInfo(true);
		encoder.writeString('comments');
		encoder.writeLen(1);
		encoder.writeAny({ body: 'x', at: at(30) });
		encoding.writeVarUint(encoder.restEncoder, 0);
		expect(validateUpdate(doc, encoder.toUint8Array(), author(MENTOR, 9))).toMatchObject({ ok: false, reason: 'comment', problem: 'malformed-key' });
	});
});
