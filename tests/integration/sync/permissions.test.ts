import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
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
	type Member,
	type SyncFixture,
	type World
} from './harness';

function bodyText(doc: Y.Doc): string {
	return doc
		.getXmlFragment('default')
		.toArray()
		.map((p) => (p instanceof Y.XmlElement ? p.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : ''))
		.join('\n');
}

function seed(doc: Y.Doc): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText('Ringkasan kejadian')]);
	doc.getXmlFragment('default').insert(0, [paragraph]);
}

describe.each(testDatabases)('sync permissions on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let viewer: Member;
	let commenter: Member;
	let editor: Client;
	const clients: Client[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db, seed);
		viewer = await world.member({ share: 'viewer', name: 'Vera Pembaca' });
		commenter = await world.member({ team: 'mentor', name: 'Mentor Maya' });
		editor = connectClient(fixture, world.documentId, world.editor);
		clients.push(editor);
		await synced(editor);
		// Give the document a delete set, so every later sync step 2 carries one.
		const text = (editor.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.insert(text.length, ' di loket 3');
		text.delete(0, 1);
		text.insert(0, 'R');
		await waitFor(() => isSaved(editor), 'editor saved');
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await fixture.close();
		await database.destroy();
	});

	const serverDoc = () => {
		const room = fixture.sync.rooms.get(world.documentId);
		if (!room) throw new Error('room not loaded');
		return room.doc;
	};
	const base = () => Y.encodeStateAsUpdate(serverDoc());
	const url = () => `${fixture.baseUrl}/${world.documentId}`;

	it('lets a viewer sync and read, although its sync step 2 carries the whole delete set', async () => {
		const reader = connectClient(fixture, world.documentId, viewer);
		clients.push(reader);
		await synced(reader);
		expect(bodyText(reader.doc)).toBe('Ringkasan kejadian di loket 3');
		const text = (editor.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.insert(text.length, '.');
		await waitFor(() => bodyText(reader.doc).endsWith('.'), 'viewer receives edits');
		expect(reader.provider.wsconnected).toBe(true);
	});

	it('closes a viewer that sends an update with PermissionDenied and changes nothing', async () => {
		const before = bodyText(serverDoc());
		const socket = rawSocket(url(), { cookie: viewer.cookie });
		await socket.opened;
		socket.ws.send(
			updateMessage(
				updateFrom(base(), (d) => ((d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'X'))
			)
		);
		expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
		expect(bodyText(serverDoc())).toBe(before);
		expect(editor.provider.wsconnected).toBe(true);
	});

	it('closes a commenter that edits the body', async () => {
		const before = bodyText(serverDoc());
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		socket.ws.send(
			updateMessage(
				updateFrom(base(), (d) => ((d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, 'Z'))
			)
		);
		expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
		expect(bodyText(serverDoc())).toBe(before);
	});

	it('closes a commenter that only deletes body text (a delete set and no structs)', async () => {
		const before = bodyText(serverDoc());
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		const deletion = updateFrom(base(), (d) => ((d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 5));
		expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
		socket.ws.send(updateMessage(deletion));
		expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
		expect(bodyText(serverDoc())).toBe(before);
	});

	it('closes a commenter that creates another root type', async () => {
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		socket.ws.send(updateMessage(updateFrom(base(), (d) => d.getMap('settings').set('locked', false))));
		expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
	});

	it('accepts a commenter adding, answering, resolving and deleting comment threads', async () => {
		const mentor = connectClient(fixture, world.documentId, commenter);
		clients.push(mentor);
		await synced(mentor);
		const threads = mentor.doc.getMap<Y.Map<unknown>>('comments');
		const thread = new Y.Map<unknown>();
		mentor.doc.transact(() => {
			threads.set('t1', thread);
			thread.set('id', 't1');
			thread.set('anchor', new Uint8Array([1, 2, 3]));
			thread.set('resolved', false);
			const messages = new Y.Array<unknown>();
			thread.set('messages', messages);
			messages.push([{ author: commenter.userId, text: 'Apakah loket 3 kekurangan petugas?' }]);
		});
		await waitFor(() => editor.doc.getMap('comments').has('t1'), 'editor sees the thread');
		(thread.get('messages') as Y.Array<unknown>).push([{ author: commenter.userId, text: 'Tambahan' }]);
		thread.set('resolved', true);
		await waitFor(() => (editor.doc.getMap('comments').get('t1') as Y.Map<unknown>).get('resolved') === true, 'resolved');
		// Deleting its own message and the thread is a deletion inside `comments`: allowed.
		(thread.get('messages') as Y.Array<unknown>).delete(0, 1);
		threads.delete('t1');
		await waitFor(() => !editor.doc.getMap('comments').has('t1'), 'thread deleted');
		await waitFor(() => isSaved(mentor), 'saved');
		expect(mentor.provider.wsconnected).toBe(true);
		// The editor may also comment.
		editor.doc.getMap('comments').set('t2', new Y.Map());
		await waitFor(() => mentor.doc.getMap('comments').has('t2'), 'mentor sees the editor thread');
	});

	it("holds a commenter's update that builds on a thread the server has not got yet, then applies both", async () => {
		const replica = new Y.Doc();
		replica.clientID = 7001;
		Y.applyUpdate(replica, base());
		const created = updateFrom(base(), (d) => d.getMap('comments').set('t9', new Y.Map()), 7001);
		Y.applyUpdate(replica, created);
		const answered = updateFrom(Y.encodeStateAsUpdate(replica), (d) => (d.getMap('comments').get('t9') as Y.Map<unknown>).set('resolved', true), 7002);
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		// Out of order, as after a crash: the provider sends new edits before its sync step 2.
		socket.ws.send(updateMessage(answered));
		socket.ws.send(updateMessage(created));
		await waitFor(() => (editor.doc.getMap('comments').get('t9') as Y.Map<unknown> | undefined)?.get('resolved') === true, 'both applied');
		expect(socket.ws.readyState).toBe(socket.ws.OPEN);
		socket.ws.close();
	});

	it('stops a commenter provider that edits the body (the server closes it)', async () => {
		const mentor = connectClient(fixture, world.documentId, commenter);
		clients.push(mentor);
		await synced(mentor);
		const closed = new Promise<number>((resolve) =>
			mentor.provider.on('connection-close', (event) => resolve(event?.code ?? 0))
		);
		((mentor.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'HACK ');
		expect(await closed).toBe(CloseCode.PermissionDenied);
		expect(bodyText(serverDoc()).startsWith('HACK')).toBe(false);
		mentor.provider.disconnect();
	});
});
