import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import type { SyncSettings } from '../../../server/sync/settings';
import {
	connectClient,
	isSaved,
	makeWorld,
	originOf,
	rawSocket,
	startSync,
	storedDoc,
	synced,
	waitFor,
	type Client,
	type Member,
	type SyncFixture,
	type World
} from './harness';

/**
 * What one client may cost the server (issue 11, defect 6), on real sockets: a byte budget per
 * connection, a cap on one user's sockets, upgrade throttles per address and per user answered
 * before the database is asked, and a document size past which a document only shrinks.
 */
describe.each(testDatabases)('sync resource limits on %s', (kind) => {
	let database: TestDatabase;
	let world: World;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await database.destroy();
	});

	async function withSync(settings: Partial<SyncSettings>, body: (fixture: SyncFixture) => Promise<void>): Promise<void> {
		const fixture = await startSync(database, { settings });
		try {
			await body(fixture);
		} finally {
			await fixture.close();
		}
	}

	function client(fixture: SyncFixture, documentId: string, member: Member = world.editor): Client {
		const c = connectClient(fixture, documentId, member);
		clients.push(c);
		return c;
	}

	/** The first close code the provider sees; it stops reconnecting after it. */
	function firstClose(c: Client): Promise<number> {
		return new Promise((resolve) =>
			c.provider.on('connection-close', (event) => {
				c.provider.shouldConnect = false;
				resolve(event?.code ?? 0);
			})
		);
	}

	it('closes a connection past its byte budget with ByteBudgetExceeded', () =>
		withSync({ maxMessageBytes: 4096, byteBurst: 16 * 1024, bytesPerSecond: 1 }, async (fixture) => {
			const documentId = await world.document();
			const writer = client(fixture, documentId);
			const reader = client(fixture, documentId);
			await Promise.all([synced(writer), synced(reader)]);
			const closed = firstClose(writer);
			// Each insertion is one message of about 3 KB: well under the message limit, but six
			// of them are past a 16 KiB budget refilled at 1 byte per second.
			for (let i = 0; i < 6; i++) writer.doc.getText('t').insert(0, String(i).repeat(3000));
			expect(await closed).toBe(CloseCode.ByteBudgetExceeded);
			// Only that connection: the reader's is still open.
			expect(reader.provider.wsconnected).toBe(true);
		}));

	it('refuses a user past the socket cap with TooManyConnections, and takes them again once one closes', () =>
		withSync({ maxSocketsPerUser: 2 }, async (fixture) => {
			const [first, second, third] = await Promise.all([world.document(), world.document(), world.document()]);
			const a = client(fixture, first);
			const b = client(fixture, second);
			await Promise.all([synced(a), synced(b)]);

			const over = rawSocket(`${fixture.baseUrl}/${third}`, { cookie: world.editor.cookie });
			expect((await over.closed).code).toBe(CloseCode.TooManyConnections);
			// Refused before its room was loaded.
			expect(over.messages).toHaveLength(0);
			expect(fixture.sync.rooms.has(third)).toBe(false);

			// Another user is not affected.
			const colleague = await world.member({ team: 'member' });
			const c = client(fixture, third, colleague);
			await synced(c);

			a.destroy();
			await waitFor(() => !fixture.sync.rooms.has(first), 'first socket gone');
			const d = client(fixture, third);
			await synced(d);
		}));

	it('keeps a full document readable and shrinkable, and closes growth with DocumentTooLarge', () =>
		withSync({ maxDocumentBytes: 4096 }, async (fixture) => {
			const documentId = await world.document();
			const writer = client(fixture, documentId);
			await synced(writer);
			// One insertion takes it past the limit: accepted (the limit is checked before an update).
			writer.doc.getText('t').insert(0, 'a'.repeat(5000));
			await waitFor(() => isSaved(writer), 'big insertion saved');
			const room = fixture.sync.rooms.get(documentId);
			expect(room?.size?.full).toBe(true);

			const closed = firstClose(writer);
			writer.doc.getText('t').insert(0, 'lagi');
			expect(await closed).toBe(CloseCode.DocumentTooLarge);
			expect(room?.doc.getText('t').length).toBe(5000);

			// Still readable: a fresh client gets the whole document (from the room reloaded
			// after the writer left, which finds it full again).
			const colleague = await world.member({ team: 'member' });
			const editor = client(fixture, documentId, colleague);
			await synced(editor);
			expect(editor.text()).toBe('a'.repeat(5000));
			const reloaded = fixture.sync.rooms.get(documentId);
			expect(reloaded?.size?.full).toBe(true);
			// Deleting passes: it makes the document smaller.
			editor.doc.getText('t').delete(0, 1000);
			await waitFor(() => reloaded?.doc.getText('t').length === 4000, 'deletion applied');
			// (A deletion leaves the state vector as it was, so "saved" cannot tell: read storage.)
			await waitFor(async () => {
				const stored = await storedDoc(database.db, documentId);
				const length = stored.getText('t').length;
				stored.destroy();
				return length === 4000;
			}, 'deletion stored');
			expect(editor.provider.wsconnected).toBe(true);
		}));
});

