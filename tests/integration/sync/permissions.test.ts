import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { commentsOf, messageKey, stateKey } from '../../../src/lib/comments/model';
import { addReply, createThread, deleteMessage, editMessage, setResolved } from '../../../src/lib/comments/operations';
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

	// Thread and message ids of this suite's comments (lower-case UUIDs, as the keys require).
	const T1 = '00000000-0000-4000-8000-000000000001';
	const M2 = '00000000-0000-4000-8000-000000000002';
	const E1 = '00000000-0000-4000-8000-000000000003';
	const M9 = '00000000-0000-4000-8000-000000000009';
	const at = (minute: number) => `2026-01-01T08:${String(minute).padStart(2, '0')}:00.000Z`;

	it("accepts a commenter opening, answering, resolving and deleting its own comment entries", async () => {
		const mentor = connectClient(fixture, world.documentId, commenter);
		clients.push(mentor);
		await synced(mentor);
		const me = (minute: number) => ({ userId: commenter.userId, at: at(minute) });
		const opening = messageKey(T1, commenter.userId, T1);
		createThread(mentor.doc, me(0), { threadId: T1, body: 'Apakah loket 3 kekurangan petugas?', anchor: { from: 'AQID', to: 'BAUG', quote: 'loket 3' } });
		await waitFor(() => commentsOf(editor.doc).has(opening), 'editor sees the thread');
		addReply(mentor.doc, me(1), { threadId: T1, messageId: M2, body: 'Tambahan' });
		setResolved(mentor.doc, me(2), { threadId: T1, resolved: true });
		await waitFor(() => commentsOf(editor.doc).has(stateKey(T1)), 'resolved');
		// Deleting its own entries: allowed (the reply goes, the opening message is kept as deleted).
		deleteMessage(mentor.doc, me(3), { threadId: T1, messageId: M2 });
		deleteMessage(mentor.doc, me(3), { threadId: T1, messageId: T1 });
		await waitFor(() => !commentsOf(editor.doc).has(messageKey(T1, commenter.userId, M2)), 'reply deleted');
		await waitFor(() => (commentsOf(editor.doc).get(opening) as { deleted?: string } | undefined)?.deleted !== undefined, 'opening message deleted');
		await waitFor(() => isSaved(mentor), 'saved');
		expect(mentor.provider.wsconnected).toBe(true);
		// The editor may also comment, under its own key.
		addReply(editor.doc, { userId: world.editor.userId, at: at(4) }, { threadId: T1, messageId: E1, body: 'Ya' });
		await waitFor(() => commentsOf(mentor.doc).has(messageKey(T1, world.editor.userId, E1)), 'mentor sees the editor entry');
	});

	it("closes a commenter that posts under another user's key, or changes or deletes another user's entry — and an editor too", async () => {
		const key = messageKey(T1, world.editor.userId, E1);
		await waitFor(() => commentsOf(serverDoc()).has(key), 'the editor entry is in the room');
		const palsu = '00000000-0000-4000-8000-0000000000ff';
		const attempts: [Member, (d: Y.Doc) => void][] = [
			[commenter, (d) => addReply(d, { userId: world.editor.userId, at: at(5) }, { threadId: T1, messageId: palsu, body: 'atas nama editor' })],
			[commenter, (d) => editMessage(d, { userId: world.editor.userId, at: at(5) }, { threadId: T1, messageId: E1, body: 'diubah' })],
			[commenter, (d) => commentsOf(d).delete(key)],
			[world.editor, (d) => addReply(d, { userId: commenter.userId, at: at(5) }, { threadId: T1, messageId: palsu, body: 'atas nama mentor' })]
		];
		for (const [member, change] of attempts) {
			const socket = rawSocket(url(), { cookie: member.cookie });
			await socket.opened;
			socket.ws.send(updateMessage(updateFrom(base(), change)));
			expect((await socket.closed).code).toBe(CloseCode.CommentRejected);
		}
		expect(commentsOf(serverDoc()).get(key)).toMatchObject({ body: 'Ya' });
		expect([...commentsOf(serverDoc()).keys()].some((k) => k.endsWith(palsu))).toBe(false);
	});

	it("holds a commenter's update that builds on an entry the server has not got yet, then applies both", async () => {
		const replica = new Y.Doc();
		replica.clientID = 7001;
		Y.applyUpdate(replica, base());
		const key = messageKey(T1, commenter.userId, M9);
		const created = updateFrom(base(), (d) => addReply(d, { userId: commenter.userId, at: at(6) }, { threadId: T1, messageId: M9, body: 'Draf' }), 7001);
		Y.applyUpdate(replica, created);
		// An edit overwrites the entry: its item names the one `created` wrote as its origin.
		const edited = updateFrom(Y.encodeStateAsUpdate(replica), (d) => editMessage(d, { userId: commenter.userId, at: at(7) }, { threadId: T1, messageId: M9, body: 'Final' }), 7002);
		const socket = rawSocket(url(), { cookie: commenter.cookie });
		await socket.opened;
		// Out of order, as after a crash: the provider sends new edits before its sync step 2.
		socket.ws.send(updateMessage(edited));
		socket.ws.send(updateMessage(created));
		await waitFor(() => (commentsOf(editor.doc).get(key) as { body?: string } | undefined)?.body === 'Final', 'both applied');
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
