import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { documentProjections, documentStates, documentUpdates, documents, lessons, processChanges } from '../../../src/lib/server/db/schema';
import { appendDocumentUpdate, compactDocumentLog } from '../../../src/lib/server/repositories/document-log';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { databaseStore, mergeStoredUpdates, type SyncStore } from '../../../server/sync/store';
import { messageKey } from '../../../src/lib/comments/model';
import { connectClient, isSaved, makeWorld, rawSocket, startSync, storedDoc, synced, updateFrom, updateMessage, waitFor, type Client, type World } from './harness';

describe.each(testDatabases)('sync persistence on %s', (kind) => {
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

	const client = (fixture: { baseUrl: string }, documentId = world.documentId) => {
		const c = connectClient(fixture, documentId, world.editor);
		clients.push(c);
		return c;
	};

	it('reports saved only after the row is committed, and keeps content across a restart', async () => {
		const first = await startSync(database);
		const a = client(first);
		await synced(a);
		a.doc.getText('t').insert(0, 'Antrean dimulai pukul 07.00');
		await waitFor(() => isSaved(a), 'saved');
		// Saved means committed: the text is in the database now.
		expect((await storedDoc(database.db, world.documentId)).getText('t').toString()).toBe('Antrean dimulai pukul 07.00');
		a.provider.disconnect();
		await first.close();

		const second = await startSync(database);
		const b = client(second);
		await synced(b);
		expect(b.text()).toBe('Antrean dimulai pukul 07.00');
		b.provider.disconnect();
		await second.close();
	});

	it('unloads a room after the last client left and its saves finished, compacting the log', async () => {
		const fixture = await startSync(database);
		try {
			const documentId = await world.document();
			const a = client(fixture, documentId);
			await synced(a);
			for (let i = 0; i < 5; i++) {
				a.doc.getText('t').insert(i, String(i));
				await waitFor(() => isSaved(a), 'saved');
			}
			const unloaded = new Promise<void>((resolve) =>
				fixture.sync.events.on('compacted', (e) => {
					if (e.documentId === documentId) resolve();
				})
			);
			a.provider.disconnect();
			await unloaded;
			expect(fixture.sync.rooms.has(documentId)).toBe(false);
			const rows = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId));
			expect(rows).toHaveLength(0);
			const [state] = await database.db.select().from(documentStates).where(eq(documentStates.documentId, documentId));
			expect(state.upToUpdateId).toBeGreaterThan(0);
			expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe('01234');
		} finally {
			await fixture.close();
		}
	});

	it('saves several rooms through the shared log writer and compacts each log on shutdown', async () => {
		const fixture = await startSync(database);
		const ids = [];
		for (let i = 0; i < 2; i++)
			ids.push(await world.document());
		const [a, b] = ids.map((id) => client(fixture, id));
		try {
			await Promise.all([synced(a), synced(b)]);
			for (let i = 0; i < 5; i++) {
				a.doc.getText('t').insert(i, String(i));
				b.doc.getText('t').insert(i, String(9 - i));
				await waitFor(() => isSaved(a) && isSaved(b), 'saved');
			}
			// Still connected: the shutdown path (SIGTERM) must flush and fold the logs itself.
			const rowsBefore = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, ids[0]));
			expect(rowsBefore.length).toBeGreaterThan(1);
		} finally {
			await fixture.close();
			a.destroy();
			b.destroy();
		}
		for (const [id, text] of [
			[ids[0], '01234'],
			[ids[1], '98765']
		]) {
			const rows = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, id));
			expect(rows).toHaveLength(0);
			expect((await storedDoc(database.db, id)).getText('t').toString()).toBe(text);
		}
	});

	it('compaction folds state and log in one step and keeps structs still waiting for a dependency', async () => {
		const documentId = await world.document((d) => d.getText('t').insert(0, 'awal '));
		const [initial] = await database.db.select().from(documentStates).where(eq(documentStates.documentId, documentId));
		const u1 = updateFrom(initial.state, (d) => d.getText('t').insert(5, 'tengah '), 1001);
		const afterU1 = Y.mergeUpdates([initial.state, u1]);
		const u2 = updateFrom(afterU1, (d) => d.getText('t').insert(12, 'akhir'), 1002);
		const u3 = updateFrom(Y.mergeUpdates([afterU1, u2]), (d) => d.getText('t').delete(0, 5), 1003);
		// u2 is stored, u1 (its dependency) is not yet: u2 waits.
		await appendDocumentUpdate(database.db, documentId, u2);
		await appendDocumentUpdate(database.db, documentId, u3);
		const folded = await compactDocumentLog(database.db, documentId, mergeStoredUpdates);
		expect(folded).toBe(2);
		expect(await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId))).toHaveLength(0);
		// The dependency arrives later; nothing of u2 or u3 was lost by the compaction.
		await appendDocumentUpdate(database.db, documentId, u1);
		expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe('tengah akhir');
		expect(await compactDocumentLog(database.db, documentId, mergeStoredUpdates)).toBe(1);
		expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe('tengah akhir');
		expect(await compactDocumentLog(database.db, documentId, mergeStoredUpdates)).toBe(0);
	});

	it('keeps editing through a database outage, reports nothing saved, and saves everything once it is back', async () => {
		let down = false;
		const real = databaseStore(database.db, sessionPolicy(14, 60));
		const guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A): Promise<R> =>
			down ? Promise.reject(new Error('connection refused')) : fn(...args);
		const store: SyncStore = {
			load: guard(real.load),
			append: guard(real.append),
			compact: guard(real.compact),
			project: guard(real.project),
			checkAccess: guard(real.checkAccess)
		};
		const fixture = await startSync(database, { store });
		try {
			const documentId = await world.document();
			const a = client(fixture, documentId);
			const b = client(fixture, documentId);
			await synced(a);
			await synced(b);
			a.doc.getText('t').insert(0, 'sebelum ');
			await waitFor(() => isSaved(a) && b.text() === 'sebelum ', 'saved before the outage');

			down = true;
			let failures = 0;
			fixture.sync.events.on('save-failed', () => (failures += 1));
			a.doc.getText('t').insert(8, 'selama ');
			b.doc.getText('t').insert(0, '[B] ');
			await waitFor(() => a.text() === b.text() && a.text() === '[B] sebelum selama ', 'both see both edits');
			await waitFor(() => failures >= 2, 'save retried');
			expect(isSaved(a)).toBe(false);
			expect(isSaved(b)).toBe(false);
			// Rights checks fail too, and nobody is thrown out for it.
			expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);

			down = false;
			await waitFor(() => isSaved(a) && isSaved(b), 'saved after the outage', 15_000);
			expect((await storedDoc(database.db, documentId)).getText('t').toString()).toBe('[B] sebelum selama ');
		} finally {
			down = false;
			await fixture.close();
		}
	});

	it('parks an update whose dependency the server lost (not closed, not stored, not in the document), and applies it when the dependency arrives', async () => {
		const fixture = await startSync(database);
		try {
			const documentId = await world.document();
			// u1 was broadcast before a crash and lost; u2 (another client) builds on it.
			const u1 = updateFrom(null, (d) => d.getText('t').insert(0, 'hilang '), 501);
			const u2 = updateFrom(u1, (d) => d.getText('t').insert(7, 'lalu kembali'), 502);
			const socket = rawSocket(`${fixture.baseUrl}/${documentId}`, { cookie: world.editor.cookie });
			await socket.opened;
			socket.ws.send(updateMessage(u2));
			await waitFor(() => (fixture.sync.rooms.get(documentId)?.parking.size ?? 0) === 1, 'u2 parked');
			const room = fixture.sync.rooms.get(documentId);
			expect(room?.doc.getText('t').toString()).toBe('');
			// Nothing pending inside the document, nothing in the log: only what integrates is stored.
			expect(room?.doc.store.pendingStructs).toBeNull();
			expect(await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId))).toHaveLength(0);
			socket.ws.send(updateMessage(u1));
			await waitFor(() => room?.doc.getText('t').toString() === 'hilang lalu kembali', 'the dependency frees the parked update');
			expect(room?.parking.size).toBe(0);
			expect(socket.ws.readyState).toBe(socket.ws.OPEN);
			await waitFor(async () => (await storedDoc(database.db, documentId)).getText('t').toString() === 'hilang lalu kembali', 'both stored');
			socket.ws.close();
		} finally {
			await fixture.close();
		}
	});

	it('projects lessons and process changes in one transaction, marks removed nodes and bumps updated_at', async () => {
		const fixture = await startSync(database);
		try {
			const documentId = await world.document();
			const [before] = await database.db.select({ updatedAt: documents.updatedAt }).from(documents).where(eq(documents.id, documentId));
			const a = client(fixture, documentId);
			await synced(a);
			const lessonId = crypto.randomUUID();
			const changeId = crypto.randomUUID();
			const body = a.doc.getXmlFragment('default');
			a.doc.transact(() => {
				const lesson = new Y.XmlElement('lesson');
				lesson.setAttribute('id', lessonId);
				lesson.setAttribute('title', 'Verifikasi berkas sebelum antre');
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText('Berkas tidak lengkap memperpanjang antrean.')]);
				lesson.insert(0, [p]);
				const change = new Y.XmlElement('processChange');
				change.setAttribute('id', changeId);
				change.setAttribute('indicator', 'Waktu tunggu');
				change.setAttribute('unit', 'menit');
				change.setAttribute('direction', 'decrease');
				change.setAttribute('baseline', 180 as unknown as string);
				change.setAttribute('target', 60 as unknown as string);
				change.setAttribute('lessonIds', [lessonId] as unknown as string);
				body.insert(0, [lesson, change]);
				// A document-level comment thread, keyed by its thread and author (src/lib/comments/model.ts).
				const thread = crypto.randomUUID();
				a.doc.getMap('comments').set(messageKey(thread, world.editor.userId, thread), { body: 'Berapa lama?', at: '2026-01-01T00:00:00Z' });
			});
			await waitFor(async () => {
				const rows = await database.db.select().from(processChanges).where(eq(processChanges.documentId, documentId));
				return rows.length === 1;
			}, 'projected');
			const [lesson] = await database.db.select().from(lessons).where(eq(lessons.sourceDocumentId, documentId));
			expect(lesson).toMatchObject({ blockId: lessonId, title: 'Verifikasi berkas sebelum antre', body: 'Berkas tidak lengkap memperpanjang antrean.', orgId: world.orgId, status: 'draft', removedAt: null });
			const [change] = await database.db.select().from(processChanges).where(eq(processChanges.documentId, documentId));
			expect(change).toMatchObject({ blockId: changeId, indicator: 'Waktu tunggu', unit: 'menit', direction: 'decrease', baseline: 180, target: 60, linkedLessonIds: [lessonId] });
			const [counts] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, documentId));
			expect(counts).toMatchObject({ commentThreads: 1, openCommentThreads: 1 });
			expect(counts.wordCount).toBeGreaterThan(5);
			const [after] = await database.db.select({ updatedAt: documents.updatedAt }).from(documents).where(eq(documents.id, documentId));
			expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());

			// Removing the lesson node marks its row removed; the change stays.
			body.delete(0, 1);
			await waitFor(async () => {
				const [row] = await database.db.select().from(lessons).where(and(eq(lessons.sourceDocumentId, documentId), eq(lessons.blockId, lessonId)));
				return row.removedAt !== null;
			}, 'lesson marked removed');
			const [stillThere] = await database.db.select().from(processChanges).where(eq(processChanges.documentId, documentId));
			expect(stillThere.removedAt).toBeNull();

			// Typing that touches no lesson or change node: the counts and dates follow, the rows
			// stay exactly as written (the room writes only counts then).
			const [projectedBefore] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, documentId));
			const [editedBefore] = await database.db.select({ updatedAt: documents.updatedAt }).from(documents).where(eq(documents.id, documentId));
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText('dua kata tiga kata lagi')]);
			body.insert(body.length, [paragraph]);
			await waitFor(async () => {
				const [row] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, documentId));
				return row.wordCount === projectedBefore.wordCount + 5 && !row.stale;
			}, 'word count projected');
			const [projectedAfter] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, documentId));
			expect(projectedAfter.projectedAt.getTime()).toBeGreaterThan(projectedBefore.projectedAt.getTime());
			const [editedAfter] = await database.db.select({ updatedAt: documents.updatedAt }).from(documents).where(eq(documents.id, documentId));
			expect(editedAfter.updatedAt.getTime()).toBeGreaterThan(editedBefore.updatedAt.getTime());
			expect(await database.db.select().from(processChanges).where(eq(processChanges.documentId, documentId))).toEqual([stillThere]);
		} finally {
			await fixture.close();
		}
	});
});
