import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import {
	countUnread,
	findNotification,
	insertNotifications,
	listNotifications,
	markAllRead,
	markRead,
	markReadFor
} from '../../src/lib/server/repositories/notifications';

describe.each(testDatabases)('notifications repository on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let otherOrgId: string;
	let documentId: string;
	let otherDocumentId: string;
	let reader: { id: string; name: string };
	let actor: { id: string; name: string };

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		reader = await makeUser(db, { name: 'Rina Pembaca' });
		actor = await makeUser(db, { name: 'Budi Penulis' });
		orgId = (await makeOrg(db, actor.id)).id;
		otherOrgId = (await makeOrg(db, actor.id, 'Dinas Lain')).id;
		const teamId = (await makeTeam(db, orgId)).id;
		const otherTeamId = (await makeTeam(db, otherOrgId)).id;
		documentId = (await createDocument(db, { orgId, teamId, type: 'retrospective', title: 'Retrospektif Mei', createdBy: actor.id })).id;
		otherDocumentId = (
			await createDocument(db, { orgId: otherOrgId, teamId: otherTeamId, type: 'retrospective', title: 'Lain', createdBy: actor.id })
		).id;
	});
	afterAll(() => database.destroy());

	it('inserts once per (user, dedupe key), returns the recipients of new rows, lists newest first with actor and title', async () => {
		const db = database.db;
		const threadId = crypto.randomUUID();
		const first = await insertNotifications(db, [
			{ userId: reader.id, orgId, kind: 'mention', documentId, threadId, messageId: threadId, actorId: actor.id, dedupeKey: `t1:a`, createdAt: new Date('2026-12-01T01:00:00Z') },
			{ userId: reader.id, orgId, kind: 'reply', documentId, threadId, actorId: actor.id, dedupeKey: `t1:b`, createdAt: new Date('2026-12-01T02:00:00Z') },
			{ userId: reader.id, orgId: otherOrgId, kind: 'resolved', documentId: otherDocumentId, dedupeKey: `t1:c` }
		]);
		expect(first).toEqual([reader.id, reader.id, reader.id]);
		// The same events again (a projection re-walking the document): nothing new.
		const again = await insertNotifications(db, [
			{ userId: reader.id, orgId, kind: 'mention', documentId, threadId, actorId: actor.id, dedupeKey: `t1:a` },
			{ userId: actor.id, orgId, kind: 'mention', documentId, threadId, actorId: reader.id, dedupeKey: `t1:a` }
		]);
		expect(again).toEqual([actor.id]);

		expect(await countUnread(db, reader.id, orgId)).toBe(2);
		expect(await countUnread(db, reader.id, otherOrgId)).toBe(1);
		const items = await listNotifications(db, reader.id, orgId, { limit: 10 });
		expect(items.map((i) => [i.kind, i.actorName, i.documentTitle, i.threadId])).toEqual([
			['reply', 'Budi Penulis', 'Retrospektif Mei', threadId],
			['mention', 'Budi Penulis', 'Retrospektif Mei', threadId]
		]);
		// Paging: the page after the first item holds the second.
		const next = await listNotifications(db, reader.id, orgId, { limit: 10, before: items[0].id });
		expect(next.map((i) => i.id)).toEqual([items[1].id]);
		expect(await findNotification(db, reader.id, orgId, items[0].id)).toMatchObject({ kind: 'reply', documentId });
		// Not found for another user or another organisation.
		expect(await findNotification(db, actor.id, orgId, items[0].id)).toBeUndefined();
		expect(await findNotification(db, reader.id, otherOrgId, items[0].id)).toBeUndefined();
	});

	it('marks read only the caller’s own notifications, one, per thread, or all in one organisation', async () => {
		const db = database.db;
		const threadId = crypto.randomUUID();
		await insertNotifications(db, [
			{ userId: reader.id, orgId, kind: 'mention', documentId, threadId, dedupeKey: `t2:a` },
			{ userId: reader.id, orgId, kind: 'reply', documentId, threadId: crypto.randomUUID(), dedupeKey: `t2:b` }
		]);
		const before = await countUnread(db, reader.id, orgId);
		const listed = await listNotifications(db, reader.id, orgId, { limit: 10 });
		const mine = listed.find((i) => i.kind === 'reply' && i.readAt === null && i.threadId !== threadId)!;
		// Someone else's id changes nothing.
		expect(await markRead(db, actor.id, [mine.id])).toBe(0);
		expect(await markRead(db, reader.id, [mine.id])).toBe(1);
		expect(await markRead(db, reader.id, [mine.id])).toBe(0);
		expect(await countUnread(db, reader.id, orgId)).toBe(before - 1);
		expect(await markReadFor(db, reader.id, { documentId, threadId })).toBe(1);
		expect(await countUnread(db, reader.id, orgId)).toBe(before - 2);
		expect(await markAllRead(db, reader.id, orgId)).toBe(before - 2);
		expect(await countUnread(db, reader.id, orgId)).toBe(0);
		// The other organisation's inbox is untouched.
		expect(await countUnread(db, reader.id, otherOrgId)).toBe(1);
	});
});

describe('the notification signal', () => {
	it('reaches listeners registered through another copy of the module (the sync server and the SvelteKit build each bundle one)', async () => {
		const a = await import('../../src/lib/server/notification-signal');
		vi.resetModules();
		const b = await import('../../src/lib/server/notification-signal');
		expect(b).not.toBe(a);
		const userId = crypto.randomUUID();
		const heard: string[] = [];
		const off = b.onNotificationsChanged(userId, () => heard.push('b'));
		a.signalNotificationsChanged([userId, userId, crypto.randomUUID()]);
		expect(heard).toEqual(['b']);
		off();
		a.signalNotificationsChanged([userId]);
		expect(heard).toEqual(['b']);
	});
});
