import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { BODY_FRAGMENT, NODE, PROCESS_CHANGE_LIMITS } from '../../../src/lib/document-contract';
import { processChanges, type ProcessChange } from '../../../src/lib/server/db/schema';
import { connectClient, isSaved, makeWorld, rawSocket, startSync, storedDoc, synced, updateFrom, updateMessage, waitFor, type Client, type Member, type SyncFixture, type World } from './harness';

/*
 * A hostile team member's process changes (issue 15, "Bad input"): a 1 MB indicator, absurd and
 * non-numeric figures, a forged copy of the honest block under a new id. The update is a valid
 * edit by an editor, so the sync server takes it; the projection keeps only what fits, so nothing
 * absurd reaches the metrics, and the honest change is unchanged in every replica, storage and SQL.
 */

const HONEST = '44444444-4444-4444-8444-444444444444';

function change(attrs: Record<string, unknown>, text: string): Y.XmlElement {
	const node = new Y.XmlElement(NODE.processChange);
	for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v as string);
	const p = new Y.XmlElement(NODE.paragraph);
	p.insert(0, [new Y.XmlText(text)]);
	node.insert(0, [p]);
	return node;
}

function honestChange(doc: Y.Doc): string | null {
	for (const node of doc.getXmlFragment(BODY_FRAGMENT).toArray()) {
		if (node instanceof Y.XmlElement && node.getAttribute('id') === HONEST) return node.toString();
	}
	return null;
}

describe.each(testDatabases)('hostile process changes over sync on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;
	let editor: Client;
	let hostile: Member;
	let honestRow: ProcessChange;

	const rows = () => database.db.select().from(processChanges).where(eq(processChanges.originDocumentId, world.documentId));

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db);
		hostile = await world.member({ team: 'member', name: 'Penyusup' });
		editor = connectClient(fixture, world.documentId, world.editor);
		await synced(editor);
		editor.doc.transact(() => {
			editor.doc
				.getXmlFragment(BODY_FRAGMENT)
				.insert(0, [change({ id: HONEST, indicator: 'Waktu layanan KTP-el', unit: 'hari', direction: 'decrease', baseline: 14, target: 3 }, 'Loket khusus rekam ulang')]);
		});
		await waitFor(() => isSaved(editor), 'honest change saved');
		await waitFor(async () => (await rows()).length === 1, 'honest change projected');
		[honestRow] = await rows();
		expect(honestRow).toMatchObject({ blockId: HONEST, indicator: 'Waktu layanan KTP-el', baseline: 14, target: 3 });
	});
	afterAll(async () => {
		editor.destroy();
		await fixture.close();
		await database.destroy();
	});

	it('takes forged changes with a 1 MB indicator and absurd figures, projects only what fits, and leaves the honest change alone', async () => {
		const room = fixture.sync.rooms.get(world.documentId);
		if (!room) throw new Error('room not loaded');
		const before = honestChange(editor.doc);
		const [huge, absurd] = [crypto.randomUUID(), crypto.randomUUID()];
		const forged = updateFrom(Y.encodeStateAsUpdate(room.doc), (doc) => {
			doc.getXmlFragment(BODY_FRAGMENT).insert(1, [
				change({ id: huge, indicator: 'I'.repeat(1_000_000), unit: 'u'.repeat(5_000), direction: 'sideways', baseline: '12,5', target: 'NaN' }, 'D'.repeat(50_000)),
				// A bit-flipped copy of the honest block: same fields, a new id and figures no indicator has.
				change({ id: absurd, indicator: 'Waktu layanan KTP-el', unit: 'hari', direction: 'increase', baseline: 1e300, target: -1e13, lessonIds: '["not-a-uuid"]' }, 'Salinan')
			]);
		});
		const socket = rawSocket(`${fixture.baseUrl}/${world.documentId}`, { cookie: hostile.cookie });
		await socket.opened;
		socket.ws.send(updateMessage(forged));
		await waitFor(() => editor.doc.getXmlFragment(BODY_FRAGMENT).length >= 3, 'forged changes reach the honest client', 20_000);

		await waitFor(async () => (await rows()).length === 3, 'forged changes projected', 20_000);
		const byBlock = new Map((await rows()).map((r) => [r.blockId, r]));
		const big = byBlock.get(huge);
		expect(big?.indicator).toBe('I'.repeat(PROCESS_CHANGE_LIMITS.indicator));
		expect(big?.unit).toBe('u'.repeat(PROCESS_CHANGE_LIMITS.unit));
		expect(big?.description).toBe('D'.repeat(PROCESS_CHANGE_LIMITS.description));
		expect(big).toMatchObject({ direction: 'decrease', baseline: 12.5, target: null });
		expect(byBlock.get(absurd)).toMatchObject({ direction: 'increase', baseline: null, target: null, linkedLessonIds: [] });
		// The honest row says the same (the projection rewrites a document's change rows together,
		// which moves updated_at only).
		expect(byBlock.get(HONEST)).toEqual({ ...honestRow, updatedAt: expect.any(Date) });

		const stored = await storedDoc(database.db, world.documentId);
		for (const replica of [editor.doc, room.doc, stored]) expect(honestChange(replica)).toEqual(before);
		expect(editor.provider.wsconnected).toBe(true);
		socket.ws.terminate();
	});
});
