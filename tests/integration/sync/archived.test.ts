import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { setDocumentArchived } from '../../../src/lib/server/repositories/documents';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import {
	connectClient,
	isSaved,
	makeWorld,
	rawSocket,
	startSync,
	storedDoc,
	synced,
	updateFrom,
	updateMessage,
	waitFor,
	type Client,
	type SyncFixture,
	type World
} from './harness';

/**
 * An archived document is read-only on the sync socket too: its editors get a viewer's rights
 * at upgrade, an open editor socket loses write access within 5 s of archiving (the re-check
 * runs at the production interval here), and restoring it gives editing back.
 */
describe.each(testDatabases)('sync on an archived document on %s', (kind) => {
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
	/** An update that inserts `text` at the start, made against what the server has now. */
	const insertion = (text: string) => {
		const current = room();
		return updateFrom(current ? Y.encodeStateAsUpdate(current.doc) : null, (d) => d.getText('t').insert(0, text));
	};

	async function storedText(): Promise<string> {
		const doc = await storedDoc(database.db, world.documentId);
		const text = doc.getText('t').toString();
		doc.destroy();
		return text;
	}

	function client(): Client {
		const c = connectClient(fixture, world.documentId, world.editor);
		clients.push(c);
		return c;
	}

	it('lets an editor read an archived document but closes its update with PermissionDenied, like a viewer', async () => {
		await setDocumentArchived(database.db, world.documentId, true);
		try {
			const reader = client();
			await synced(reader);
			expect(reader.text()).toBe('Antrean loket 3');

			const socket = rawSocket(url(), { cookie: world.editor.cookie });
			await socket.opened;
			const rejected = new Promise<string>((resolve) => fixture.sync.events.once('rejected', ({ reason }) => resolve(reason)));
			socket.ws.send(updateMessage(insertion('X ')));
			expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
			expect(await rejected).toBe('denied');
			expect(room()?.doc.getText('t').toString()).toBe('Antrean loket 3');
			reader.destroy();
		} finally {
			await setDocumentArchived(database.db, world.documentId, false);
		}
	});

	it('closes an open editor socket with DocumentArchived within 5 s of archiving, and nothing it sends after counts', async () => {
		const writer = client();
		await synced(writer);
		writer.doc.getText('t').insert(0, 'Sebelum: ');
		await waitFor(() => isSaved(writer), 'saved before archiving');

		const closed = new Promise<{ code: number; at: number }>((resolve) =>
			writer.provider.on('connection-close', (event) => {
				writer.provider.shouldConnect = false;
				resolve({ code: event?.code ?? 0, at: Date.now() });
			})
		);
		const archivedAt = Date.now();
		await setDocumentArchived(database.db, world.documentId, true);
		const result = await closed;
		expect(result.code).toBe(CloseCode.DocumentArchived);
		expect(result.at - archivedAt).toBeLessThan(5000);

		// Reconnecting (a reload) gives a viewer's socket: reading works, writing does not.
		const socket = rawSocket(url(), { cookie: world.editor.cookie });
		await socket.opened;
		socket.ws.send(updateMessage(insertion('Sesudah: ')));
		expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
		expect(await storedText()).toBe('Sebelum: Antrean loket 3');
	});

	it('gives editing back after the document is restored: on reconnect, and to a socket opened while it was archived', async () => {
		// Still archived from the previous test: this socket starts with a viewer's rights.
		const waiting = rawSocket(url(), { cookie: world.editor.cookie });
		await waiting.opened;
		await waitFor(() => (room()?.connections.size ?? 0) > 0, 'socket joined');
		expect([...(room()?.connections ?? [])].map((c) => c.role)).toEqual(['viewer']);

		await setDocumentArchived(database.db, world.documentId, false);
		// The re-check raises the open socket's role in place (within the 2 s interval).
		await waitFor(() => [...(room()?.connections ?? [])].every((c) => c.role === 'editor'), 'role raised', 5000);
		const saved = new Promise<void>((resolve) => fixture.sync.events.once('saved', () => resolve()));
		waiting.ws.send(updateMessage(insertion('Dipulihkan. ')));
		await saved;
		expect(room()?.doc.getText('t').toString()).toBe('Dipulihkan. Sebelum: Antrean loket 3');
		expect(waiting.ws.readyState).toBe(waiting.ws.OPEN);
		waiting.ws.close();

		const writer = client();
		await synced(writer);
		writer.doc.getText('t').insert(writer.doc.getText('t').length, ' (dibuka lagi)');
		await waitFor(() => isSaved(writer), 'saved after restoring');
		expect(writer.provider.wsconnected).toBe(true);
		expect(room()?.doc.getText('t').toString()).toBe('Dipulihkan. Sebelum: Antrean loket 3 (dibuka lagi)');
	});
});
