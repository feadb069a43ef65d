import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, SYNC_STEP1 } from '../../../src/lib/sync/protocol';
import {
	connectClient,
	isSaved,
	makeWorld,
	rawSocket,
	startSync,
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

describe.each(testDatabases)('sync bad input on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let editor: Client;
	let other: Member;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database, {
			settings: { maxMessageBytes: MAX_MESSAGE, maxBufferedBytes: 256 * 1024, messagesPerSecond: 50, messageBurst: 200 }
		});
		world = await makeWorld(database.db);
		other = await world.member({ team: 'member', name: 'Rina Anggota' });
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
});