/** An upgrade's HTTP answer: 101 when it opened (then closed), else the status and Retry-After. */
function upgradeAnswer(url: string, headers: Record<string, string>): Promise<{ status: number; retryAfter: string | null }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { headers: { origin: originOf(url), ...headers } });
		ws.on('error', () => {});
		ws.on('open', () => {
			ws.close();
			resolve({ status: 101, retryAfter: null });
		});
		ws.on('unexpected-response', (_req, res) => {
			resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] ?? null });
			res.destroy();
		});
	});
}

/**
 * Throttled upgrades are answered before any database query: each test ends by dropping its
 * own database, after which an upgrade that reached the query would get 503 — a 429 proves
 * it never got there.
 */
describe.each(testDatabases)('sync upgrade throttles on %s', (kind) => {
	it('throttles refused upgrades per address with 429 and Retry-After; accepted ones do not count', async () => {
		const database = await createTestDatabase(kind);
		const world = await makeWorld(database.db);
		const fixture = await startSync(database, { settings: { upgradeAddressBurst: 2, upgradesPerAddressPerSecond: 0.1 } });
		const url = `${fixture.baseUrl}/${world.documentId}`;
		try {
			// More accepted upgrades than the burst: each gives its token back.
			for (let i = 0; i < 4; i++) expect((await upgradeAnswer(url, { cookie: world.editor.cookie })).status).toBe(101);
			await waitFor(() => !fixture.sync.rooms.has(world.documentId), 'room unloaded');
			await database.destroy();
			// A well-formed session that does not exist: each reaches the (now failing) query.
			const forged = { cookie: `alur_session=${'a'.repeat(24)}.${'b'.repeat(24)}` };
			expect((await upgradeAnswer(url, forged)).status).toBe(503);
			expect((await upgradeAnswer(url, forged)).status).toBe(503);
			// The address has used its burst of refusals: answered without the database.
			expect(await upgradeAnswer(url, forged)).toEqual({ status: 429, retryAfter: '10' });
			// Every upgrade from that address, a valid session's too.
			expect((await upgradeAnswer(url, { cookie: world.editor.cookie })).status).toBe(429);
		} finally {
			await fixture.close();
		}
	});

	it('throttles upgrades per user with 429 and Retry-After, before the query for a session seen before', async () => {
		const database = await createTestDatabase(kind);
		const world = await makeWorld(database.db);
		const colleague = await world.member({ team: 'member' });
		// A slow refill (one upgrade per 50 s): on a loaded machine the room's unloading below can take
		// seconds, and a faster refill would hand the third upgrade a fresh token.
		const fixture = await startSync(database, { settings: { upgradeUserBurst: 2, upgradesPerUserPerSecond: 0.02 } });
		const url = `${fixture.baseUrl}/${world.documentId}`;
		try {
			expect((await upgradeAnswer(url, { cookie: world.editor.cookie })).status).toBe(101);
			expect((await upgradeAnswer(url, { cookie: world.editor.cookie })).status).toBe(101);
			await waitFor(() => !fixture.sync.rooms.has(world.documentId), 'room unloaded');
			await database.destroy();
			expect(await upgradeAnswer(url, { cookie: world.editor.cookie })).toEqual({ status: 429, retryAfter: '50' });
			// Another user from the same address is not throttled: it reaches the (failing) query.
			expect((await upgradeAnswer(url, { cookie: colleague.cookie })).status).toBe(503);
		} finally {
			await fixture.close();
		}
	});
});
