import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { deleteTeamPermanently, setTeamArchived } from '../../src/lib/server/repositories/teams';
import { lessons } from '../../src/lib/server/db/schema';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { CloseCode } from '../../src/lib/sync/close-codes';
import {
	connectClient,
	isSaved,
	makeWorld,
	rawSocket,
	startSync,
	synced,
	updateFrom,
	updateMessage,
	waitFor,
	type Client,
	type SyncFixture,
	type World
} from './sync/harness';

/**
 * A team's archive reaches the sync socket of every document of the team, as a document's own
 * archive does: open editor sockets close with DocumentArchived at the next re-check, new ones
 * get a viewer's rights, restoring the team gives editing back. Deleting the team permanently
 * closes them with DocumentDeleted and keeps the lessons projected from its documents.
 */
describe.each(testDatabases)('sync on a document of an archived team on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database, { settings: { recheckMs: 2000 } });
		world = await makeWorld(database.db, (doc) => doc.getText('t').insert(0, 'Antrean loket 3'));
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture.close();
		await database.destroy();
	});

	const url = () => `${fixture.baseUrl}/${world.documentId}`;
	const room = () => fixture.sync.rooms.get(world.documentId);
	const insertion = (text: string) => {
		const current = room();
		return updateFrom(current ? Y.encodeStateAsUpdate(current.doc) : null, (d) => d.getText('t').insert(0, text));
	};
	function client(): Client {
		const c = connectClient(fixture, world.documentId, world.editor);
		clients.push(c);
		return c;
	}
	function closeOf(c: Client): Promise<number> {
		return new Promise((resolve) =>
			c.provider.on('connection-close', (event) => {
				c.provider.shouldConnect = false;
				resolve(event?.code ?? 0);
			})
		);
	}

	it('closes an editor socket with DocumentArchived when the team is archived, and gives editing back on restore', async () => {
		const writer = client();
		await synced(writer);
		writer.doc.getText('t').insert(0, 'Sebelum: ');
		await waitFor(() => isSaved(writer), 'saved before archiving');

		const closed = closeOf(writer);
		const archivedAt = Date.now();
		await setTeamArchived(database.db, world.teamId, true);
		expect(await closed).toBe(CloseCode.DocumentArchived);
		expect(Date.now() - archivedAt).toBeLessThan(5000);

		// A socket opened now reads but may not write.
		const reader = rawSocket(url(), { cookie: world.editor.cookie });
		await reader.opened;
		reader.ws.send(updateMessage(insertion('Sesudah: ')));
		expect((await reader.closed).code).toBe(CloseCode.PermissionDenied);

		const waiting = rawSocket(url(), { cookie: world.editor.cookie });
		await waiting.opened;
		await waitFor(() => (room()?.connections.size ?? 0) > 0, 'socket joined');
		expect([...(room()?.connections ?? [])].map((c) => c.role)).toEqual(['viewer']);
		await setTeamArchived(database.db, world.teamId, false);
		await waitFor(() => [...(room()?.connections ?? [])].every((c) => c.role === 'editor'), 'role raised', 5000);
		waiting.ws.close();
		expect(room()?.doc.getText('t').toString()).toBe('Sebelum: Antrean loket 3');
	});

	it('closes the sockets with DocumentDeleted when the team is deleted permanently', async () => {
		const writer = client();
		await synced(writer);
		const lessonBlock = crypto.randomUUID();
		await writeDocumentProjection(database.db, {
			documentId: world.documentId,
			orgId: world.orgId,
			projection: { lessons: [{ blockId: lessonBlock, title: 'Verifikasi berkas', body: '' }], processChanges: [], commentThreads: 0, openCommentThreads: 0, wordCount: 2 }
		});
		const closed = closeOf(writer);
		await deleteTeamPermanently(database.db, world.teamId);
		expect(await closed).toBe(CloseCode.DocumentDeleted);
		// Nothing of the document is left to open: a new socket is refused at the upgrade.
		const late = rawSocket(url(), { cookie: world.editor.cookie });
		expect(await late.refused).toBe(404);
		// The lesson written in it stays, detached, as history.
		const kept = await database.db.select().from(lessons).where(eq(lessons.originTeamId, world.teamId));
		expect(kept.map((l) => [l.blockId, l.sourceDocumentId, l.originDocumentId])).toEqual([[lessonBlock, null, world.documentId]]);
	});
});
