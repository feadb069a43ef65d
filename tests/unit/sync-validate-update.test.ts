import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { messageKey } from '../../src/lib/comments/model';
import { editMessage } from '../../src/lib/comments/operations';
import type { DocumentRole } from '../../src/lib/roles';
import { MAX_CLOCK, validateUpdate, type UpdateAuthor } from '../../server/sync/validate-update';

const MENTOR = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';
const EDITOR = '5a3e2b10-7c4d-4e8f-a1b2-c3d4e5f6a7b8';
const OTHER = '9c8b7a60-5f4e-4d3c-b2a1-0f1e2d3c4b5a';
/** Thread and message ids (lower-case UUIDs, as the comment keys require). */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T1 = id(1);
const OPENING = messageKey(T1, MENTOR, T1);
const AT = '2026-01-01T08:00:00.000Z';

/** A room document with a body paragraph and MENTOR's thread T1 (its anchored opening message), built by client 1. */
function room(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Isi dokumen')]);
	doc.getXmlFragment('default').insert(0, [p]);
	doc.getMap('comments').set(OPENING, { body: 'Mengapa?', at: AT, anchor: { from: 'AQID', to: 'BAUG', quote: 'Isi' } });
	return doc;
}

function as(role: DocumentRole, userId = role === 'commenter' ? MENTOR : EDITOR, ownClient: number | null = null, owners: Record<number, string> = {}): UpdateAuthor {
	return { role, userId, ownClient, ownerOf: (client) => owners[client] };
}

/** The update a client (a replica of `base`) produces for `change`. */
function edit(base: Y.Doc, change: (doc: Y.Doc) => void, clientId = 2): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	change(doc);
	return Y.mergeUpdates(updates);
}

const bodyText = (d: Y.Doc) => (d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
const comments = (d: Y.Doc) => d.getMap<unknown>('comments');
const reply = (body: string) => ({ body, at: '2026-01-02T08:00:00.000Z' });
/** A reply of `author` in T1. */
const replyKey = (author: string, n: number) => messageKey(T1, author, id(n));

/** An update of only a delete set (no structs): `ranges` per client. */
function deletesOnly(ranges: [client: number, clock: number, len: number][]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, ranges.length);
	for (const [client, clock, len] of ranges) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarUint(encoder, len);
	}
	return encoding.toUint8Array(encoder);
}

