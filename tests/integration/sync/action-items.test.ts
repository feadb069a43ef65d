import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { makeUser } from '../../helpers/factories';
import { ACTION_ITEM_LIMITS, BODY_FRAGMENT } from '../../../src/lib/document-contract';
import { actionItems, type ActionItem } from '../../../src/lib/server/db/schema';
import { connectClient, isSaved, makeWorld, rawSocket, startSync, storedDoc, synced, updateFrom, updateMessage, waitFor, type Client, type Member, type SyncFixture, type World } from './harness';

/*
 * A hostile editor's task items, sent as a forged update over a real WebSocket. Attributes are
 * the projection's business, as for processChange (walk.ts): the update is a valid edit by an
 * editor, so the sync server takes it, and the projection keeps only what fits — no non-UUID
 * owner, no impossible date, no absurd text reaches SQL — while the honest editor's item, its
 * row and its text stay exactly as they were, in every replica and in storage.
 */

const HONEST = '33333333-3333-4333-8333-333333333333';

function taskItem(attrs: Record<string, unknown>, text: string): Y.XmlElement {
	const item = new Y.XmlElement('taskItem');
	for (const [k, v] of Object.entries(attrs)) item.setAttribute(k, v as string);
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	item.insert(0, [p]);
	return item;
}

/** The honest item's attributes and text, as a replica holds them. */
function honestItem(doc: Y.Doc): { attrs: Record<string, unknown>; text: string } | null {
	const list = doc.getXmlFragment(BODY_FRAGMENT).get(0);
	if (!(list instanceof Y.XmlElement)) return null;
	for (const item of list.toArray()) {
		if (item instanceof Y.XmlElement && item.getAttribute('id') === HONEST) return { attrs: item.getAttributes(), text: item.toString() };
	}
	return null;
}

describe.each(testDatabases)('hostile action items over sync on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let editor: Client;
	let hostile: Member;
	let honestRow: ActionItem;

	const rows = () => database.db.select().from(actionItems).where(eq(actionItems.originDocumentId, world.documentId));

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db);
		hostile = await world.member({ team: 'member', name: 'Penyusup' });
		editor = connectClient(fixture, world.documentId, world.editor);
		await synced(editor);
		editor.doc.transact(() => {
			const list = new Y.XmlElement('taskList');
			list.insert(0, [taskItem({ id: HONEST, checked: false, ownerId: world.editor.userId, dueOn: '2026-12-31' }, 'Perbarui SOP loket')]);
			editor.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [list]);
		});
		await waitFor(() => isSaved(editor), 'honest item saved');
		await waitFor(async () => (await rows()).length === 1, 'honest item projected');
		[honestRow] = await rows();
		expect(honestRow).toMatchObject({ blockId: HONEST, ownerId: world.editor.userId, dueOn: '2026-12-31', text: 'Perbarui SOP loket' });
	});
	afterAll(async () => {
		editor.destroy();
		await fixture.close();
		await database.destroy();
	});

	it('takes a forged item with a junk owner, an impossible date and absurd text, and projects none of it; the honest item is untouched', async () => {
		const room = fixture.sync.rooms.get(world.documentId);
		if (!room) throw new Error('room not loaded');
		const before = honestItem(editor.doc);
		const stranger = (await makeUser(database.db, { name: 'Orang Luar' })).id;
		const [junk, notMember] = [crypto.randomUUID(), crypto.randomUUID()];
		const forged = updateFrom(Y.encodeStateAsUpdate(room.doc), (doc) => {
			const list = doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement;
			list.insert(list.length, [
				taskItem({ id: junk, checked: 'maybe', ownerId: `x'); drop table action_items; --${'x'.repeat(20_000)}`, dueOn: '2026-02-31' }, 'A'.repeat(30_000)),
				taskItem({ id: notMember, checked: true, ownerId: stranger, dueOn: '99999-12-31' }, 'Pemilik bukan anggota')
			]);
		});
		const socket = rawSocket(`${fixture.baseUrl}/${world.documentId}`, { cookie: hostile.cookie });
		await socket.opened;
		socket.ws.send(updateMessage(forged));
		// Taken: the socket stays open after a round trip, and the honest client sees the items.
		const outcome = await Promise.race([
			socket.closed.then((c) => c.code),
			new Promise<number>((resolve) => {
				socket.ws.ping();
				socket.ws.once('pong', () => resolve(0));
			})
		]);
		expect(outcome).toBe(0);
		await waitFor(() => (editor.doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).length === 3, 'forged items reach the honest client');

		await waitFor(async () => (await rows()).length === 3, 'forged items projected');
		const byBlock = new Map((await rows()).map((r) => [r.blockId, r]));
		expect(byBlock.get(junk)).toMatchObject({ ownerId: null, dueOn: null, done: false, text: 'A'.repeat(ACTION_ITEM_LIMITS.text) });
		expect(byBlock.get(notMember)).toMatchObject({ ownerId: null, dueOn: null, done: true, text: 'Pemilik bukan anggota' });
		// The honest row was not rewritten.
		expect(byBlock.get(HONEST)).toEqual(honestRow);

		// The honest item is the same everywhere, storage included, and the honest client is still on.
		const stored = await storedDoc(database.db, world.documentId);
		for (const replica of [editor.doc, room.doc, stored]) expect(honestItem(replica)).toEqual(before);
		expect(editor.provider.wsconnected).toBe(true);
		socket.ws.terminate();
	});
});
