import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP2, SYNC_UPDATE } from '../../../src/lib/sync/protocol';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { commentsOf, messageKey } from '../../../src/lib/comments/model';
import { addReply, createThread, editMessage } from '../../../src/lib/comments/operations';
import { documentUpdates } from '../../../src/lib/server/db/schema';
import { appendDocumentUpdate, compactDocumentLog } from '../../../src/lib/server/repositories/document-log';
import { mergeStoredUpdates } from '../../../server/sync/store';
import { validationStats } from '../../../server/sync/validate-update';
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
 * One test per defect of issue 11, each on real sockets and both databases: forged structs
 * under another client's id (1), updates that made Yjs throw and reset the room (2), comment
 * ownership (3, with permissions.test.ts), pending garbage kept forever (4) and parked updates
 * re-validated on every keystroke (5).
 */

/** Updates `change` makes on a replica of `base` while writing under `clientId` (a forger's). */
function forgedUnder(clientId: number, base: Uint8Array, change: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, base);
	// Yjs gives a replica a fresh id when it sees its own id in remote content: take it back.
	doc.clientID = clientId;
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	change(doc);
	doc.destroy();
	return Y.mergeUpdates(updates);
}

/** An update holding only a delete set: `[client, clock, len]` ranges. */
function deletesOnly(ranges: [number, number, number][]): Uint8Array {
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

/** A lower-case UUID for thread and message ids (the comment keys require them). */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const AT = '2026-01-01T00:00:00.000Z';

/** Everything a replica holds under one client id, deleted items included (marked). */
function structsOf(doc: Y.Doc, client: number): string {
	return (doc.store.clients.get(client) ?? [])
		.map((s) => (s instanceof Y.Item ? `${s.id.clock}:${s.deleted ? '-' : ''}${JSON.stringify(s.content.getContent())}` : `${s.id.clock}:gc${s.length}`))
		.join('|');
}

describe.each(testDatabases)('sync hardening (issue 11) on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let attacker: Member;
	let mentor: Member;
	const clients: Client[] = [];
	const resets: number[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database, { settings: { messagesPerSecond: 2000, messageBurst: 4000 } });
		fixture.sync.events.on('connection-closed', (e) => {
			if (e.code === CloseCode.ServiceRestart) resets.push(e.code);
		});
		world = await makeWorld(database.db);
		attacker = await world.member({ team: 'member', name: 'Penyusup Editor' });
		mentor = await world.member({ team: 'mentor', name: 'Mentor Maya' });
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture.close();
		await database.destroy();
	});

	const connect = async (documentId: string, member: Member = world.editor) => {
		const c = connectClient(fixture, documentId, member);
		clients.push(c);
		await synced(c);
		return c;
	};
	const open = async (documentId: string, member: Member): Promise<RawSocket> => {
		const socket = rawSocket(`${fixture.baseUrl}/${documentId}`, { cookie: member.cookie });
		await socket.opened;
		return socket;
	};
	const room = (documentId: string) => {
		const r = fixture.sync.rooms.get(documentId);
		if (!r) throw new Error('room not loaded');
		return r;
	};
	/** The room's document, every client's and the stored one all hold `text` in root `t`. */
	const everywhere = async (documentId: string, replicas: Client[], text: string) => {
		await waitFor(() => replicas.every((c) => c.text() === text) && room(documentId).doc.getText('t').toString() === text, `"${text}" in every replica`);
		await waitFor(() => replicas.every(isSaved), 'saved');
		expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe(text);
	};

	it("defect 1: a struct forged under another editor's client id is refused (gap or not), and the victim's text is everyone's", async () => {
		const documentId = await world.document();
		const victim = await connect(documentId);
		const observer = await connect(documentId);
		const victimId = victim.doc.clientID;
		victim.doc.getText('t').insert(0, 'hello');
		await everywhere(documentId, [victim, observer], 'hello');
		await waitFor(() => room(documentId).clientOwners.get(victimId) === world.editor.userId, "the victim's client id is its user's");

		// A gap: two clocks skipped, then "EVIL" under the victim's id. Yjs would keep it pending
		// and integrate it instead of the victim's own struct once the victim's edits filled the gap.
		const base = Y.encodeStateAsUpdate(room(documentId).doc);
		const gap = forgedUnder(victimId, base, (d) => {
			const t = d.getText('t');
			t.insert(5, 'wo');
		});
		const skipped = Y.mergeUpdates([base, gap]);
		const evil = forgedUnder(victimId, skipped, (d) => d.getText('t').insert(7, 'EVIL'));
		const gapSocket = await open(documentId, attacker);
		gapSocket.ws.send(updateMessage(evil));
		expect((await gapSocket.closed).code).toBe(CloseCode.ForgedUpdate);

		// No gap: the victim's next clock, before the victim types it.
		const contiguous = forgedUnder(victimId, base, (d) => d.getText('t').insert(5, 'X'));
		const nextSocket = await open(documentId, attacker);
		nextSocket.ws.send(updateMessage(contiguous));
		expect((await nextSocket.closed).code).toBe(CloseCode.ForgedUpdate);

		victim.doc.getText('t').insert(5, 'world');
		await everywhere(documentId, [victim, observer], 'helloworld');
		for (const replica of [observer.doc, room(documentId).doc, await storedDoc(database.db, documentId)])
			expect(structsOf(replica, victimId)).toBe(structsOf(victim.doc, victimId));
		expect(victim.provider.wsconnected && observer.provider.wsconnected).toBe(true);
		// Owners stay bounded: a client id that wrote nothing is forgotten when its socket leaves.
		const observerId = observer.doc.clientID;
		expect(room(documentId).clientOwners.has(observerId)).toBe(true);
		observer.provider.disconnect();
		await waitFor(() => !room(documentId).clientOwners.has(observerId), 'the silent client id forgotten');
		expect(room(documentId).clientOwners.get(victimId)).toBe(world.editor.userId);
	});

	it("defect 1: an honest reconnect whose edit was lost in flight is not taken for a forgery: its keystroke waits for its sync step 2", async () => {
		const documentId = await world.document();
		const observer = await connect(documentId);
		// The author's replica: every transaction is one update, as a provider sends them.
		const author = new Y.Doc();
		const sent: Uint8Array[] = [];
		author.on('update', (u: Uint8Array) => sent.push(u));
		const awareness = (clock: number) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, 1);
			encoding.writeVarUint(inner, author.clientID);
			encoding.writeVarUint(inner, clock);
			encoding.writeVarString(inner, JSON.stringify({ user: { name: 'x' } }));
			encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
			return encoding.toUint8Array(encoder);
		};
		const step2 = (update: Uint8Array) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, SYNC_STEP2);
			encoding.writeVarUint8Array(encoder, update);
			return encoding.toUint8Array(encoder);
		};
		const first = await open(documentId, world.editor);
		first.ws.send(awareness(1));
		first.ws.send(step2(Y.encodeStateAsUpdate(author)));
		author.getText('t').insert(0, 'halo');
		first.ws.send(updateMessage(sent[sent.length - 1]));
		await waitFor(() => room(documentId).clientOwners.get(author.clientID) === world.editor.userId && observer.text() === 'halo', 'first socket synced');
		// The network drops: the next edit never arrives, and the old socket lingers on the server.
		const serverState = Y.encodeStateVector(room(documentId).doc);
		author.getText('t').insert(4, ' dunia');
		const second = await open(documentId, world.editor);
		second.ws.send(awareness(2));
		// A keystroke overtakes the step 2 the new socket is about to send: a gap in its own range.
		author.getText('t').insert(10, '!');
		second.ws.send(updateMessage(sent[sent.length - 1]));
		await waitFor(() => room(documentId).parking.size === 1, 'the keystroke waits');
		second.ws.send(step2(Y.encodeStateAsUpdate(author, serverState)));
		await everywhere(documentId, [observer], 'halo dunia!');
		expect(second.ws.readyState).toBe(second.ws.OPEN);
		first.ws.close();
		second.ws.close();
	});

	it('defect 1: when an update lets content waiting in the document integrate, its sender gets that part too', async () => {
		// A stored state from before the fix holds "akhir" of client 61_001 waiting for the
		// client's first five clocks, which nobody stored.
		const lost = updateFrom(null, (d) => d.getText('t').insert(0, 'awal '), 61_001);
		const tail = forgedUnder(61_001, lost, (d) => d.getText('t').insert(5, 'akhir'));
		const documentId = await world.document((d) => Y.applyUpdate(d, tail));
		const observer = await connect(documentId);
		expect(room(documentId).doc.store.pendingStructs).not.toBeNull();
		// Rooms never hand out pending content (it would come back as a gap in someone's range).
		expect(observer.text()).toBe('');
		const relay = await open(documentId, attacker);
		relay.ws.send(updateMessage(lost));
		await everywhere(documentId, [observer], 'awal akhir');
		// The relaying socket got the part it did not send, though broadcasts skip their sender.
		const got = new Y.Doc();
		Y.applyUpdate(got, lost);
		await waitFor(() => {
			for (const message of relay.messages) {
				const decoder = decoding.createDecoder(message);
				if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== SYNC_UPDATE) continue;
				Y.applyUpdate(got, decoding.readVarUint8Array(decoder));
			}
			return got.getText('t').toString() === 'awal akhir';
		}, 'the sender receives what its update let integrate');
		relay.ws.close();
	});

	it('defect 2: a 9-byte empty delete range closes only its sender; the room is never reset', async () => {
		const documentId = await world.document();
		const writer = await connect(documentId);
		const reader = await connect(documentId);
		writer.doc.getText('t').insert(0, 'tetap');
		await everywhere(documentId, [writer, reader], 'tetap');
		const before = room(documentId);
		const resetsBefore = resets.length;
		const state = Y.getState(before.doc.store, writer.doc.clientID);
		const empty = deletesOnly([[writer.doc.clientID, state + 3, 0]]);
		// 9 to 11 bytes, depending on the varint length of the client id.
		expect(empty.byteLength).toBeLessThanOrEqual(11);
		const socket = await open(documentId, attacker);
		socket.ws.send(updateMessage(empty));
		expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		// A delete range beyond every state that nothing supplies never enters the document.
		const ahead = await open(documentId, attacker);
		ahead.ws.send(updateMessage(deletesOnly([[424242, 0, 3]])));
		await waitFor(() => before.parking.size === 1, 'the out-of-state delete waits outside the document');
		expect(before.doc.store.pendingDs).toBeNull();
		// The next edits (which made Yjs throw and the room reset before) go through.
		writer.doc.getText('t').insert(5, ' utuh');
		await everywhere(documentId, [writer, reader], 'tetap utuh');
		expect(room(documentId)).toBe(before);
		expect(resets.length).toBe(resetsBefore);
		expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
		ahead.ws.close();
		await waitFor(() => before.parking.size === 0, 'dropped with its connection');
	});

	it("defect 3: a commenter cannot post as another user nor touch another user's comment, and an editor cannot either", async () => {
		const documentId = await world.document();
		const editor = await connect(documentId);
		const T1 = uuid(1);
		const own = messageKey(T1, world.editor.userId, T1);
		createThread(editor.doc, { userId: world.editor.userId, at: AT }, { threadId: T1, body: 'Kenapa antre?', anchor: { from: 'AQID', to: 'BAUG', quote: 'antre' } });
		await waitFor(() => commentsOf(room(documentId).doc).has(own), 'the thread is in the room');
		const base = () => Y.encodeStateAsUpdate(room(documentId).doc);
		const attempts: [Member, (d: Y.Doc) => void][] = [
			[mentor, (d) => editMessage(d, { userId: world.editor.userId, at: AT }, { threadId: T1, messageId: T1, body: 'diubah' })],
			[mentor, (d) => commentsOf(d).delete(own)],
			[mentor, (d) => addReply(d, { userId: world.editor.userId, at: AT }, { threadId: T1, messageId: uuid(99), body: 'palsu' })],
			[attacker, (d) => commentsOf(d).delete(own)]
		];
		for (const [member, change] of attempts) {
			const socket = await open(documentId, member);
			socket.ws.send(updateMessage(updateFrom(base(), change)));
			expect((await socket.closed).code).toBe(CloseCode.CommentRejected);
		}
		const mentorClient = await connect(documentId, mentor);
		const reply = messageKey(T1, mentor.userId, uuid(2));
		addReply(mentorClient.doc, { userId: mentor.userId, at: AT }, { threadId: T1, messageId: uuid(2), body: 'Petugas kurang' });
		await waitFor(() => commentsOf(editor.doc).has(reply), "the mentor's own reply arrives");
		await waitFor(() => isSaved(editor) && isSaved(mentorClient), 'saved');
		const stored = commentsOf(await storedDoc(database.db, documentId));
		expect([...stored.keys()].sort()).toEqual([own, reply].sort());
		expect(stored.get(own)).toMatchObject({ body: 'Kenapa antre?' });
	});

	it("a commenter's sync step 2 that relays an editor's lost body edit after a crash keeps the commenter's own comment", async () => {
		const documentId = await world.document();
		const editor = await connect(documentId);
		editor.doc.getText('t').insert(0, 'tersimpan');
		await everywhere(documentId, [editor], 'tersimpan');
		// The commenter's replica had an editor's edit the server lost (from a tab that is not back
		// yet, so its client id is nobody's here) and wrote a comment.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(room(documentId).doc));
		const serverState = Y.encodeStateVector(room(documentId).doc);
		Y.applyUpdate(replica, updateFrom(Y.encodeStateAsUpdate(replica), (d) => d.getText('t').insert(9, ' hilang'), 62_500));
		const key = messageKey(uuid(1), mentor.userId, uuid(3));
		Y.applyUpdate(replica, updateFrom(Y.encodeStateAsUpdate(replica), (d) => addReply(d, { userId: mentor.userId, at: AT }, { threadId: uuid(1), messageId: uuid(3), body: 'Masih ada' }), 62_001));
		const socket = await open(documentId, mentor);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP2);
		encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(replica, serverState));
		socket.ws.send(encoding.toUint8Array(encoder));
		await waitFor(() => commentsOf(editor.doc).has(key), "the commenter's own comment arrives");
		await waitFor(() => isSaved(editor), 'saved');
		expect(editor.text()).toBe('tersimpan');
		const stored = await storedDoc(database.db, documentId);
		expect(commentsOf(stored).get(key)).toMatchObject({ body: 'Masih ada' });
		expect(stored.getText('t').toString()).toBe('tersimpan');
		expect(socket.ws.readyState).toBe(socket.ws.OPEN);
		socket.ws.close();
	});

	it('defect 4: nothing pending reaches the log, absurd clocks are refused, and compaction drops pending content that waited a whole cycle', async () => {
		const documentId = await world.document();
		const writer = await connect(documentId);
		writer.doc.getText('t').insert(0, 'isi');
		await everywhere(documentId, [writer], 'isi');
		const rowsBefore = (await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId))).length;
		// A hostile session: deletes of invented clients, updates building on invented content.
		const socket = await open(documentId, attacker);
		for (let i = 0; i < 50; i++) {
			socket.ws.send(updateMessage(deletesOnly([[900_000 + i, 0, 5]])));
			const lost = updateFrom(null, (d) => d.getText('t').insert(0, `hilang ${i}`), 800_000 + i);
			socket.ws.send(updateMessage(updateFrom(lost, (d) => d.getText('t').insert(0, 'x'), 810_000 + i)));
		}
		await waitFor(() => room(documentId).parking.size === 100, 'all parked');
		writer.doc.getText('t').insert(3, ' lagi');
		await everywhere(documentId, [writer], 'isi lagi');
		const rows = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId));
		// Only the honest edit was stored, and nothing stored is pending.
		expect(rows.length - rowsBefore).toBe(1);
		const stored = await storedDoc(database.db, documentId);
		expect(stored.store.pendingStructs).toBeNull();
		expect(stored.store.pendingDs).toBeNull();
		expect(room(documentId).doc.store.pendingStructs).toBeNull();
		expect(room(documentId).doc.store.pendingDs).toBeNull();
		socket.ws.close();

		// A clock near 2^53 (or anywhere past 2^32) is refused outright.
		const far = await open(documentId, attacker);
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoding.writeVarUint(encoder.restEncoder, 1);
		encoder.writeClient(31337);
		encoding.writeVarUint(encoder.restEncoder, 2 ** 53 - 10);
		encoder.writeInfo(4);
		encoder.writeParentInfo(true);
		encoder.writeString('t');
		encoder.writeString('x');
		encoding.writeVarUint(encoder.restEncoder, 0);
		far.ws.send(updateMessage(encoder.toUint8Array()));
		expect((await far.closed).code).toBe(CloseCode.InvalidMessage);

		// Garbage from before the fix: a stored row whose structs wait for a range nobody has.
		const legacy = await world.document((d) => d.getText('t').insert(0, 'awal'));
		const lost = updateFrom(null, (d) => d.getText('t').insert(0, 'tak pernah datang'), 700_001);
		await appendDocumentUpdate(database.db, legacy, updateFrom(lost, (d) => d.getText('t').insert(0, 'sampah'), 700_002));
		await appendDocumentUpdate(database.db, legacy, deletesOnly([[700_003, 0, 4]]));
		await compactDocumentLog(database.db, legacy, mergeStoredUpdates);
		// First cycle: kept (a row another instance commits later could still free it).
		expect((await storedDoc(database.db, legacy)).store.pendingStructs).not.toBeNull();
		await appendDocumentUpdate(database.db, legacy, updateFrom(Y.encodeStateAsUpdate(await storedDoc(database.db, legacy)), (d) => d.getText('t').insert(4, '!'), 700_004));
		await compactDocumentLog(database.db, legacy, mergeStoredUpdates);
		const compacted = await storedDoc(database.db, legacy);
		expect(compacted.store.pendingStructs).toBeNull();
		expect(compacted.store.pendingDs).toBeNull();
		expect(compacted.getText('t').toString()).toBe('awal!');
	});

	it('defect 4: parking is capped per user across sockets, not only per socket', async () => {
		const documentId = await world.document();
		await connect(documentId);
		const limits = { perConnection: 1000, perUser: 1000 };
		const sockets: RawSocket[] = [];
		let sent = 0;
		// Two sockets park 600 each: the user's cap of 1000 closes the second, not the first.
		for (let s = 0; s < 2; s++) {
			const socket = await open(documentId, mentor);
			sockets.push(socket);
			for (let i = 0; i < 600; i++, sent++) {
				// An edit of a message the room never got: it waits for it.
				const reply = { userId: mentor.userId, at: AT };
				const lost = updateFrom(null, (d) => addReply(d, reply, { threadId: uuid(1), messageId: uuid(10_000 + sent), body: 'hilang' }), 600_000 + sent);
				socket.ws.send(updateMessage(updateFrom(lost, (d) => editMessage(d, reply, { threadId: uuid(1), messageId: uuid(10_000 + sent), body: 'diubah' }), 610_000 + sent)));
			}
		}
		expect((await sockets[1].closed).code).toBe(CloseCode.InvalidMessage);
		expect(room(documentId).parking.countOf(mentor.userId)).toBeLessThanOrEqual(limits.perUser);
		expect(sockets[0].ws.readyState).toBe(sockets[0].ws.OPEN);
		sockets[0].ws.close();
		await waitFor(() => room(documentId).parking.size === 0, 'dropped with the socket');
	});

	it('defect 5: a keystroke costs the same validations with 20 or 400 parked updates, which apply once what they wait for arrives', async () => {
		const documentId = await world.document();
		const typist = await connect(documentId);
		const perKeystroke = async (parked: number): Promise<number> => {
			// The content every parked update builds on: a message of the mentor, written by a client
			// the room never saw; each parked update edits it (its item is the edit's origin).
			const messageId = uuid(20_000 + parked);
			const reply = { userId: mentor.userId, at: AT };
			const missing = updateFrom(Y.encodeStateAsUpdate(room(documentId).doc), (d) => addReply(d, reply, { threadId: uuid(1), messageId, body: 'awal' }), 500_000 + parked);
			const socket = await open(documentId, mentor);
			const editors: number[] = [];
			for (let i = 0; i < parked; i++) {
				editors.push(510_000 + parked * 1000 + i);
				socket.ws.send(updateMessage(updateFrom(missing, (d) => editMessage(d, reply, { threadId: uuid(1), messageId, body: `suntingan ${i}` }), editors[i])));
			}
			await waitFor(() => room(documentId).parking.size === parked, `${parked} parked`);
			const before = validationStats.count;
			const text = typist.doc.getText('t');
			const start = text.length;
			for (let k = 0; k < 30; k++) text.insert(text.length, 'k');
			await waitFor(() => room(documentId).doc.getText('t').length === start + 30, 'keystrokes applied');
			const cost = (validationStats.count - before) / 30;
			// What they wait for arrives: every parked update applies.
			socket.ws.send(updateMessage(missing));
			await waitFor(() => editors.every((client) => Y.getState(room(documentId).doc.store, client) > 0), 'parked updates applied');
			expect(room(documentId).parking.size).toBe(0);
			socket.ws.close();
			return cost;
		};
		const few = await perKeystroke(20);
		const many = await perKeystroke(400);
		expect(few).toBeLessThanOrEqual(1.1);
		expect(many).toBeLessThanOrEqual(1.1);
	});
});
