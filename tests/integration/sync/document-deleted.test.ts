import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { documents, documentUpdates, teams } from '../../../src/lib/server/db/schema';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { databaseStore, type SyncStore } from '../../../server/sync/store';
import { connectClient, isSaved, makeWorld, startSync, synced, waitFor, type Client, type SyncFixture, type World } from './harness';

/**
 * A document (or its team) deleted permanently while its room is open: the sockets close with
 * DocumentDeleted, and a room holding unsaved updates treats the failed save as terminal —
 * it drops its queue and unloads instead of retrying for the life of the process (and
 * breaking up the shared log statement of every other room on each retry).
 */
describe.each(testDatabases)('sync on a deleted document on %s', (kind) => {
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

	function client(fixture: SyncFixture, documentId: string): Client {
		const c = connectClient(fixture, documentId, world.editor);
		clients.push(c);
		return c;
	}

	/** Resolves with the first close code the provider sees, and stops it reconnecting. */
	function firstClose(c: Client): Promise<number> {
		return new Promise((resolve) =>
			c.provider.on('connection-close', (event) => {
				c.provider.shouldConnect = false;
				resolve(event?.code ?? 0);
			})
		);
	}

	it('closes the sockets of a document deleted permanently with DocumentDeleted, and unloads its room', async () => {
		const fixture = await startSync(database);
		try {
			const documentId = await world.document();
			const reader = client(fixture, documentId);
			const writer = client(fixture, documentId);
			await Promise.all([synced(reader), synced(writer)]);
			writer.doc.getText('t').insert(0, 'akar masalah');
			await waitFor(() => isSaved(writer), 'saved before the delete');
			const closes = [firstClose(reader), firstClose(writer)];
			await database.db.delete(documents).where(eq(documents.id, documentId));
			expect(await Promise.all(closes)).toEqual([CloseCode.DocumentDeleted, CloseCode.DocumentDeleted]);
			await waitFor(() => !fixture.sync.rooms.has(documentId), 'room unloaded');
		} finally {
			await fixture.close();
		}
	});

	it('closes the sockets of a document whose team was deleted with DocumentDeleted', async () => {
		const fixture = await startSync(database);
		const other = await makeWorld(database.db);
		try {
			const c = connectClient(fixture, other.documentId, other.editor);
			clients.push(c);
			await synced(c);
			const closed = firstClose(c);
			// Cascades to the team's documents.
			await database.db.delete(teams).where(eq(teams.id, other.teamId));
			expect(await closed).toBe(CloseCode.DocumentDeleted);
			await waitFor(() => !fixture.sync.rooms.has(other.documentId), 'room unloaded');
		} finally {
			await fixture.close();
		}
	});

	it('ends a room whose document vanished under unsaved updates, while the shared log batch keeps saving another room', async () => {
		const real = databaseStore(database.db, sessionPolicy(14, 60));
		const doomed = await world.document();
		const survivor = await world.document();
		/** Appends of the doomed room, and the one being held until the delete. */
		let doomedAppends = 0;
		let held: (() => void) | null = null;
		let deleted = false;
		const store: SyncStore = {
			...real,
			append(documentId, updates) {
				if (documentId === doomed) {
					doomedAppends += 1;
					if (!deleted) return new Promise<void>((resolve, reject) => (held = () => real.append(documentId, updates).then(resolve, reject)));
				}
				// Release the doomed room's append in the same turn as this one: both go into one
				// log statement, which the foreign key then fails.
				if (documentId === survivor && deleted && held) {
					const release: () => void = held;
					held = null;
					release();
				}
				return real.append(documentId, updates);
			}
		};
		// The re-check must not find the deleted row first: this test is about the failed save.
		const fixture = await startSync(database, { store, settings: { recheckMs: 600_000 } });
		const failures: string[] = [];
		const gone: { documentId: string; detectedBy: string }[] = [];
		fixture.sync.events.on('save-failed', ({ documentId }) => failures.push(documentId));
		fixture.sync.events.on('document-gone', (event) => gone.push(event));
		try {
			const a = client(fixture, doomed);
			const b = client(fixture, survivor);
			await Promise.all([synced(a), synced(b)]);
			a.doc.getText('t').insert(0, 'belum tersimpan');
			await waitFor(() => held !== null, 'the doomed room appending');
			expect(isSaved(a)).toBe(false);
			const closed = firstClose(a);

			await database.db.delete(documents).where(eq(documents.id, doomed));
			deleted = true;
			b.doc.getText('t').insert(0, 'tetap tersimpan');
			expect(await closed).toBe(CloseCode.DocumentDeleted);
			expect(gone).toEqual([{ documentId: doomed, detectedBy: 'save' }]);
			await waitFor(() => !fixture.sync.rooms.has(doomed), 'doomed room unloaded');
			await waitFor(() => isSaved(b), 'the other room saved through the failed batch');

			// The other room keeps saving, and the doomed room never tries again.
			for (const word of [' satu', ' dua', ' tiga']) {
				b.doc.getText('t').insert(b.text().length, word);
				await waitFor(() => isSaved(b), `saved "${word}"`);
			}
			expect(doomedAppends).toBe(1);
			expect(failures).toEqual([]);
			const rows = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, doomed));
			expect(rows).toHaveLength(0);
		} finally {
			await fixture.close();
		}
	});
});
