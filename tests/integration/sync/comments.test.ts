import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { MESSAGE_SYNC, SYNC_STEP2 } from '../../../src/lib/sync/protocol';
import { BODY_FRAGMENT } from '../../../src/lib/document-contract';
import { commentsOf, messageKey, readThreads, stateKey, type CommentAnchor } from '../../../src/lib/comments/model';
import { addReply, createThread, deleteMessage, editMessage, setResolved, type Actor } from '../../../src/lib/comments/operations';
import {
	connectClient,
	isSaved,
	makeWorld,
	rawSocket,
	startSync,
	storedDoc,
	synced,
	updateFrom,
	updateMessage,
	waitFor,
	type Client,
	type Member,
	type RawSocket,
	type SyncFixture,
	type World
} from './harness';

/**
 * The comment rules on real sockets (issue 13, "Bad input"): every attempt closes only its own
 * socket — with CommentRejected (4016), or PermissionDenied where the coarse gate already refuses
 * (a commenter's body edit) — and the honest people's comments stay as they wrote them in every
 * other client, in the room and in storage (read back from the database), while the room keeps
 * serving them. Forgeries are made from REAL updates captured from honest clients (bytes
 * rewritten, replayed, bit-flipped), not only from updates built for the test.
 */

const T_EDITOR = '00000000-0000-4000-8000-0000000000e1'; // the editor's anchored thread
const T_MENTOR = '00000000-0000-4000-8000-0000000000a1'; // the mentor's anchored thread
const T_OTHER = '00000000-0000-4000-8000-0000000000b1'; // the other mentor's document-level thread
const R_MENTOR = '00000000-0000-4000-8000-0000000000a2'; // the mentor's reply in the editor's thread
const R_EDITOR = '00000000-0000-4000-8000-0000000000e2'; // the editor's reply in the mentor's thread
const R_HTML = '00000000-0000-4000-8000-0000000000a3'; // the mentor's reply with markup in it
const anchor: CommentAnchor = { from: 'AQID', to: 'BAUG', quote: 'loket 3' };
const HTML = '<b>tebal</b> <script>alert("x")</script> <img src=x onerror=alert(1)> & "kutip"';
const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 8, minute)).toISOString();

/** `update` with every occurrence of `from`'s bytes replaced by `to`'s (same length). */
function swapBytes(update: Uint8Array, from: string, to: string): Uint8Array {
	const a = new TextEncoder().encode(from);
	const b = new TextEncoder().encode(to);
	if (a.length !== b.length) throw new Error('swap needs equal lengths');
	const copy = update.slice();
	let swapped = 0;
	for (let i = 0; i + a.length <= copy.length; i++) {
		if (a.every((byte, j) => copy[i + j] === byte)) {
			copy.set(b, i);
			swapped++;
		}
	}
	if (swapped === 0) throw new Error(`"${from}" is not in the update`);
	return copy;
}

/** Deterministic bit flips (1 to 3) at pseudo-random positions, from `seed` (mulberry32). */
function bitFlipped(update: Uint8Array, seed: number): Uint8Array {
	const copy = update.slice();
	let a = seed;
	const next = () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return (t ^ (t >>> 14)) >>> 0;
	};
	const flips = 1 + (next() % 3);
	for (let i = 0; i < flips; i++) copy[next() % copy.length] ^= 1 << next() % 8;
	return copy;
}

