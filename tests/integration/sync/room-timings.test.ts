import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { DEFAULT_ROOM_TIMINGS } from '../../../server/sync/room-timings';
import { connectClient, isSaved, makeWorld, startSync, storedDoc, synced, waitFor, type Client, type SyncFixture, type World } from './harness';

/**
 * A room's timers come from `SyncSettings.roomTimings` (room-timings.ts): with them shortened, a
 * test waits on the condition for a fraction of the production delay instead of real seconds.
 */
describe.each(testDatabases)('sync room timings on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database, { settings: { compactAfterRows: 3, roomTimings: { compactQuietMs: 40, savedNotifyMs: 20 } } });
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture.close();
		await database.destroy();
	});

	it('compacts a log past the threshold once writes pause for the injected quiet time, not the default', async () => {
		expect(DEFAULT_ROOM_TIMINGS.compactQuietMs).toBeGreaterThan(1000);
		const documentId = await world.document();
		const writer = connectClient(fixture, documentId, world.editor);
		clients.push(writer);
		await synced(writer);
		const compacted: number[] = [];
		fixture.sync.events.on('compacted', (e) => {
			if (e.documentId === documentId) compacted.push(e.rows);
		});
		const text = writer.doc.getText('t');
		for (let i = 0; i < 4; i++) {
			text.insert(text.length, `baris ${i}. `);
			// One row per edit: wait for each save before the next.
			await waitFor(() => isSaved(writer), `edit ${i} saved`);
		}
		const started = performance.now();
		await waitFor(() => compacted.length > 0, 'compacted after the injected quiet time', 1000);
		expect(performance.now() - started).toBeLessThan(DEFAULT_ROOM_TIMINGS.compactQuietMs);
		expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe(text.toString());
	});
});
