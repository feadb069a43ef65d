import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { commentKey } from '../../../src/lib/document-contract';
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

	it("accepts a commenter opening, answering, resolving and deleting its own comment entries", async () => {
		const mentor = connectClient(fixture, world.documentId, commenter);
		clients.push(mentor);
		await synced(mentor);
		const entries = mentor.doc.getMap<unknown>('comments');
		const opening = commentKey(commenter.userId, 'm1');
		entries.set(opening, { kind: 'thread', thread: 't1', text: 'Apakah loket 3 kekurangan petugas?', at: '2026-01-01T08:00:00Z', anchor: { from: 'a', to: 'b' } });
		await waitFor(() => editor.doc.getMap('comments').has(opening), 'editor sees the thread');
		entries.set(commentKey(commenter.userId, 'm2'), { kind: 'reply', thread: 't1', text: 'Tambahan', at: '2026-01-01T08:01:00Z' });
		entries.set(commentKey(commenter.userId, 's1'), { kind: 'status', thread: 't1', resolved: true, at: '2026-01-01T08:02:00Z' });
		await waitFor(() => editor.doc.getMap('comments').has(commentKey(commenter.userId, 's1')), 'resolved');
		// Deleting its own entries: allowed.
		entries.delete(commentKey(commenter.userId, 'm2'));
		entries.delete(opening);
		await waitFor(() => !editor.doc.getMap('comments').has(opening), 'thread deleted');
		await waitFor(() => isSaved(mentor), 'saved');
		expect(mentor.provider.wsconnected).toBe(true);
		// The editor may also comment, under its own key.
		editor.doc.getMap('comments').set(commentKey(world.editor.userId, 'e1'), { kind: 'reply', thread: 't1', text: 'Ya', at: '2026-01-01T08:03:00Z' });
		await waitFor(() => mentor.doc.getMap('comments').has(commentKey(world.editor.userId, 'e1')), 'mentor sees the editor entry');
	});

	it("closes a commenter that posts under another user's key, or changes or deletes another user's entry — and an editor too", async () => {
		const key = commentKey(world.editor.userId, 'e1');
		await waitFor(() => serverDoc().getMap('comments').has(key), 'the editor entry is in the room');
		const attempts: [Member, (d: Y.Doc) => void][] = [
			[commenter, (d) => d.getMap('comments').set(commentKey(world.editor.userId, 'palsu'), { kind: 'reply', thread: 't1', text: 'atas nama editor', at: '2026' })],
			[commenter, (d) => d.getMap('comments').set(key, { kind: 'reply', thread: 't1', text: 'diubah', at: '2026' })],
			[commenter, (d) => d.getMap('comments').delete(key)],
			[world.editor, (d) => d.getMap('comments').set(commentKey(commenter.userId, 'palsu'), { kind: 'reply', thread: 't1', text: 'atas nama mentor', at: '2026' })]
		];
		for (const [member, change] of attempts) {
			const socket = rawSocket(url(), { cookie: member.cookie });
			await socket.opened;
			socket.ws.send(updateMessage(updateFrom(base(), change)));
			expect((await socket.closed).code).toBe(CloseCode.PermissionDenied);
		}
		expect(serverDoc().getMap('comments').get(key)).toMatchObject({ text: 'Ya' });
		expect([...serverDoc().getMap('comments').keys()].some((k) => k.endsWith('/palsu'))).toBe(false);
	});

	it("holds a commenter's update that builds on an entry the server has not got yet, then applies both", async () => {
		const replica = new Y.Doc();
		replica.clientID = 7001;
		Y.applyUpdate(replica, base());
		const key = commentKey(commenter.userId, 'm9');
		const created = updateFrom(base(), (d) => d.getMap('comments').set(key, new Y.Map()), 7001);
		Y.applyUpdate(replica, created);
		const answered = updateFrom(Y.encodeStateAsUpdate(replica), (d) => (d.getMap('comments').get(key) as Y.Map<unknown>).set('resolved', true), 7002);
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		// Out of order, as after a crash: the provider sends new edits before its sync step 2.
		socket.ws.send(updateMessage(answered));
		socket.ws.send(updateMessage(created));
		await waitFor(() => (editor.doc.getMap('comments').get(key) as Y.Map<unknown> | undefined)?.get('resolved') === true, 'both applied');
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
