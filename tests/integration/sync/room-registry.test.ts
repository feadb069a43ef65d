import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { parseConfig } from '../../../src/lib/server/config';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { loadDocumentLog } from '../../../src/lib/server/repositories/document-log';
import { SyncEvents } from '../../../server/sync/events';
import { RoomRegistry } from '../../../server/sync/room-registry';
import { syncSettings } from '../../../server/sync/settings';
import { databaseStore, type SyncStore } from '../../../server/sync/store';
import { makeWorld, TEST_SETTINGS, type World } from './harness';

/** Load reservations: the upgrade's access query reads a document not in memory for the registry. */
describe.each(testDatabases)('room registry load reservations on %s', (kind) => {
	let database: TestDatabase;
	let world: World;
	const settings = syncSettings(parseConfig({ NODE_ENV: 'test' }), TEST_SETTINGS);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		await database.destroy();
	});

	function registryWith(store: SyncStore): { registry: RoomRegistry; events: SyncEvents } {
		const events = new SyncEvents();
		events.on('room-load-failed', () => {});
		return { registry: new RoomRegistry(store, settings, events, null), events };
	}

	const textDocument = () => world.document((doc) => doc.getText('t').insert(0, 'isi dokumen'));

	it('builds the room from the reserved read, and every acquire waiting for it gets that room', async () => {
		const documentId = await textDocument();
		const store = databaseStore(database.db, sessionPolicy(14, 60));
		let storeLoads = 0;
		const { registry } = registryWith({ ...store, load: (id) => (storeLoads++, store.load(id)) });
		const reservation = registry.reserveLoad(documentId);
		expect(reservation).not.toBeNull();
		// Held: nobody else may reserve it, and acquiring waits instead of reading.
		expect(registry.reserveLoad(documentId)).toBeNull();
		const waiting = registry.acquire(documentId, world.orgId);
		reservation!.fulfil(world.orgId, await loadDocumentLog(database.db, documentId));
		const [first, second] = await Promise.all([waiting, registry.acquire(documentId, world.orgId)]);
		expect(first).toBe(second);
		expect(first.doc.getText('t').toString()).toBe('isi dokumen');
		expect(storeLoads).toBe(0);
		expect(registry.reserveLoad(documentId)).toBeNull();
		first.destroy();
	});

	it('lets a waiting acquire read the document itself when the reservation is released', async () => {
		const documentId = await textDocument();
		const { registry } = registryWith(databaseStore(database.db, sessionPolicy(14, 60)));
		const reservation = registry.reserveLoad(documentId)!;
		const waiting = registry.acquire(documentId, world.orgId);
		reservation.release();
		const room = await waiting;
		expect(room.doc.getText('t').toString()).toBe('isi dokumen');
		room.destroy();
	});

	it('opens no room when the read after a released reservation fails, and reserves again afterwards', async () => {
		const documentId = await textDocument();
		const store = databaseStore(database.db, sessionPolicy(14, 60));
		const { registry, events } = registryWith({ ...store, load: () => Promise.reject(new Error('database unreachable')) });
		const failures: unknown[] = [];
		events.on('room-load-failed', ({ error }) => failures.push(error));
		const reservation = registry.reserveLoad(documentId)!;
		const waiting = registry.acquire(documentId, world.orgId);
		reservation.release();
		await expect(waiting).rejects.toThrow('database unreachable');
		expect(registry.rooms.size).toBe(0);
		expect(registry.documentIds()).toEqual([]);
		expect(failures).toHaveLength(1);
		const again = registry.reserveLoad(documentId);
		expect(again).not.toBeNull();
		again!.release();
	});
});