describe('validateUpdate', () => {
	it('lets an editor change the body and reports the client ranges it extends', () => {
		const doc = room();
		expect(validateUpdate(doc, edit(doc, (d) => bodyText(d).insert(0, 'x')), as('editor'))).toEqual({ ok: true, clients: [2] });
	});

	it('accepts a viewer sync step 2 that only repeats what the room has (full delete set included)', () => {
		const doc = room();
		bodyText(doc).delete(0, 4);
		// A replica's whole state: known structs plus the complete delete set, nothing new.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		expect(validateUpdate(doc, Y.encodeStateAsUpdate(replica), as('viewer'))).toEqual({ ok: true, clients: [] });
	});

	it('denies a viewer any insert, format or delete', () => {
		const doc = room();
		for (const change of [
			(d: Y.Doc) => bodyText(d).insert(0, 'x'),
			(d: Y.Doc) => bodyText(d).format(0, 3, { bold: true }),
			(d: Y.Doc) => bodyText(d).delete(0, 1),
			(d: Y.Doc) => comments(d).set(replyKey(EDITOR, 10), reply('halo'))
		]) {
			expect(validateUpdate(doc, edit(doc, change), as('viewer'))).toMatchObject({ ok: false, reason: 'denied' });
		}
	});

	// Who may write where, for a commenter: the coarse gate (body, title, other roots: 'denied')
	// and the comment rules (src/lib/comments/policy.ts: 'comment' with the named problem).
	const cases: { name: string; change: (d: Y.Doc) => void; commenter: true | 'denied' | string }[] = [
		{ name: 'insert body text', change: (d) => bodyText(d).insert(3, 'x'), commenter: 'denied' },
		{ name: 'delete body text', change: (d) => bodyText(d).delete(0, 2), commenter: 'denied' },
		{ name: 'add a body paragraph', change: (d) => d.getXmlFragment('default').insert(1, [new Y.XmlElement('paragraph')]), commenter: 'denied' },
		{ name: 'write another root', change: (d) => d.getMap('meta').set('x', 1), commenter: 'denied' },
		// The title root (document-contract.ts TITLE_TEXT): renaming in place is an editor's edit.
		{ name: 'type into the title', change: (d) => d.getText('title').insert(0, 'Judul baru'), commenter: 'denied' },
		{ name: "reply under one's own key", change: (d) => comments(d).set(replyKey(MENTOR, 2), reply('Setuju')), commenter: true },
		{
			name: "nested content under one's own key",
			change: (d) => {
				const entry = new Y.Map<unknown>();
				comments(d).set(replyKey(MENTOR, 3), entry);
				entry.set('body', new Y.Text('panjang'));
			},
			commenter: 'not-a-plain-value'
		},
		{
			name: "edit one's own message (an overwrite)",
			change: (d) => editMessage(d, { userId: MENTOR, at: '2026-01-03T08:00:00.000Z' }, { threadId: T1, messageId: T1, body: 'diubah' }),
			commenter: true
		},
		{ name: "delete one's own message", change: (d) => comments(d).delete(OPENING), commenter: true },
		{ name: "post under another user's id", change: (d) => comments(d).set(replyKey(OTHER, 9), reply('palsu')), commenter: 'not-the-author' },
		{ name: 'a key that names nobody', change: (d) => comments(d).set('t1', reply('tanpa pemilik')), commenter: 'malformed-key' },
		{
			name: 'a comment plus a body edit in one update',
			change: (d) => {
				comments(d).set(replyKey(MENTOR, 4), reply('ok'));
				bodyText(d).insert(0, 'x');
			},
			commenter: 'denied'
		}
	];
	for (const c of cases) {
		it(`commenter (MENTOR) may ${c.commenter === true ? '' : 'not '}${c.name}`, () => {
			const doc = room();
			const verdict = validateUpdate(doc, edit(doc, c.change), as('commenter', MENTOR));
			if (c.commenter === true) expect(verdict).toMatchObject({ ok: true });
			else if (c.commenter === 'denied') expect(verdict).toMatchObject({ ok: false, reason: 'denied' });
			else expect(verdict).toMatchObject({ ok: false, reason: 'comment', problem: c.commenter });
		});
	}
	it("refuses an editor changing or deleting MENTOR's message or writing under MENTOR's id, and allows its own", () => {
		const doc = room();
		for (const change of [
			(d: Y.Doc) => comments(d).set(OPENING, { body: 'diubah editor', at: AT, anchor: { from: 'AQID', to: 'BAUG', quote: 'Isi' } }),
			(d: Y.Doc) => comments(d).delete(OPENING),
			(d: Y.Doc) => comments(d).set(replyKey(MENTOR, 5), reply('atas nama mentor'))
		])
			expect(validateUpdate(doc, edit(doc, change), as('editor', EDITOR))).toMatchObject({ ok: false, reason: 'comment', problem: 'not-the-author' });
		expect(validateUpdate(doc, edit(doc, (d) => comments(d).set(replyKey(EDITOR, 6), reply('ya'))), as('editor', EDITOR))).toMatchObject({ ok: true });
	});

	it('makes an update wait when it builds on content the room has not got yet, for every role that may write', () => {
		const doc = room();
		const replica = new Y.Doc();
		replica.clientID = 3;
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		const first = edit(replica, (d) => comments(d).set(replyKey(MENTOR, 7), reply('isi')), 3);
		Y.applyUpdate(replica, first);
		// The second update edits the message the first one wrote (its item is the edit's origin): without `first`, unresolved.
		const second = edit(replica, (d) => editMessage(d, { userId: MENTOR, at: '2026-01-03T08:00:00.000Z' }, { threadId: T1, messageId: id(7), body: 'isi lagi' }), 4);
		expect(validateUpdate(doc, second, as('commenter'))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 3 } });
		const body = edit(replica, (d) => bodyText(d).insert(0, 'x'), 4);
		expect(validateUpdate(doc, body, as('editor'))).toMatchObject({ ok: true });
		Y.applyUpdate(doc, first);
		expect(validateUpdate(doc, second, as('commenter'))).toMatchObject({ ok: true });
	});

	it("refuses a struct under another client's id past the room's state (a gap) as forged", () => {
		const doc = room();
		// Client 1 has clocks 0..n; a struct of client 1 starting beyond that leaves a gap.
		// room() is deterministic: a second copy is client 1's own replica.
		const victim = room();
		bodyText(victim).insert(0, 'hilang');
		const skipped = Y.encodeStateVector(victim);
		bodyText(victim).insert(0, 'EVIL');
		const gap = Y.encodeStateAsUpdate(victim, skipped);
		expect(validateUpdate(doc, gap, as('editor', EDITOR, 77))).toMatchObject({ ok: false, reason: 'forged' });
		// The same shape under the connection's own client id waits for the missing range.
		expect(validateUpdate(doc, gap, as('editor', EDITOR, 1))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 1, clock: Y.decodeStateVector(skipped).get(1) } });
		// ... and so does a gap in a client id the same user synced under on another connection
		// (a reconnecting provider whose old socket still holds its awareness id); another user's is forged.
		expect(validateUpdate(doc, gap, as('editor', EDITOR, null, { 1: EDITOR }))).toMatchObject({ ok: false, reason: 'unresolved' });
		expect(validateUpdate(doc, gap, as('editor', EDITOR, null, { 1: OTHER }))).toMatchObject({ ok: false, reason: 'forged' });
	});

	it('refuses new structs under a client id another user synced under, and accepts them from that user', () => {
		const doc = room();
		const update = edit(doc, (d) => bodyText(d).insert(0, 'x'), 2);
		expect(validateUpdate(doc, update, as('editor', EDITOR, null, { 2: OTHER }))).toMatchObject({ ok: false, reason: 'forged' });
		expect(validateUpdate(doc, update, as('editor', EDITOR, null, { 2: EDITOR }))).toMatchObject({ ok: true });
		// Known content under that id (a sync step 2 repeating it) is no write at all.
		Y.applyUpdate(doc, update);
		expect(validateUpdate(doc, update, as('editor', EDITOR, null, { 2: OTHER }))).toMatchObject({ ok: true, clients: [] });
	});

	it('rejects empty delete ranges and clocks past MAX_CLOCK; makes deletes of content the room lacks wait', () => {
		const doc = room();
		for (const role of ['viewer', 'commenter', 'editor'] as const) {
			expect(validateUpdate(doc, deletesOnly([[1, 0, 0]]), as(role))).toMatchObject({ ok: false, reason: 'invalid' });
			expect(validateUpdate(doc, deletesOnly([[1, 200, 0]]), as(role))).toMatchObject({ ok: false, reason: 'invalid' });
			expect(validateUpdate(doc, deletesOnly([[1, MAX_CLOCK - 1, 5]]), as(role))).toMatchObject({ ok: false, reason: 'invalid' });
		}
		expect(validateUpdate(doc, deletesOnly([[42, 0, 3]]), as('editor'))).toMatchObject({ ok: false, reason: 'unresolved', waitsFor: { client: 42, clock: 3 } });
		expect(validateUpdate(doc, deletesOnly([[42, 0, 3]]), as('viewer'))).toMatchObject({ ok: false, reason: 'denied' });
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoder.writeClient(2);
		encoding.writeVarUint(encoder.restEncoder, 2 ** 40);
		encoder.writeInfo(4);
		encoder.writeParentInfo(true);
		encoder.writeString('default');
		encoder.writeString('x');
		encoding.writeVarUint(encoder.restEncoder, 0);
		expect(validateUpdate(doc, encoder.toUint8Array(), as('editor', EDITOR, 2))).toMatchObject({ ok: false, reason: 'invalid', detail: 'clock out of range' });
	});

	it("leaves out of a sync step 2 what the sender relays but may not write, and keeps its own part", () => {
		const doc = room();
		const state = Y.encodeStateAsUpdate(doc);
		// After a crash: an editor's lost body edit (client 5), the mentor's own entry (client 6),
		// and a deletion of body text the mentor may not make — all in the mentor's step 2.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, state);
		const relayed = edit(replica, (d) => bodyText(d).insert(0, 'HILANG '), 5);
		Y.applyUpdate(replica, relayed);
		const mine = edit(replica, (d) => comments(d).set(replyKey(MENTOR, 8), reply('punyaku')), 6);
		Y.applyUpdate(replica, mine);
		const deletion = edit(replica, (d) => bodyText(d).delete(7, 3), 5);
		Y.applyUpdate(replica, deletion);
		const step2 = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc));
		const mentor = as('commenter', MENTOR, 6);
		expect(validateUpdate(doc, step2, mentor)).toMatchObject({ ok: false, reason: 'denied' });
		const verdict = validateUpdate(doc, step2, mentor, { relayed: 'drop' });
		expect(verdict).toMatchObject({ ok: true, clients: [6] });
		if (!verdict.ok || !verdict.update) throw new Error('expected a kept update');
		Y.applyUpdate(doc, verdict.update);
		expect(comments(doc).get(replyKey(MENTOR, 8))).toMatchObject({ body: 'punyaku' });
		expect(bodyText(doc).toString()).toBe('Isi dokumen');
		// Its own out-of-scope content is not relayed: the step 2 is refused as a whole.
		const own = edit(doc, (d) => bodyText(d).insert(0, 'x'), 9);
		expect(validateUpdate(doc, own, as('commenter', MENTOR, 9), { relayed: 'drop' })).toMatchObject({ ok: false, reason: 'denied' });
	});

	it("leaves out of an editor's sync step 2 another user's comment entry it relays", () => {
		const doc = room();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		Y.applyUpdate(replica, edit(replica, (d) => comments(d).set(replyKey(MENTOR, 9), reply('dari mentor')), 7));
		Y.applyUpdate(replica, edit(replica, (d) => bodyText(d).insert(0, 'Baru: '), 8));
		const verdict = validateUpdate(doc, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc)), as('editor', EDITOR, 8), { relayed: 'drop' });
		if (!verdict.ok || !verdict.update) throw new Error('expected a kept update');
		Y.applyUpdate(doc, verdict.update);
		expect(bodyText(doc).toString()).toBe('Baru: Isi dokumen');
		expect(comments(doc).has(replyKey(MENTOR, 9))).toBe(false);
	});

	it('rejects bytes that do not decode, truncated updates and false struct counts as invalid', () => {
		const doc = room();
		const good = edit(doc, (d) => bodyText(d).insert(0, 'halo'));
		const bomb = encoding.createEncoder();
		for (const n of [1, 2 ** 40, 7, 0]) encoding.writeVarUint(bomb, n);
		for (const update of [good.subarray(0, good.length - 4), encoding.toUint8Array(bomb), new Uint8Array([255, 255, 255])]) {
			expect(validateUpdate(doc, update, as('editor'))).toMatchObject({ ok: false, reason: 'invalid' });
		}
	});

	it('rejects an item whose parent is not a shared type (Yjs would fail half-way)', () => {
		const doc = room();
		// Forge: a string item whose parent points at a text item of client 1 (clock 0 is the paragraph's text).
		const forged = new Y.Doc();
		forged.clientID = 9;
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 1); // one client
		encoding.writeVarUint(encoder.restEncoder, 1); // one struct
		encoder.writeClient(9);
		encoding.writeVarUint(encoder.restEncoder, 0); // clock
		encoder.writeInfo(4); // ContentString, no origins → parent info follows
		encoder.writeParentInfo(false); // parent is an ID
		encoder.writeLeftID(Y.createID(1, 2)); // inside "Isi dokumen": a string, not a type
		encoder.writeString('x');
		encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
		const verdict = validateUpdate(doc, encoder.toUint8Array(), as('editor', EDITOR, 9));
		expect(verdict).toMatchObject({ ok: false, reason: 'invalid', detail: 'parent is not a shared type' });
		forged.destroy();
	});
});