function step2Message(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, SYNC_STEP2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** What the honest people wrote, as every replica must show it: the comments and the body. */
function view(doc: Y.Doc): { comments: unknown; body: string } {
	const comments = commentsOf(doc).toJSON();
	return { comments: Object.fromEntries(Object.entries(comments).sort(([x], [y]) => x.localeCompare(y))), body: doc.getXmlFragment(BODY_FRAGMENT).toString() };
}

describe.each(testDatabases)('comment rules on real sockets, %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let mentor: Member;
	let otherMentor: Member;
	let otherEditor: Member;
	let reader: Member;
	let editor: Client;
	let mentorClient: Client;
	let otherClient: Client;
	let observer: Client;
	const rejected: { userId: string; reason: string; detail: string }[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		fixture.sync.events.on('rejected', (e) => rejected.push(e));
		world = await makeWorld(database.db, (d) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText('Antrean panjang di loket 3')]);
			d.getXmlFragment(BODY_FRAGMENT).insert(0, [p]);
		});
		mentor = await world.member({ team: 'mentor', name: 'Mentor Maya' });
		otherMentor = await world.member({ team: 'mentor', name: 'Mentor Lain' });
		otherEditor = await world.member({ team: 'member', name: 'Rina Anggota' });
		reader = await world.member({ share: 'viewer', name: 'Vera Pembaca' });
		editor = connectClient(fixture, world.documentId, world.editor);
		mentorClient = connectClient(fixture, world.documentId, mentor);
		otherClient = connectClient(fixture, world.documentId, otherMentor);
		observer = connectClient(fixture, world.documentId, reader);
		for (const c of [editor, mentorClient, otherClient, observer]) await synced(c);

		// The honest conversation, written through the same operations the editor uses.
		createThread(editor.doc, actor(world.editor, 0), { threadId: T_EDITOR, body: 'Mengapa antrean memanjang?', anchor });
		createThread(mentorClient.doc, actor(mentor, 1), { threadId: T_MENTOR, body: 'Berapa petugas di loket 3?', anchor: { ...anchor, quote: 'loket' } });
		createThread(otherClient.doc, actor(otherMentor, 2), { threadId: T_OTHER, body: 'Catatan umum', anchor: null });
		await waitFor(() => commentsOf(editor.doc).size === 3 && commentsOf(mentorClient.doc).size === 3, 'threads everywhere');
		addReply(mentorClient.doc, actor(mentor, 3), { threadId: T_EDITOR, messageId: R_MENTOR, body: 'Petugas hanya dua orang' });
		addReply(editor.doc, actor(world.editor, 4), { threadId: T_MENTOR, messageId: R_EDITOR, body: 'Dua, satu cuti' });
		await settled();
	});
	afterAll(async () => {
		for (const c of [editor, mentorClient, otherClient, observer]) c?.destroy();
		await fixture.close();
		await database.destroy();
	});

	const actor = (member: Member, minute: number): Actor => ({ userId: member.userId, at: at(minute) });
	const room = () => {
		const r = fixture.sync.rooms.get(world.documentId);
		if (!r) throw new Error('room not loaded');
		return r;
	};
	const base = () => Y.encodeStateAsUpdate(room().doc);
	const honest = () => [editor, mentorClient, otherClient, observer];
	/** Every honest client holds what the room holds, and the server saved it. */
	const settled = async () => {
		await waitFor(() => honest().every((c) => JSON.stringify(view(c.doc)) === JSON.stringify(view(room().doc))), 'every client holds the room');
		await waitFor(() => honest().every(isSaved), 'saved');
	};
	/** The honest view is `expected` in every client, the room and storage; everyone stays connected. */
	const unchanged = async (expected: ReturnType<typeof view>) => {
		await settled();
		for (const doc of [...honest().map((c) => c.doc), room().doc, await storedDoc(database.db, world.documentId)]) expect(view(doc)).toEqual(expected);
		expect(honest().every((c) => c.provider.wsconnected)).toBe(true);
	};
	const open = async (member: Member): Promise<RawSocket> => {
		const socket = rawSocket(`${fixture.baseUrl}/${world.documentId}`, { cookie: member.cookie });
		await socket.opened;
		return socket;
	};
	/** Sends `message` on a fresh socket of `member`: the close code, or 0 if still open after a round trip. */
	const attempt = async (member: Member, message: Uint8Array): Promise<number> => {
		const socket = await open(member);
		socket.ws.send(message);
		const code = await Promise.race([
			socket.closed.then((c) => c.code),
			new Promise<number>((resolve) => {
				socket.ws.ping();
				socket.ws.once('pong', () => resolve(0));
			})
		]);
		socket.ws.terminate();
		return code;
	};
	/**
	 * The update a replica of the room sends for `change` under a fresh client id: what the
	 * editor's own code (operations.ts on a Y.Doc) emits, captured before it is sent, so an
	 * attacker can rewrite its bytes.
	 */
	const made = (change: (d: Y.Doc) => void) => updateFrom(base(), change);
	const captured = made;
	const lastProblem = (userId: string) => rejected.filter((e) => e.userId === userId).at(-1)?.detail ?? '';

	it('stores HTML and <script> in a body verbatim, as plain text, for everyone and in the database', async () => {
		addReply(mentorClient.doc, actor(mentor, 5), { threadId: T_MENTOR, messageId: R_HTML, body: HTML });
		await settled();
		const key = messageKey(T_MENTOR, mentor.userId, R_HTML);
		const stored = await storedDoc(database.db, world.documentId);
		for (const doc of [editor.doc, observer.doc, room().doc, stored]) expect(commentsOf(doc).get(key)).toEqual({ body: HTML, at: at(5) });
		const thread = readThreads(commentsOf(stored)).find((t) => t.id === T_MENTOR);
		expect(thread?.messages.map((m) => m.body)).toContain(HTML);
		expect(mentorClient.provider.wsconnected).toBe(true);
	});

	it('refuses forged author ids: a message under another user, a state naming someone else — built, and rewritten from real captured updates', async () => {
		const before = view(room().doc);
		const forged: [Member, Uint8Array, string][] = [
			// Built: the other mentor replies under the mentor's id; an editor under the mentor's id.
			[otherMentor, updateMessage(made((d) => addReply(d, actor(mentor, 10), { threadId: T_EDITOR, messageId: crypto.randomUUID(), body: 'atas nama Maya' }))), 'not-the-author'],
			[otherEditor, updateMessage(made((d) => addReply(d, actor(mentor, 10), { threadId: T_EDITOR, messageId: crypto.randomUUID(), body: 'atas nama Maya' }))), 'not-the-author'],
			// Real: the other mentor's own reply, its author id in the key rewritten to the mentor's.
			[
				otherMentor,
				updateMessage(swapBytes(captured((d) => addReply(d, actor(otherMentor, 11), { threadId: T_EDITOR, messageId: crypto.randomUUID(), body: 'Saya setuju' })), otherMentor.userId, mentor.userId)),
				'not-the-author'
			],
			// Real: the other mentor resolving its own thread, `by` rewritten to the mentor.
			[otherMentor, updateMessage(swapBytes(captured((d) => setResolved(d, actor(otherMentor, 12), { threadId: T_OTHER, resolved: true })), otherMentor.userId, mentor.userId)), 'state-by-another-user'],
			// An editor resolving with `by` naming the mentor.
			[otherEditor, updateMessage(made((d) => commentsOf(d).set(stateKey(T_EDITOR), { resolved: true, by: mentor.userId, at: at(12) }))), 'state-by-another-user'],
			// The mentor's real reply replayed as a new struct (same key and value) by someone else.
			[otherMentor, updateMessage(made((d) => commentsOf(d).set(messageKey(T_EDITOR, mentor.userId, R_MENTOR), commentsOf(room().doc).get(messageKey(T_EDITOR, mentor.userId, R_MENTOR))))), 'not-the-author']
		];
		for (const [member, message, problem] of forged) {
			expect(await attempt(member, message)).toBe(CloseCode.CommentRejected);
			expect(lastProblem(member.userId)).toMatch(new RegExp(`^${problem}:`));
		}
		await unchanged(before);
	});

	it("refuses editing or deleting someone else's message, by a commenter and by an editor", async () => {
		const before = view(room().doc);
		const attempts: [Member, (d: Y.Doc) => void][] = [
			[otherMentor, (d) => editMessage(d, actor(mentor, 20), { threadId: T_EDITOR, messageId: R_MENTOR, body: 'diubah orang lain' })],
			[otherMentor, (d) => deleteMessage(d, actor(world.editor, 20), { threadId: T_MENTOR, messageId: R_EDITOR })],
			[otherMentor, (d) => commentsOf(d).delete(messageKey(T_MENTOR, mentor.userId, T_MENTOR))],
			[otherEditor, (d) => editMessage(d, actor(mentor, 20), { threadId: T_MENTOR, messageId: T_MENTOR, body: 'diubah editor' })],
			[otherEditor, (d) => deleteMessage(d, actor(mentor, 20), { threadId: T_MENTOR, messageId: T_MENTOR })],
			[otherEditor, (d) => commentsOf(d).delete(messageKey(T_EDITOR, mentor.userId, R_MENTOR))],
			// The document's own editor may edit the body, not the mentor's words.
			[world.editor, (d) => editMessage(d, actor(mentor, 20), { threadId: T_EDITOR, messageId: R_MENTOR, body: 'dirapikan editor' })]
		];
		for (const [member, change] of attempts) {
			const update = made(change);
			expect(await attempt(member, updateMessage(update))).toBe(CloseCode.CommentRejected);
			expect(lastProblem(member.userId)).toMatch(/^not-the-author:/);
		}
		// A real delete captured from the mentor's own replica, replayed by another editor.
		const realDelete = captured((d) => deleteMessage(d, actor(mentor, 21), { threadId: T_EDITOR, messageId: R_MENTOR }));
		expect(Y.decodeUpdate(realDelete).structs).toHaveLength(0);
		expect(await attempt(otherEditor, updateMessage(realDelete))).toBe(CloseCode.CommentRejected);
		await unchanged(before);
	});

	it("refuses a commenter resolving another's thread or removing its state; the thread's author and editors may", async () => {
		const before = view(room().doc);
		expect(await attempt(mentor, updateMessage(made((d) => setResolved(d, actor(mentor, 30), { threadId: T_EDITOR, resolved: true }))))).toBe(CloseCode.CommentRejected);
		expect(lastProblem(mentor.userId)).toMatch(/^may-not-resolve:/);
		expect(await attempt(otherMentor, updateMessage(made((d) => setResolved(d, actor(otherMentor, 30), { threadId: T_MENTOR, resolved: true }))))).toBe(CloseCode.CommentRejected);
		await unchanged(before);

		setResolved(mentorClient.doc, actor(mentor, 31), { threadId: T_MENTOR, resolved: true });
		setResolved(editor.doc, actor(world.editor, 32), { threadId: T_OTHER, resolved: true });
		await settled();
		const resolved = view(room().doc);
		expect(commentsOf(room().doc).get(stateKey(T_MENTOR))).toEqual({ resolved: true, by: mentor.userId, at: at(31) });
		// Another commenter may not reopen it, nor remove the state (a delete-only update).
		expect(await attempt(otherMentor, updateMessage(made((d) => setResolved(d, actor(otherMentor, 33), { threadId: T_MENTOR, resolved: false }))))).toBe(CloseCode.CommentRejected);
		expect(await attempt(otherMentor, updateMessage(made((d) => commentsOf(d).delete(stateKey(T_MENTOR)))))).toBe(CloseCode.CommentRejected);
		await unchanged(resolved);
	});

	it("refuses a commenter touching the body (PermissionDenied) or the opening message's anchor after creation (CommentRejected)", async () => {
		const before = view(room().doc);
		const body = (d: Y.Doc) => ((d.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'PALSU ');
		expect(await attempt(mentor, updateMessage(made(body)))).toBe(CloseCode.PermissionDenied);
		const opening = messageKey(T_MENTOR, mentor.userId, T_MENTOR);
		const current = commentsOf(room().doc).get(opening) as Record<string, unknown>;
		// Built: the whole value again with another anchor, and without one.
		expect(await attempt(mentor, updateMessage(made((d) => commentsOf(d).set(opening, { ...current, anchor: { ...anchor, quote: 'di tempat lain' } }))))).toBe(CloseCode.CommentRejected);
		expect(lastProblem(mentor.userId)).toMatch(/^anchor-changed:/);
		expect(await attempt(mentor, updateMessage(made((d) => commentsOf(d).set(opening, { body: 'Tanpa jangkar', at: at(1) }))))).toBe(CloseCode.CommentRejected);
		// Real: the mentor's own edit, captured, its anchor's position bytes rewritten.
		const realEdit = captured((d) => editMessage(d, actor(mentor, 40), { threadId: T_MENTOR, messageId: T_MENTOR, body: 'Berapa petugas hari ini?' }));
		expect(await attempt(mentor, updateMessage(swapBytes(realEdit, 'BAUG', 'BAUH')))).toBe(CloseCode.CommentRejected);
		expect(lastProblem(mentor.userId)).toMatch(/^anchor-changed:/);
		// A reply with an anchor of its own.
		expect(await attempt(mentor, updateMessage(made((d) => commentsOf(d).set(messageKey(T_EDITOR, mentor.userId, crypto.randomUUID()), { body: 'x', at: at(41), anchor }))))).toBe(CloseCode.CommentRejected);
		await unchanged(before);
		// The unaltered real edit is the mentor's to make.
		expect(await attempt(mentor, updateMessage(realEdit))).toBe(0);
		await settled();
		expect(commentsOf(editor.doc).get(opening)).toMatchObject({ body: 'Berapa petugas hari ini?', anchor: current.anchor, edited: at(40) });
	});

	it('refuses a 1 MB body and nested shared types in comments', async () => {
		const before = view(room().doc);
		// Written raw, as a hostile client would (operations.ts refuses to write it).
		const huge = made((d) => commentsOf(d).set(messageKey(T_EDITOR, mentor.userId, crypto.randomUUID()), { body: 'x'.repeat(1 << 20), at: at(50) }));
		expect(huge.byteLength).toBeGreaterThan(1 << 20);
		expect(await attempt(mentor, updateMessage(huge))).toBe(CloseCode.CommentRejected);
		expect(lastProblem(mentor.userId)).toMatch(/^invalid-message:/);
		const own = messageKey(T_EDITOR, mentor.userId, crypto.randomUUID());
		for (const change of [
			(d: Y.Doc) => commentsOf(d).set(own, new Y.Map()),
			(d: Y.Doc) => {
				const text = new Y.Text();
				commentsOf(d).set(own, text);
				text.insert(0, 'isi bertingkat');
			},
			(d: Y.Doc) => commentsOf(d).set(own, new Y.Array())
		]) {
			expect(await attempt(mentor, updateMessage(made(change)))).toBe(CloseCode.CommentRejected);
			expect(lastProblem(mentor.userId)).toMatch(/^not-a-plain-value:/);
		}
		await unchanged(before);
	});

	it('replays and bit-flipped copies of real comment updates change nothing of the honest comments', async () => {
		// Real updates of the mentor's client as its provider sent them.
		const real: Uint8Array[] = [];
		const record = (u: Uint8Array, origin: unknown) => {
			if (origin !== mentorClient.provider) real.push(u);
		};
		mentorClient.doc.on('update', record);
		const reply = crypto.randomUUID();
		addReply(mentorClient.doc, actor(mentor, 60), { threadId: T_EDITOR, messageId: reply, body: 'Catatan tambahan' });
		editMessage(mentorClient.doc, actor(mentor, 61), { threadId: T_EDITOR, messageId: reply, body: 'Catatan tambahan, diperbaiki' });
		deleteMessage(mentorClient.doc, actor(mentor, 62), { threadId: T_EDITOR, messageId: reply });
		mentorClient.doc.off('update', record);
		expect(real).toHaveLength(3);
		await settled();
		const before = view(room().doc);
		// Replayed by others, as updates and as a sync step 2: the room has them, nothing changes.
		for (const u of real) {
			expect(await attempt(otherMentor, updateMessage(u))).toBe(0);
			expect(await attempt(otherEditor, step2Message(u))).toBe(0);
		}
		// The deleted reply's edit, replayed by its own author under a new struct: refused.
		const replayedEdit = made((d) => commentsOf(d).set(messageKey(T_EDITOR, mentor.userId, reply), { body: 'kembali', at: at(60) }));
		expect(await attempt(mentor, updateMessage(replayedEdit))).toBe(CloseCode.CommentRejected);
		expect(lastProblem(mentor.userId)).toMatch(/^message-was-deleted:/);
		// Bit flips of the real updates, sent by the other mentor.
		const codes: number[] = [];
		for (let seed = 1; seed <= 60; seed++) codes.push(await attempt(otherMentor, updateMessage(bitFlipped(real[seed % real.length], seed))));
		for (const code of codes) expect([0, CloseCode.InvalidMessage, CloseCode.PermissionDenied, CloseCode.ForgedUpdate, CloseCode.CommentRejected]).toContain(code);
		expect(codes.filter((c) => c !== 0).length).toBeGreaterThan(10);
		await unchanged(before);
	});

	it("drops a forged comment in a sync step 2 without applying it, and keeps the sender's own valid comment", async () => {
		const before = view(room().doc);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, base());
		const state = Y.encodeStateVector(room().doc);
		const own = crypto.randomUUID();
		// The other mentor's step 2: its own reply (valid) and an edit of the mentor's reply under another client (relayed).
		Y.applyUpdate(replica, updateFrom(Y.encodeStateAsUpdate(replica), (d) => editMessage(d, actor(mentor, 70), { threadId: T_EDITOR, messageId: R_MENTOR, body: 'diubah lewat step 2' }), 91_001));
		Y.applyUpdate(replica, updateFrom(Y.encodeStateAsUpdate(replica), (d) => addReply(d, actor(otherMentor, 71), { threadId: T_OTHER, messageId: own, body: 'Milik sendiri' }), 91_002));
		const socket = await open(otherMentor);
		socket.ws.send(step2Message(Y.encodeStateAsUpdate(replica, state)));
		await waitFor(() => commentsOf(editor.doc).has(messageKey(T_OTHER, otherMentor.userId, own)), 'the own reply arrives');
		await settled();
		expect(socket.ws.readyState).toBe(socket.ws.OPEN);
		socket.ws.close();
		const after = view(room().doc);
		expect((after.comments as Record<string, unknown>)[messageKey(T_EDITOR, mentor.userId, R_MENTOR)]).toEqual((before.comments as Record<string, unknown>)[messageKey(T_EDITOR, mentor.userId, R_MENTOR)]);
		await unchanged(after);
	});

	it('keeps serving the room: honest replies and resolves still flow both ways after every refusal', async () => {
		const last = crypto.randomUUID();
		addReply(editor.doc, actor(world.editor, 80), { threadId: T_MENTOR, messageId: last, body: 'Terima kasih, sudah ditindaklanjuti' });
		await waitFor(() => commentsOf(mentorClient.doc).has(messageKey(T_MENTOR, world.editor.userId, last)), 'the mentor sees the reply');
		setResolved(mentorClient.doc, actor(mentor, 81), { threadId: T_MENTOR, resolved: false });
		await waitFor(() => (commentsOf(observer.doc).get(stateKey(T_MENTOR)) as { resolved?: boolean } | undefined)?.resolved === false, 'the reader sees it reopened');
		await unchanged(view(room().doc));
		// Every refusal above was named: reason 'comment' with the problem first in the detail.
		expect(rejected.filter((e) => e.reason === 'comment').length).toBeGreaterThan(20);
	});
});
