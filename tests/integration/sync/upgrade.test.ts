import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { databaseStore } from '../../../server/sync/store';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { documentStates } from '../../../src/lib/server/db/schema';
import { appendDocumentUpdate } from '../../../src/lib/server/repositories/document-log';
import {
	connectClient,
	makeWorld,
	rawSocket,
	startSync,
	synced,
	updateFrom,
	waitFor,
	type SyncFixture,
	type World
} from './harness';

/**
 * A WebSocket upgrade over a bare TCP socket: the status line the server answered (0 for none
 * within 3 s) and how long after the answer the server closed the socket.
 */
async function rawUpgrade(port: number, path: string): Promise<{ status: number; closedMs: number }> {
	const socket = net.connect(port, '127.0.0.1');
	socket.on('error', () => {});
	let received = '';
	let answeredAt = 0;
	const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
	socket.on('data', (chunk: Buffer) => {
		if (!answeredAt) answeredAt = performance.now();
		received += chunk.toString('latin1');
	});
	socket.write(
		`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
			`Sec-WebSocket-Key: ${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')}\r\n` +
			`Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${port}\r\n\r\n`
	);
	const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
	const closedAt = await Promise.race([closed, timeout]);
	socket.destroy();
	const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
	return { status: status ? Number(status[1]) : 0, closedMs: closedAt === null || !answeredAt ? Infinity : closedAt - answeredAt };
}

describe.each(testDatabases)('sync upgrade on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let otherWorld: World;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db);
		otherWorld = await makeWorld(database.db);
	});
	afterAll(async () => {
		await fixture.close();
		await database.destroy();
	});

	const url = (id: string) => `${fixture.baseUrl}/${id}`;

	it('refuses an upgrade without a session cookie with 401, before any socket exists', async () => {
		const socket = rawSocket(url(world.documentId));
		expect(await socket.refused).toBe(401);
	});

	it('refuses a forged or expired session token with 401', async () => {
		const socket = rawSocket(url(world.documentId), { cookie: 'alur_session=abc.def' });
		expect(await socket.refused).toBe(401);
	});

	it('refuses a foreign Origin with 403 (cross-site WebSocket hijacking)', async () => {
		const socket = rawSocket(url(world.documentId), { cookie: world.editor.cookie, origin: 'https://evil.example' });
		expect(await socket.refused).toBe(403);
	});

	it('refuses an upgrade without an Origin header with 403 (browsers always send one)', async () => {
		const socket = rawSocket(url(world.documentId), { cookie: world.editor.cookie, origin: undefined });
		const outcome = await Promise.race([socket.refused, socket.opened.then(() => 'opened')]);
		socket.ws.terminate();
		expect(outcome).toBe(403);
	});

	it('answers upgrades no listener takes (/, /sync/../x, unknown paths) and closes their sockets at once', async () => {
		for (const [path, status] of [
			['/', 404],
			['/api/anything', 404],
			['/sync/../x', 400],
			['/sync/%2e%2e/x', 400]
		] as const) {
			const answer = await rawUpgrade(fixture.port, path);
			expect(answer.status, path).toBe(status);
			// Closed by the server within its grace second, not left open for the client to drop.
			expect(answer.closedMs, path).toBeLessThan(1500);
		}
	});

	it('accepts the Origin of the host the request came to', async () => {
		const socket = rawSocket(url(world.documentId), { cookie: world.editor.cookie, origin: `http://127.0.0.1:${fixture.port}` });
		await socket.opened;
		socket.ws.close();
		expect(socket.ws.readyState).toBeGreaterThanOrEqual(2);
	});

	it("answers 404 for another organisation's document: outsiders must not learn it exists", async () => {
		const socket = rawSocket(url(otherWorld.documentId), { cookie: world.editor.cookie });
		expect(await socket.refused).toBe(404);
	});

	it('answers 404 for a non-UUID id and for an unknown UUID', async () => {
		expect(await rawSocket(url('not-a-uuid'), { cookie: world.editor.cookie }).refused).toBe(404);
		expect(await rawSocket(url("1' or '1'='1"), { cookie: world.editor.cookie }).refused).toBe(404);
		expect(await rawSocket(url(crypto.randomUUID()), { cookie: world.editor.cookie }).refused).toBe(404);
	});

	it('answers 404 to an organisation member without a role on a team-only document', async () => {
		const outsider = await world.member({ org: 'member' });
		expect(await rawSocket(url(world.documentId), { cookie: outsider.cookie }).refused).toBe(404);
	});

	it('closes with LoadFailed, and opens no room, when the stored document cannot be read', async () => {
		const documentId = await world.document();
		// A truncated state: Yjs cannot decode it. Serving it as an empty document would lose it.
		await database.db.update(documentStates).set({ state: Uint8Array.of(5) }).where(eq(documentStates.documentId, documentId));
		const failures: unknown[] = [];
		const onFailure = ({ error }: { error: unknown }) => failures.push(error);
		fixture.sync.events.on('room-load-failed', onFailure);
		try {
			const socket = rawSocket(url(documentId), { cookie: world.editor.cookie });
			const closed = await socket.closed;
			expect(closed.code).toBe(CloseCode.LoadFailed);
			// No message (and so no empty document) was ever sent.
			expect(socket.messages).toHaveLength(0);
			expect(fixture.sync.rooms.has(documentId)).toBe(false);
			expect(failures).toHaveLength(1);
		} finally {
			fixture.sync.events.off('room-load-failed', onFailure);
		}
	});

	it('reads a document that is not in memory once, with the access check, however many sockets open it at once', async () => {
		const documentId = await world.document((doc) => doc.getText('t').insert(0, 'laporan gangguan antrean'));
		await appendDocumentUpdate(database.db, documentId, updateFrom(null, (doc) => doc.getText('x').insert(0, 'catatan log'), 77));
		const store = databaseStore(database.db, sessionPolicy(14, 60));
		let storeLoads = 0;
		const counting = await startSync(database, {
			store: { ...store, load: (id) => (storeLoads++, store.load(id)) }
		});
		let roomLoads = 0;
		counting.sync.events.on('room-loaded', () => roomLoads++);
		const members = [world.editor, ...(await Promise.all([1, 2, 3, 4].map(() => world.member({ team: 'member' }))))];
		const clients = members.map((member) => connectClient(counting, documentId, member));
		try {
			await Promise.all(clients.map((c) => synced(c)));
			for (const c of clients) {
				expect(c.text()).toBe('laporan gangguan antrean');
				expect(c.doc.getText('x').toString()).toBe('catatan log');
			}
			expect(roomLoads).toBe(1);
			// The first upgrade's access query brought the document along: no separate read.
			expect(storeLoads).toBe(0);
		} finally {
			for (const c of clients) c.destroy();
			await counting.close();
		}
	});

	it("refuses an outsider's upgrade of a document not in memory, and the next socket still gets the document", async () => {
		const documentId = await world.document((doc) => doc.getText('t').insert(0, 'rahasia tim'));
		const outsider = rawSocket(url(documentId), { cookie: otherWorld.editor.cookie });
		const editor = connectClient(fixture, documentId, world.editor);
		try {
			expect(await outsider.refused).toBe(404);
			await synced(editor);
			expect(editor.text()).toBe('rahasia tim');
		} finally {
			editor.destroy();
		}
	});

	it('survives a malformed frame (bad RSV1 bit) without crashing', async () => {
		const socket = rawSocket(url(world.documentId), { cookie: world.editor.cookie });
		await socket.opened;
		const raw = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
		// A masked binary frame with RSV1 set although no extension was negotiated.
		raw.write(Buffer.from([0xc2, 0x81, 0, 0, 0, 0, 0]));
		const closed = await socket.closed;
		expect(closed.code).not.toBe(1000);
		// The server still answers.
		const next = rawSocket(url(world.documentId), { cookie: world.editor.cookie });
		await next.opened;
		await waitFor(() => next.messages.length > 0, 'first message');
		next.ws.close();
	});
});
