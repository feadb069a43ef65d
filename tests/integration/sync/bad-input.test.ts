import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2 } from '../../../src/lib/sync/protocol';
import * as decoding from 'lib0/decoding';
import { BODY_FRAGMENT } from '../../../src/lib/document-contract';
import { addReply } from '../../../src/lib/comments/operations';
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
	type SyncFixture,
	type World
} from './harness';

const MAX_MESSAGE = 64 * 1024;
/** The thread the honest editor's comment entries reply in. */
const THREAD = '00000000-0000-4000-8000-000000000001';

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const part of parts) {
		if (typeof part === 'number') encoding.writeVarUint(encoder, part);
		else encoding.writeVarUint8Array(encoder, part);
	}
	return encoding.toUint8Array(encoder);
}

function awarenessUpdate(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, JSON.stringify(e.state));
	}
	return encoding.toUint8Array(encoder);
}

/** Deterministic bytes (mulberry32), so a failure can be replayed. */
function pseudoRandomBytes(seed: number, length: number): Uint8Array {
	const out = new Uint8Array(length);
	let a = seed;
	for (let i = 0; i < length; i++) {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		out[i] = (t ^ (t >>> 14)) & 0xff;
	}
	return out;
}

/** `update` with bits flipped at pseudo-random positions (1 to 3 of them), from `seed`. */
function bitFlipped(update: Uint8Array, seed: number): Uint8Array {
	const copy = update.slice();
	const noise = pseudoRandomBytes(seed, 8);
	const flips = 1 + (noise[0] % 3);
	for (let i = 0; i < flips; i++) {
		const at = ((noise[1 + 2 * i] << 8) | noise[2 + 2 * i]) % copy.length;
		copy[at] ^= 1 << (noise[7] >> (i * 2)) % 8;
	}
	return copy;
}

/** `update` (V1) with its first client's id replaced: the same structs, claimed by another client. */
function withFirstClient(update: Uint8Array, client: number): Uint8Array {
	const decoder = decoding.createDecoder(update);
	const clients = decoding.readVarUint(decoder);
	if (clients === 0) return update;
	const structs = decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, clients);
	encoding.writeVarUint(encoder, structs);
	encoding.writeVarUint(encoder, client);
	encoding.writeUint8Array(encoder, update.subarray(decoder.pos));
	return encoding.toUint8Array(encoder);
}

/** What an honest editor wrote, as every replica must show it. */
function honestView(doc: Y.Doc): { text: string; body: string; comments: unknown } {
	return { text: doc.getText('t').toString(), body: doc.getXmlFragment(BODY_FRAGMENT).toString(), comments: doc.getMap('comments').toJSON() };
}

/** Everything a replica holds under one client id, deleted items included (marked). */
function structsOf(doc: Y.Doc, client: number): string {
	return (doc.store.clients.get(client) ?? [])
		.map((s) => (s instanceof Y.Item ? `${s.id.clock}:${s.deleted ? '-' : ''}${JSON.stringify(s.content.getContent())}` : `${s.id.clock}:gc${s.length}`))
		.join('|');
}

