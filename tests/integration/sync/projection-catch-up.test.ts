import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { documentProjections, lessons } from '../../../src/lib/server/db/schema';
import { appendDocumentUpdate } from '../../../src/lib/server/repositories/document-log';
import { markProjectionStale } from '../../../src/lib/server/repositories/projections';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { databaseStore, type SyncStore } from '../../../server/sync/store';
import { connectClient, isSaved, makeWorld, startSync, synced, updateFrom, waitFor, type Client, type World } from './harness';

/** Appends a lesson block to the body (what the editor's `lesson` node is in the Y.Doc). */
function addLesson(doc: Y.Doc, title: string): string {
	const id = crypto.randomUUID();
	const lesson = new Y.XmlElement('lesson');
	lesson.setAttribute('id', id);
	lesson.setAttribute('title', title);
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText('Petugas cadangan disiapkan sebelum jam sibuk.')]);
	lesson.insert(0, [paragraph]);
	const body = doc.getXmlFragment('default');
	body.insert(body.length, [lesson]);
	return id;
}

/**
 * Projections catch up: a room marks its document's projection stale when it first changes
 * after a projection, so a crash or a projection still failing at unload leaves a flag, and
 * the catch-up projects such documents from the log once it can.
 */
describe.each(testDatabases)('projection catch-up on %s', (kind) => {
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

	const client = (fixture: { baseUrl: string }, documentId: string) => {
		const c = connectClient(fixture, documentId, world.editor);
		clients.push(c);
		return c;
	};
	const projectionRow = async (documentId: string) =>
		(await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, documentId)))[0];
	const lessonTitles = async (documentId: string) =>
		(await database.db.select().from(lessons).where(eq(lessons.sourceDocumentId, documentId))).map((l) => l.title);

	/** The real store, with projection writes that fail while `failing.on` is set. */
	function failingProjections() {
		const real = databaseStore(database.db, sessionPolicy(14, 60));
		const failing = { on: false, calls: 0 };
		const store: SyncStore = {
			...real,
			project: (documentId, orgId, projection) => {
				failing.calls += 1;
				return failing.on ? Promise.reject(new Error('projection write refused')) : real.project(documentId, orgId, projection);
			}
		};
		return { store, failing };
	}

	it('marks the projection stale on the first change and clears it when the projection is written', async () => {
		// Slow projections: the stale flag must be visible long before the projection runs.
		const fixture = await startSync(database, { settings: { projectionDebounceMs: 60_000, projectionMaxWaitMs: 60_000 } });
		try {
			const documentId = await world.document();
			const a = client(fixture, documentId);
			await synced(a);
			addLesson(a.doc, 'Siapkan petugas cadangan');
			await waitFor(async () => (await projectionRow(documentId))?.stale === true, 'marked stale');
			expect(await lessonTitles(documentId)).toEqual([]);

			// Unload projects (the room's last socket left) and clears the flag.
			a.destroy();
			await waitFor(() => !fixture.sync.rooms.has(documentId), 'room unloaded');
			expect((await projectionRow(documentId))?.stale).toBe(false);
			expect(await lessonTitles(documentId)).toEqual(['Siapkan petugas cadangan']);
		} finally {
			await fixture.close();
		}
	});

	it('marks the projection stale again when the document changed while it was being written', async () => {
		const real = databaseStore(database.db, sessionPolicy(14, 60));
		const held: { release: () => void }[] = [];
		let hold = true;
		const store: SyncStore = {
			...real,
			project: async (documentId, orgId, projection) => {
				if (hold) await new Promise<void>((resolve) => held.push({ release: resolve }));
				await real.project(documentId, orgId, projection);
			}
		};
		const fixture = await startSync(database, { store });
		try {
			const documentId = await world.document();
			const a = client(fixture, documentId);
			await synced(a);
			addLesson(a.doc, 'Pertama');
			await waitFor(() => held.length === 1, 'first projection started');
			// An edit while the first projection is on its way to the database.
			addLesson(a.doc, 'Kedua');
			await waitFor(() => isSaved(a), 'second edit saved');
			held[0].release();
			await waitFor(() => held.length === 2, 'second projection started');
			// The first projection cleared the flag, then the room marked it again (the second
			// projection is still held).
			expect(await lessonTitles(documentId)).toEqual(['Pertama']);
			await waitFor(async () => (await projectionRow(documentId))?.stale === true, 'marked stale again');
			hold = false;
			held[1].release();
			await waitFor(async () => (await projectionRow(documentId))?.stale === false, 'second projection written');
			expect((await lessonTitles(documentId)).sort()).toEqual(['Kedua', 'Pertama']);
		} finally {
			hold = false;
			for (const h of held) h.release();
			await fixture.close();
		}
	});

	it('projects a document whose projection still failed when its room unloaded, once writes work again', async () => {
		const { store, failing } = failingProjections();
		const fixture = await startSync(database, { store, settings: { projectionCatchUpMs: 200, projectionCatchUpQuietMs: 0 } });
		try {
			const documentId = await world.document();
			failing.on = true;
			let roomFailures = 0;
			let catchUpFailures = 0;
			fixture.sync.events.on('projection-failed', (event) => {
				if (event.documentId !== documentId) return;
				if (event.stage === 'catch-up') catchUpFailures += 1;
				else if (!event.stage) roomFailures += 1;
			});
			const caughtUp = new Promise<void>((resolve) =>
				fixture.sync.events.on('projection-caught-up', (event) => event.documentId === documentId && resolve())
			);

			const a = client(fixture, documentId);
			await synced(a);
			addLesson(a.doc, 'Verifikasi berkas sebelum antre');
			await waitFor(() => isSaved(a) && roomFailures >= 1, 'saved, projection failed');
			a.destroy();
			await waitFor(() => !fixture.sync.rooms.has(documentId), 'room unloaded');
			// The room gave up on the projection when it unloaded; the flag is what remains.
			expect((await projectionRow(documentId))?.stale).toBe(true);
			expect(await lessonTitles(documentId)).toEqual([]);
			// The catch-up tries too, and fails while writes fail.
			await waitFor(() => catchUpFailures >= 1, 'catch-up tried');

			failing.on = false;
			await caughtUp;
			expect(await lessonTitles(documentId)).toEqual(['Verifikasi berkas sebelum antre']);
			expect((await projectionRow(documentId))?.stale).toBe(false);
		} finally {
			failing.on = false;
			await fixture.close();
		}
	});

	it('projects, after a start, a document a crashed server left with log rows and a stale flag', async () => {
		// What a server killed between saving and projecting leaves: log rows, the flag, no rows.
		const documentId = await world.document();
		const first = updateFrom(null, (d) => addLesson(d, 'Nomor antrean dikirim lewat SMS'));
		await appendDocumentUpdate(database.db, documentId, first);
		await appendDocumentUpdate(database.db, documentId, updateFrom(first, (d) => addLesson(d, 'Loket prioritas untuk lansia')));
		await markProjectionStale(database.db, documentId);
		expect(await lessonTitles(documentId)).toEqual([]);

		const fixture = await startSync(database, { settings: { projectionCatchUpQuietMs: 0 } });
		try {
			await waitFor(async () => (await projectionRow(documentId))?.stale === false, 'projected after start');
			expect((await lessonTitles(documentId)).sort()).toEqual(['Loket prioritas untuk lansia', 'Nomor antrean dikirim lewat SMS']);
			// Read only: the catch-up neither opened a room nor compacted the log.
			expect(fixture.sync.rooms.has(documentId)).toBe(false);
		} finally {
			await fixture.close();
		}
	});

	it('leaves stale documents alone while another instance may be projecting them, or while a room here has them open', async () => {
		const documentId = await world.document();
		await appendDocumentUpdate(database.db, documentId, updateFrom(null, (d) => addLesson(d, 'Baru saja ditulis')));
		await markProjectionStale(database.db, documentId);

		// Written a moment ago: within the quiet period (the default is a minute).
		const quiet = await startSync(database);
		try {
			await quiet.sync.catchUpProjections();
			expect((await projectionRow(documentId))?.stale).toBe(true);
		} finally {
			await quiet.close();
		}

		// Without the quiet period the catch-up takes it (at start, or in this round).
		const open = await startSync(database, { settings: { projectionCatchUpQuietMs: 0 } });
		try {
			await open.sync.catchUpProjections();
			expect((await projectionRow(documentId))?.stale).toBe(false);
			expect(await lessonTitles(documentId)).toEqual(['Baru saja ditulis']);

			// Open in a room on this instance: its projector is in charge, not the catch-up.
			let caughtUp = 0;
			open.sync.events.on('projection-caught-up', (event) => event.documentId === documentId && (caughtUp += 1));
			const a = client(open, documentId);
			await synced(a);
			await markProjectionStale(database.db, documentId);
			await open.sync.catchUpProjections();
			expect(caughtUp).toBe(0);
			expect((await projectionRow(documentId))?.stale).toBe(true);
			a.destroy();
			await waitFor(() => !open.sync.rooms.has(documentId), 'room unloaded');
			// Closed without a change, so the room had nothing to project: now the catch-up does.
			await open.sync.catchUpProjections();
			expect(caughtUp).toBe(1);
			expect((await projectionRow(documentId))?.stale).toBe(false);
		} finally {
			await open.close();
		}
	});
});
