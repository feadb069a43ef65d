import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { documentShares, documents, teamMembers } from '../../../src/lib/server/db/schema';
import { deleteSession } from '../../../src/lib/server/auth/session';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { connectClient, makeWorld, startSync, synced, type Client, type Member, type SyncFixture, type World } from './harness';

/** Rights change while a socket is open: it must lose them within 5 s (checked every 300 ms here). */
describe.each(testDatabases)('sync rights re-check on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		// The production interval (2 s), to show the 5 s bound holds with it.
		fixture = await startSync(database, { settings: { recheckMs: 2000 } });
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture.close();
		await database.destroy();
	});

	async function connected(member: Member): Promise<{ client: Client; closed: Promise<{ code: number; at: number }> }> {
		const client = connectClient(fixture, world.documentId, member);
		clients.push(client);
		await synced(client);
		const closed = new Promise<{ code: number; at: number }>((resolve) =>
			client.provider.on('connection-close', (event) => {
				// Stop reconnecting (after the provider finished handling this close).
				client.provider.shouldConnect = false;
				resolve({ code: event?.code ?? 0, at: Date.now() });
			})
		);
		return { client, closed };
	}

	it('closes a member removed from the team with AccessRevoked within 5 s', async () => {
		const member = await world.member({ team: 'member' });
		const { closed } = await connected(member);
		const revokedAt = Date.now();
		await database.db.delete(teamMembers).where(and(eq(teamMembers.teamId, world.teamId), eq(teamMembers.userId, member.userId)));
		const result = await closed;
		expect(result.code).toBe(CloseCode.AccessRevoked);
		expect(result.at - revokedAt).toBeLessThan(5000);
	});

	it('closes a socket whose session ended (sign-out) with SessionEnded within 5 s', async () => {
		const member = await world.member({ team: 'member' });
		const { closed } = await connected(member);
		const endedAt = Date.now();
		await deleteSession(database.db, member.sessionId);
		const result = await closed;
		expect(result.code).toBe(CloseCode.SessionEnded);
		expect(result.at - endedAt).toBeLessThan(5000);
	});

	it('closes an editor downgraded to viewer, and a viewer whose share and visibility went away', async () => {
		const shared = await world.member({ share: 'editor' });
		const first = await connected(shared);
		await database.db.update(documentShares).set({ role: 'viewer' }).where(eq(documentShares.userId, shared.userId));
		expect((await first.closed).code).toBe(CloseCode.AccessRevoked);

		await database.db.update(documents).set({ visibility: 'organisation' }).where(eq(documents.id, world.documentId));
		const orgMember = await world.member({ org: 'member' });
		const second = await connected(orgMember);
		await database.db.update(documents).set({ visibility: 'team' }).where(eq(documents.id, world.documentId));
		expect((await second.closed).code).toBe(CloseCode.AccessRevoked);
	});
});
