import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { appendDocumentUpdate } from '../../../src/lib/server/repositories/document-log';
import { loadDocumentSnapshot, SNAPSHOT_MAX_BYTES } from '../../../src/lib/server/document-snapshot';
import { makeWorld, type World } from './harness';

function decode(snapshot: string): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Buffer.from(snapshot, 'base64'));
	return doc;
}

/** Each change to `doc` as its own update, in order. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return updates;
}

// The editor page carries the committed document (document-snapshot.ts): what a room would send.
describe.each(testDatabases)('document snapshot for the page on %s', (kind) => {
	let database: TestDatabase;
	let world: World;
	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('is null for a document nobody has written in', async () => {
		expect(await loadDocumentSnapshot(database.db, await world.document())).toBeNull();
	});

	it('holds every committed update, merged, as the text the writers see', async () => {
		const documentId = await world.document();
		const source = new Y.Doc();
		const updates = recordUpdates(source);
		source.getText('t').insert(0, 'Antrean ');
		source.getText('t').insert(8, 'loket 3');
		source.getMap('m').set('k', 'v');
		for (const update of updates) await appendDocumentUpdate(database.db, documentId, update);

		const snapshot = await loadDocumentSnapshot(database.db, documentId);
		expect(snapshot).not.toBeNull();
		const copy = decode(snapshot!);
		expect(copy.getText('t').toString()).toBe('Antrean loket 3');
		expect(copy.getMap('m').get('k')).toBe('v');
		// The client's sync step 1 names this state: the server owes it nothing more.
		expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(source));
	});

	it('leaves out content still waiting for a missing update, as a room does', async () => {
		const documentId = await world.document();
		const other = new Y.Doc();
		const otherUpdates = recordUpdates(other);
		other.getText('o').insert(0, 'lengkap');
		const source = new Y.Doc();
		const updates = recordUpdates(source);
		source.getText('t').insert(0, 'a');
		source.getText('t').insert(1, 'b');
		// Only the second update of `source` reached the log: it depends on the first.
		await appendDocumentUpdate(database.db, documentId, otherUpdates[0]);
		await appendDocumentUpdate(database.db, documentId, updates[1]);

		const copy = decode((await loadDocumentSnapshot(database.db, documentId))!);
		expect(copy.getText('o').toString()).toBe('lengkap');
		expect(copy.getText('t').toString()).toBe('');
		expect(copy.store.pendingStructs).toBeNull();
		// Once the first update arrives too, both are there.
		await appendDocumentUpdate(database.db, documentId, updates[0]);
		expect(decode((await loadDocumentSnapshot(database.db, documentId))!).getText('t').toString()).toBe('ab');
	});

	it('is null above the size the page carries (the sync step brings it)', async () => {
		const documentId = await world.document();
		const source = new Y.Doc();
		const updates = recordUpdates(source);
		source.getText('t').insert(0, 'x'.repeat(SNAPSHOT_MAX_BYTES + 1));
		for (const update of updates) await appendDocumentUpdate(database.db, documentId, update);
		expect(await loadDocumentSnapshot(database.db, documentId)).toBeNull();
	});
});
