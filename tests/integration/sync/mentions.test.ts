import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { makeOrg, makeUser } from '../../helpers/factories';
import { commentMentions, commentMessages, notifications } from '../../../src/lib/server/db/schema';
import { addReply, createThread } from '../../../src/lib/comments/operations';
import { commentsOf } from '../../../src/lib/comments/model';
import { connectClient, makeWorld, startSync, synced, waitFor, type SyncFixture, type World } from './harness';

/*
 * Bad input "mentions of users outside the organisation", on real sockets: a commenter's message
 * names an outsider, a member who may not view the document and an id of nobody beside a real
 * colleague. The message is accepted and reaches the room (a mention is part of the text the
 * author wrote); the projection writes a mention row and a notification for the colleague only,
 * nothing at all for the others, and the other people in the room go on unaffected.
 */
describe.each(testDatabases)('mentions through the sync server on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
		fixture = await startSync(database);
	});
	afterAll(async () => {
		await fixture.close();
		await database.destroy();
	});

	it('notifies only members who may view the document; outsiders and others get no row and no notification', async () => {
		const db = database.db;
		const mentor = await world.member({ team: 'mentor', name: 'Mira Mentor' });
		// A member of the organisation outside the team: the document is visible to its team only.
		const bystander = await world.member({ name: 'Anggota Lain' });
		const outsiderUser = await makeUser(db, { name: 'Orang Luar' });
		await makeOrg(db, outsiderUser.id, 'Organisasi lain');

		const editor = connectClient(fixture, world.documentId, world.editor);
		const commenter = connectClient(fixture, world.documentId, mentor);
		try {
			await Promise.all([synced(editor), synced(commenter)]);
			const thread = crypto.randomUUID();
			createThread(commenter.doc, { userId: mentor.userId, at: new Date().toISOString() }, {
				threadId: thread,
				body: 'Tolong cek, @Budi @Anggota @Orang',
				anchor: null,
				mentions: [world.editor.userId, bystander.userId, outsiderUser.id, crypto.randomUUID()]
			});
			// The room accepted it: the editor sees it live.
			await waitFor(() => commentsOf(editor.doc).size === 1, 'the thread reaches the editor');

			await waitFor(async () => (await db.select().from(commentMessages).where(eq(commentMessages.documentId, world.documentId))).length === 1, 'projected');
			const mentions = await db.select().from(commentMentions).where(eq(commentMentions.documentId, world.documentId));
			expect(mentions.map((m) => m.userId)).toEqual([world.editor.userId]);
			await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.documentId, world.documentId))).length > 0, 'notified');
			const sent = await db.select().from(notifications).where(eq(notifications.documentId, world.documentId));
			expect(sent.map((n) => [n.userId, n.kind, n.actorId])).toEqual([[world.editor.userId, 'mention', mentor.userId]]);
			for (const nobody of [bystander.userId, outsiderUser.id]) {
				expect(await db.select().from(notifications).where(eq(notifications.userId, nobody))).toEqual([]);
			}

			// The room goes on: the editor replies, the mentor is notified of the reply.
			addReply(editor.doc, { userId: world.editor.userId, at: new Date().toISOString() }, { threadId: thread, messageId: crypto.randomUUID(), body: 'Sudah.' });
			await waitFor(() => commentsOf(commenter.doc).size === 2, 'the reply reaches the mentor');
			await waitFor(
				async () => (await db.select().from(notifications).where(eq(notifications.userId, mentor.userId))).some((n) => n.kind === 'reply'),
				'the mentor is notified of the reply'
			);
		} finally {
			editor.destroy();
			commenter.destroy();
		}
	});
});
