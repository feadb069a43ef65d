import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { documentEditDays } from '../../../src/lib/server/db/schema';
import { BODY_FRAGMENT, TITLE_TEXT } from '../../../src/lib/document-contract';
import { createThread } from '../../../src/lib/comments/operations';
import { jakartaDay } from '../../../server/sync/edit-tally';
import { appendDocumentUpdatesOfMany } from '../../../src/lib/server/repositories/document-log';
import { connectClient, isSaved, makeWorld, startSync, synced, waitFor, type Client, type SyncFixture, type World } from './harness';

/**
 * The sync server records who edited which document on which day (document_edit_days, the
 * "experience" of 70:20:10) in the same statement as the saved updates: real servers, real
 * WebSocket clients, both databases.
 */
describe.each(testDatabases)('edit days on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture?.close();
		await database?.destroy();
	});

	function connect(documentId: string, member: World['editor']): Client {
		const c = connectClient(fixture, documentId, member);
		clients.push(c);
		return c;
	}

	const rowsOf = (documentId: string) =>
		database.db
			.select({ userId: documentEditDays.userId, day: documentEditDays.day, updates: documentEditDays.updates, teamId: documentEditDays.teamId, orgId: documentEditDays.orgId })
			.from(documentEditDays)
			.where(eq(documentEditDays.documentId, documentId));

	function type(c: Client, text: string) {
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText(text)]);
		c.doc.getXmlFragment(BODY_FRAGMENT).push([p]);
	}

	it('records one row per person and day, counted up by each saved edit, and none for a comment', async () => {
		const documentId = await world.document();
		const other = await world.member({ team: 'member', name: 'Rina Anggota' });
		const mentor = await world.member({ team: 'mentor', name: 'Mentor Maya' });
		const a = connect(documentId, world.editor);
		const b = connect(documentId, other);
		const m = connect(documentId, mentor);
		await Promise.all([synced(a), synced(b), synced(m)]);
		const today = jakartaDay(Date.now());

		type(a, 'Antrean panjang di loket 3');
		await waitFor(() => isSaved(a), 'first edit saved');
		type(b, 'Petugas kurang pada jam sibuk');
		await waitFor(() => isSaved(b), 'second person saved');
		createThread(m.doc, { userId: mentor.userId, at: new Date().toISOString() }, { threadId: crypto.randomUUID(), body: 'Berapa petugas?', anchor: null });
		await waitFor(() => isSaved(m), 'comment saved');

		let rows = await rowsOf(documentId);
		expect(rows.map((r) => r.userId).sort()).toEqual([world.editor.userId, other.userId].sort());
		for (const row of rows) expect(row).toMatchObject({ day: today, teamId: world.teamId, orgId: world.orgId, updates: 1 });

		// The same person again, the same day: still one row, counted up.
		a.doc.getText(TITLE_TEXT).insert(0, 'Antrean');
		await waitFor(() => isSaved(a), 'title edit saved');
		type(a, 'Tambah loket');
		await waitFor(() => isSaved(a), 'third edit saved');
		await waitFor(async () => (await rowsOf(documentId)).find((r) => r.userId === world.editor.userId)?.updates === 3, 'counted up');
		rows = await rowsOf(documentId);
		expect(rows).toHaveLength(2);
		expect(rows.find((r) => r.userId === other.userId)?.updates).toBe(1);
	});

	it('writes the edit days in the log’s statement: when the log rows fail, no edit day is stored', async () => {
		const documentId = await world.document();
		const gone = crypto.randomUUID();
		const edits = [{ documentId, userId: world.editor.userId, day: '2026-05-05', updates: 4 }];
		// One batch of two rooms, one of whose documents does not exist: the statement fails whole.
		await expect(
			appendDocumentUpdatesOfMany(
				database.db,
				[
					{ documentId, data: new Uint8Array([0, 0]) },
					{ documentId: gone, data: new Uint8Array([0, 0]) }
				],
				edits
			)
		).rejects.toThrow();
		expect(await rowsOf(documentId)).toEqual([]);
		await appendDocumentUpdatesOfMany(database.db, [{ documentId, data: new Uint8Array([0, 0]) }], [...edits, { ...edits[0], updates: 2 }]);
		expect(await rowsOf(documentId)).toEqual([{ userId: world.editor.userId, day: '2026-05-05', updates: 6, teamId: world.teamId, orgId: world.orgId }]);
	});
});
