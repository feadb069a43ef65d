import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { appendDocumentUpdate, appendDocumentUpdatesOfMany, loadDocumentLog } from '../../../src/lib/server/repositories/document-log';
import { createDocumentRow, makeWorld, type World } from './harness';

// The log's bytes must come back exactly as written, whichever bytea codec the driver uses
// (PGlite's is replaced by Node's native hex codec in db/client.ts).
describe.each(testDatabases)('bytea round trip on %s', (kind) => {
	let database: TestDatabase;
	let world: World;
	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('stores and reads every byte value, empty and large values, and subarray views', async () => {
		const documentId = await createDocumentRow(database.db, { orgId: world.orgId, teamId: world.teamId, createdBy: world.editor.userId });
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
		const backing = Uint8Array.from([9, 9, 1, 2, 3, 9]);
		const view = backing.subarray(2, 5);
		for (const data of [all, new Uint8Array(0), large, view]) await appendDocumentUpdate(database.db, documentId, data);
		const stored = await loadDocumentLog(database.db, documentId);
		expect(stored.updates.map((u) => Array.from(u.data))).toEqual([Array.from(all), [], Array.from(large), [1, 2, 3]]);
	});

	it('appends a batch of several documents in order, bytes intact', async () => {
		const [first, second] = await Promise.all([world.document(), world.document()]);
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		const view = Uint8Array.from([9, 9, 1, 2, 3, 9]).subarray(2, 5);
		await appendDocumentUpdatesOfMany(database.db, [
			{ documentId: first, data: all },
			{ documentId: second, data: view },
			{ documentId: first, data: new Uint8Array(0) },
			{ documentId: first, data: Uint8Array.from([7]) }
		]);
		expect((await loadDocumentLog(database.db, first)).updates.map((u) => Array.from(u.data))).toEqual([Array.from(all), [], [7]]);
		expect((await loadDocumentLog(database.db, second)).updates.map((u) => Array.from(u.data))).toEqual([[1, 2, 3]]);
	});
});