describe.each(testDatabases)('sync bad input on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let editor: Client;
	let other: Member;
	let mentor: Member;
	let reader: Member;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database, {
			settings: { maxMessageBytes: MAX_MESSAGE, maxBufferedBytes: 256 * 1024, messagesPerSecond: 50, messageBurst: 200 }
		});
		world = await makeWorld(database.db);
		other = await world.member({ team: 'member', name: 'Rina Anggota' });
		mentor = await world.member({ team: 'mentor', name: 'Mentor Maya' });
		reader = await world.member({ team: 'member', name: 'Pengamat Jujur' });
		editor = connectClient(fixture, world.documentId, world.editor);
		await synced(editor);
		editor.doc.getText('t').insert(0, 'isi yang harus tetap utuh');
		await waitFor(() => isSaved(editor), 'saved');
	});
	afterAll(async () => {
		editor.destroy();
		await fixture.close();
		await database.destroy();
	});

	const url = () => `${fixture.baseUrl}/${world.documentId}`;
	const open = async (member: Member = other) => {
		const socket = rawSocket(url(), { cookie: member.cookie });
		await socket.opened;
		return socket;
	};
	const serverText = () => fixture.sync.rooms.get(world.documentId)?.doc.getText('t').toString();
	const intact = async () => {
		expect(serverText()).toContain('isi yang harus tetap utuh');
		expect(editor.provider.wsconnected).toBe(true);
	};

	it('closes on a truncated update (length prefix claims more than the frame holds)', async () => {
		const socket = await open();
		const full = updateMessage(updateFrom(null, (d) => d.getText('t').insert(0, 'abc')));
		socket.ws.send(full.subarray(0, full.length - 3));
		expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		await intact();
	});

	it('closes on an update cut inside its structs, re-framed with a correct length', async () => {
		const socket = await open();
		const update = updateFrom(null, (d) => d.getText('t').insert(0, 'sebuah kalimat yang cukup panjang'));
		socket.ws.send(updateMessage(update.subarray(0, 12)));
		expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		await intact();
	});

	it('rejects a tiny update that claims billions of structs, cheaply', async () => {
		const socket = await open();
		// 1 client, 2^40 structs claimed, client id, clock — then nothing.
		const bomb = frame(1, 2 ** 40, 12345, 0);
		const started = performance.now();
		const heapBefore = process.memoryUsage().heapUsed;
		socket.ws.send(updateMessage(bomb));
		expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
		await intact();
	});

	it('closes on unknown message types (including auth and saved, which only the server sends)', async () => {
		for (const type of [7, 2, 100, 2 ** 20]) {
			const socket = await open();
			socket.ws.send(frame(type, new Uint8Array([1, 2, 3])));
			expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		}
		const socket = await open();
		socket.ws.send(frame(MESSAGE_SYNC, 9, new Uint8Array([0])));
		expect((await socket.closed).code).toBe(CloseCode.InvalidMessage);
		await intact();
	});

	it('never crashes or corrupts on random bytes', async () => {
		for (let seed = 1; seed <= 25; seed++) {
			const socket = await open();
			socket.ws.send(pseudoRandomBytes(seed, 8 + ((seed * 37) % 300)));
			// Either closed with InvalidMessage or (rarely) a harmless valid message.
			const outcome = await Promise.race([
				socket.closed.then((c) => c.code),
				socket.opened.then(() => new Promise<number>((resolve) => setTimeout(() => resolve(0), 100)))
			]);
			expect([0, CloseCode.InvalidMessage, CloseCode.PermissionDenied]).toContain(outcome);
			socket.ws.terminate();
		}
		await intact();
	});

	it('closes with MessageTooLarge on a frame over the limit, and 1009 far over it', async () => {
		const socket = await open();
		socket.ws.send(updateMessage(new Uint8Array(MAX_MESSAGE + 10)));
		expect((await socket.closed).code).toBe(CloseCode.MessageTooLarge);
		const huge = await open();
		huge.ws.send(new Uint8Array(MAX_MESSAGE * 3));
		expect((await huge.closed).code).toBe(1009);
		await intact();
	});

	it('closes with RateLimited when a connection floods', async () => {
		const socket = await open();
		for (let i = 0; i < 400 && socket.ws.readyState === socket.ws.OPEN; i++) socket.ws.send(frame(MESSAGE_QUERY_AWARENESS));
		expect((await socket.closed).code).toBe(CloseCode.RateLimited);
		await intact();
	});

	it('closes with InvalidAwareness on an oversized awareness state', async () => {
		const socket = await open();
		socket.ws.send(frame(MESSAGE_AWARENESS, awarenessUpdate([{ clientId: 77, clock: 1, state: { blob: 'x'.repeat(20_000) } }])));
		expect((await socket.closed).code).toBe(CloseCode.InvalidAwareness);
		await intact();
	});

	it('closes a stalled reader with SlowReader once its send buffer passes the cap', async () => {
		// A document big enough that a few full syncs overflow the cap.
		editor.doc.getText('big').insert(0, 'x'.repeat(40_000));
		await waitFor(() => isSaved(editor), 'big text saved');
		const socket = await open();
		const closedByServer = new Promise<number>((resolve) =>
			fixture.sync.events.on('connection-closed', (e) => {
				if (e.userId === other.userId && e.byServer) resolve(e.code);
			})
		);
		const raw = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
		raw.pause();
		// Ask for the whole document again and again without reading a byte of the answers.
		const step1 = frame(MESSAGE_SYNC, SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));
		let code = 0;
		closedByServer.then((c) => (code = c));
		for (let i = 0; i < 180 && code === 0; i++) {
			socket.ws.send(step1);
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(await closedByServer).toBe(CloseCode.SlowReader);
		raw.resume();
		await intact();
	});

	it('ignores awareness for another client id and sets identity from the session', async () => {
		const provider = editor.provider;
		const victimId = editor.doc.clientID;
		await waitFor(() => fixture.sync.rooms.get(world.documentId)?.awareness.getStates().has(victimId) ?? false, 'editor awareness');
		const socket = await open();
		// First: impersonate the editor's client id and name.
		socket.ws.send(frame(MESSAGE_AWARENESS, awarenessUpdate([{ clientId: victimId, clock: 999, state: { user: { name: 'Kepala Dinas' } } }])));
		// Then: its own id, claiming another name and colour.
		const ownId = 424242;
		socket.ws.send(frame(MESSAGE_AWARENESS, awarenessUpdate([{ clientId: ownId, clock: 1, state: { user: { name: 'Kepala Dinas', color: '#ff0000' }, cursor: null } }])));
		await waitFor(() => provider.awareness.getStates().has(ownId), 'editor sees the new client');
		const seen = provider.awareness.getStates().get(ownId) as { user: { name: string; color: string; id: string } };
		expect(seen.user.name).toBe('Rina Anggota');
		expect(seen.user.id).toBe(other.userId);
		expect(seen.user.color).not.toBe('#ff0000');
		const room = fixture.sync.rooms.get(world.documentId);
		const victim = room?.awareness.getStates().get(victimId) as { user: { name: string } };
		expect(victim.user.name).toBe(world.editor.name);
		socket.ws.close();
		await waitFor(() => !provider.awareness.getStates().has(ownId), 'removed when it leaves');
	});
	/**
	 * Real updates of an honest editor (text, body blocks with attributes, its own comment entry,
	 * deletions), recorded as its provider sent them, and the view every replica must keep.
	 */
	const recordRealUpdates = async (observer: Client): Promise<Uint8Array[]> => {
		const real: Uint8Array[] = [];
		const record = (u: Uint8Array, origin: unknown) => {
			if (origin !== editor.provider) real.push(u);
		};
		editor.doc.on('update', record);
		const t = editor.doc.getText('t');
		t.insert(t.length, ' — catatan rapat');
		t.delete(t.length - 6, 6);
		t.insert(t.length, ' pagi');
		t.format(0, 3, { bold: true });
		const body = editor.doc.getXmlFragment(BODY_FRAGMENT);
		const lesson = new Y.XmlElement('lesson');
		lesson.setAttribute('id', '0b6f1c3e-4a5d-4e8f-9a1b-2c3d4e5f6a7b');
		lesson.setAttribute('title', 'Verifikasi berkas dulu');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Berkas tidak lengkap memperpanjang antrean.')]);
		lesson.insert(0, [p]);
		body.insert(body.length, [lesson]);
		(p.get(0) as Y.XmlText).insert(0, 'Sering: ');
		addReply(editor.doc, { userId: world.editor.userId, at: '2026-01-01T00:00:00.000Z' }, { threadId: THREAD, messageId: crypto.randomUUID(), body: 'Catatan' });
		editor.doc.off('update', record);
		await waitFor(() => isSaved(editor) && observer.text() === editor.text(), 'real edits saved and seen');
		return real;
	};

	/** The honest editor types once more; then its view is the same everywhere, storage included. */
	const honestEverywhere = async (observer: Client) => {
		const t = editor.doc.getText('t');
		t.insert(t.length, '.');
		await waitFor(() => isSaved(editor) && observer.text() === editor.text(), 'last edit saved and seen');
		const expected = honestView(editor.doc);
		const room = fixture.sync.rooms.get(world.documentId);
		if (!room) throw new Error('room not loaded');
		const stored = await storedDoc(database.db, world.documentId);
		for (const replica of [observer.doc, room.doc, stored]) {
			expect(honestView(replica)).toEqual(expected);
			expect(structsOf(replica, editor.doc.clientID)).toBe(structsOf(editor.doc, editor.doc.clientID));
		}
		expect(editor.provider.wsconnected && observer.provider.wsconnected).toBe(true);
	};

	/** Sends each message on a socket of `member`, opening another whenever the server closed one. */
	const sendAll = async (member: Member, messages: Uint8Array[]): Promise<number[]> => {
		const codes: number[] = [];
		let socket = await open(member);
		for (const message of messages) {
			if (socket.ws.readyState !== socket.ws.OPEN) socket = await open(member);
			socket.ws.send(message);
			// The verdict on one message before the next: closed, or still open after a round trip.
			const outcome = await Promise.race([
				socket.closed.then((c) => c.code),
				new Promise<number>((resolve) => {
					socket.ws.ping();
					socket.ws.once('pong', () => resolve(0));
				})
			]);
			codes.push(outcome);
		}
		socket.ws.terminate();
		return codes;
	};

	it("bit-flipped copies of real updates, sent by a commenter, change nothing of the honest editor's content anywhere, storage included", async () => {
		const observer = connectClient(fixture, world.documentId, reader);
		await synced(observer);
		try {
			const real = await recordRealUpdates(observer);
			const messages: Uint8Array[] = [];
			for (let seed = 1; seed <= 90; seed++) messages.push(updateMessage(bitFlipped(real[seed % real.length], seed)));
			const codes = await sendAll(mentor, messages);
			for (const code of codes) expect([0, CloseCode.InvalidMessage, CloseCode.PermissionDenied, CloseCode.ForgedUpdate, CloseCode.CommentRejected]).toContain(code);
			// Most flips break the update; the rest are refused or change nothing.
			expect(codes.filter((c) => c !== 0).length).toBeGreaterThan(30);
			await honestEverywhere(observer);
		} finally {
			observer.destroy();
		}
	});

	it("forged and replayed copies of real updates, sent by another editor, change nothing of the honest editor's content anywhere, storage included", async () => {
		const observer = connectClient(fixture, world.documentId, reader);
		await synced(observer);
		try {
			const real = await recordRealUpdates(observer);
			const victim = editor.doc.clientID;
			const room = fixture.sync.rooms.get(world.documentId);
			if (!room) throw new Error('room not loaded');
			// Replays: every real update again, in order and backwards, as updates and as sync step 2s,
			// and the editor's whole state. The room has all of it: nothing changes, nobody is closed.
			const replays = [...real, ...[...real].reverse()].map((u, i) => (i % 2 ? updateMessage(u) : frame(MESSAGE_SYNC, SYNC_STEP2, u)));
			replays.push(updateMessage(Y.encodeStateAsUpdate(editor.doc)));
			expect(await sendAll(other, replays)).toEqual(replays.map(() => 0));
			// Forgeries: the real updates claimed by other client ids (a gap in a fresh range), and
			// new structs under the victim's id, right at its state and past it.
			const forged: Uint8Array[] = real.filter((u) => Y.decodeUpdate(u).structs.length > 0).map((u, i) => updateMessage(withFirstClient(u, 4_000_000 + i)));
			const state = Y.encodeStateAsUpdate(room.doc);
			const asVictim = (change: (d: Y.Doc) => void) => {
				const doc = new Y.Doc();
				Y.applyUpdate(doc, state);
				doc.clientID = victim;
				const updates: Uint8Array[] = [];
				doc.on('update', (u: Uint8Array) => updates.push(u));
				change(doc);
				doc.destroy();
				return Y.mergeUpdates(updates);
			};
			forged.push(updateMessage(asVictim((d) => d.getText('t').insert(0, 'PALSU'))));
			forged.push(updateMessage(asVictim((d) => addReply(d, { userId: world.editor.userId, at: '2026-01-01T00:00:00.000Z' }, { threadId: THREAD, messageId: crypto.randomUUID(), body: 'palsu' }))));
			const skipped = asVictim((d) => d.getText('t').insert(0, 'xx'));
			const afterGap = new Y.Doc();
			Y.applyUpdate(afterGap, Y.mergeUpdates([state, skipped]));
			afterGap.clientID = victim;
			const gap: Uint8Array[] = [];
			afterGap.on('update', (u: Uint8Array) => gap.push(u));
			afterGap.getText('t').insert(2, 'EVIL');
			forged.push(updateMessage(Y.mergeUpdates(gap)));
			const codes = await sendAll(other, forged);
			for (const code of codes) expect(code).toBe(CloseCode.ForgedUpdate);
			await honestEverywhere(observer);
		} finally {
			observer.destroy();
		}
	});
});
