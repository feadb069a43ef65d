import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { findTeam, setTeamMember } from '../../src/lib/server/repositories/teams';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { commentMentions, commentMessages, commentThreads, documentProjections, documentStates, notifications } from '../../src/lib/server/db/schema';
import { walkDocument } from '../../src/lib/projection/walk';
import { addReply, createThread, deleteMessage, editMessage, setResolved } from '../../src/lib/comments/operations';
import { onNotificationsChanged } from '../../src/lib/server/notification-signal';

/*
 * The comment part of the projection: threads, messages and mentions in SQL with the server's
 * times, and the notifications they cause — exactly once, and only to members who may view the
 * document.
 */
describe.each(testDatabases)('the projection writes comments and notifications on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let teamId: string;
	/** Team member, the documents' creator. */
	let author: string;
	/** Team mentor (commenter). */
	let mentor: string;
	/** Organisation member outside the team: cannot view a team-visible document. */
	let bystander: string;
	/** Member of another organisation only. */
	let outsider: string;

	const anchor = { from: 'AQID', to: 'BAUG', quote: 'antrean di loket' };
	const clientAt = '2020-01-01T00:00:00.000Z';

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const admin = (await makeUser(db)).id;
		orgId = (await makeOrg(db, admin)).id;
		teamId = (await makeTeam(db, orgId)).id;
		const team = (await findTeam(db, orgId, teamId))!;
		author = (await makeUser(db, { name: 'Ani Penulis' })).id;
		mentor = (await makeUser(db, { name: 'Mira Mentor' })).id;
		bystander = (await makeUser(db)).id;
		outsider = (await makeUser(db)).id;
		for (const id of [author, mentor, bystander]) await addOrgMember(db, orgId, id, 'member');
		await setTeamMember(db, team, author, 'member');
		await setTeamMember(db, team, mentor, 'mentor');
		await makeOrg(db, outsider, 'Organisasi lain');
	});
	afterAll(() => database.destroy());

	async function newDocument(): Promise<{ id: string; doc: Y.Doc }> {
		const created = await createDocument(database.db, { orgId, teamId, type: 'failure_analysis', title: 'Analisis antrean', createdBy: author });
		const [row] = await database.db.select().from(documentStates).where(eq(documentStates.documentId, created.id));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, row.state);
		return { id: created.id, doc };
	}
	const project = (documentId: string, doc: Y.Doc, now: Date) =>
		writeDocumentProjection(database.db, { documentId, orgId, projection: walkDocument(doc), now });
	const messagesOf = (documentId: string) =>
		database.db.select().from(commentMessages).where(eq(commentMessages.documentId, documentId)).orderBy(asc(commentMessages.createdAt), asc(commentMessages.body));
	const threadOf = async (documentId: string, threadId: string) =>
		(await database.db.select().from(commentThreads).where(and(eq(commentThreads.documentId, documentId), eq(commentThreads.id, threadId))))[0];
	const mentionsOf = (documentId: string) => database.db.select().from(commentMentions).where(eq(commentMentions.documentId, documentId));
	const notificationsOf = (documentId: string) =>
		database.db.select().from(notifications).where(eq(notifications.documentId, documentId)).orderBy(asc(notifications.kind), asc(notifications.userId));

	it('writes threads, messages, accepted mentions and counts with server times, notifies mention and reply, and signals the recipients', async () => {
		const { id, doc } = await newDocument();
		const thread = crypto.randomUUID();
		const reply = crypto.randomUUID();
		// The mentor mentions the author, a member who cannot view the document, an outsider and an id of nobody.
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: thread, body: 'Mengapa antre?', anchor, mentions: [author, bystander, outsider, crypto.randomUUID()] });
		addReply(doc, { userId: author, at: clientAt }, { threadId: thread, messageId: reply, body: 'Loket dibuka terlambat.' });

		const heard: string[] = [];
		const offs = [author, mentor, bystander, outsider].map((u) => onNotificationsChanged(u, () => heard.push(u)));
		const now = new Date('2026-12-07T03:00:00.000Z');
		await project(id, doc, now);
		for (const off of offs) off();

		expect(await threadOf(id, thread)).toMatchObject({
			authorId: mentor,
			anchored: true,
			quote: anchor.quote,
			resolved: false,
			messageCount: 2,
			createdAt: now,
			lastMessageAt: now,
			removedAt: null
		});
		const messages = (await messagesOf(id)).sort((a, b) => Number(a.id !== thread) - Number(b.id !== thread));
		expect(messages.map((m) => [m.id, m.threadId, m.authorId, m.body, m.createdAt.toISOString(), m.editedAt, m.removedAt])).toEqual([
			[thread, thread, mentor, 'Mengapa antre?', now.toISOString(), null, null],
			[reply, thread, author, 'Loket dibuka terlambat.', now.toISOString(), null, null]
		]);
		// Only the author may view the document among those mentioned: one row, nothing else.
		expect((await mentionsOf(id)).map((m) => [m.messageId, m.userId])).toEqual([[thread, author]]);
		const sent = await notificationsOf(id);
		expect(sent.map((n) => [n.kind, n.userId, n.actorId, n.threadId, n.messageId, n.orgId])).toEqual([
			['mention', author, mentor, thread, thread, orgId],
			['reply', mentor, author, thread, reply, orgId]
		]);
		expect(heard.sort()).toEqual([author, mentor].sort());

		const [counts] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, id));
		expect(counts).toMatchObject({ commentThreads: 1, openCommentThreads: 1, contentDigest: walkDocument(doc).contentDigest });
		expect(counts.contentDigest).toMatch(/^[0-9a-f]{64}$/);
	});

	it('is idempotent: projecting the same comments again changes no row and notifies nobody', async () => {
		const { id, doc } = await newDocument();
		const thread = crypto.randomUUID();
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: thread, body: 'Catatan', anchor: null, mentions: [author] });
		addReply(doc, { userId: author, at: clientAt }, { threadId: thread, messageId: crypto.randomUUID(), body: 'Baik.' });
		await project(id, doc, new Date('2026-12-07T03:00:00.000Z'));
		const rows = { threads: await threadOf(id, thread), messages: await messagesOf(id), mentions: await mentionsOf(id), sent: await notificationsOf(id) };

		const heard: string[] = [];
		const offs = [author, mentor].map((u) => onNotificationsChanged(u, () => heard.push(u)));
		await project(id, doc, new Date('2026-12-07T04:00:00.000Z'));
		for (const off of offs) off();
		expect({ threads: await threadOf(id, thread), messages: await messagesOf(id), mentions: await mentionsOf(id), sent: await notificationsOf(id) }).toEqual(rows);
		expect(heard).toEqual([]);
	});

	it('dates an edit and a removal with the server’s time; a deleted reply loses its text; an edit adding a mention notifies once', async () => {
		const { id, doc } = await newDocument();
		const thread = crypto.randomUUID();
		const reply = crypto.randomUUID();
		const t1 = new Date('2026-12-07T03:00:00.000Z');
		const t2 = new Date('2026-12-07T03:05:00.000Z');
		const t3 = new Date('2026-12-07T03:10:00.000Z');
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: thread, body: 'Versi pertama', anchor });
		addReply(doc, { userId: author, at: clientAt }, { threadId: thread, messageId: reply, body: 'Balasan' });
		await project(id, doc, t1);

		editMessage(doc, { userId: mentor, at: clientAt }, { threadId: thread, messageId: thread, body: 'Versi kedua', mentions: [author] });
		await project(id, doc, t2);
		let [opening] = (await messagesOf(id)).filter((m) => m.id === thread);
		expect(opening).toMatchObject({ body: 'Versi kedua', createdAt: t1, editedAt: t2, removedAt: null });
		expect((await notificationsOf(id)).filter((n) => n.kind === 'mention').map((n) => [n.userId, n.messageId])).toEqual([[author, thread]]);

		deleteMessage(doc, { userId: author, at: clientAt }, { threadId: thread, messageId: reply });
		await project(id, doc, t3);
		const removed = (await messagesOf(id)).find((m) => m.id === reply);
		expect(removed).toMatchObject({ body: '', removedAt: t3, createdAt: t1 });
		expect(await threadOf(id, thread)).toMatchObject({ messageCount: 1, removedAt: null });
		// The opening message deleted (kept empty in the Y.Doc): marked removed, its mention gone.
		deleteMessage(doc, { userId: mentor, at: clientAt }, { threadId: thread, messageId: thread });
		await project(id, doc, new Date('2026-12-07T03:15:00.000Z'));
		[opening] = (await messagesOf(id)).filter((m) => m.id === thread);
		expect(opening).toMatchObject({ body: '', removedAt: new Date('2026-12-07T03:15:00.000Z') });
		expect(await mentionsOf(id)).toEqual([]);
		// Re-adding nothing: the mention notification stays one.
		expect((await notificationsOf(id)).filter((n) => n.kind === 'mention')).toHaveLength(1);
	});

	it('notifies the creator when someone else resolves a thread, once, and not for their own resolve', async () => {
		const { id, doc } = await newDocument();
		const mine = crypto.randomUUID();
		const theirs = crypto.randomUUID();
		createThread(doc, { userId: author, at: clientAt }, { threadId: mine, body: 'Perlu dicek', anchor: null });
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: theirs, body: 'Sudah benar?', anchor: null });
		await project(id, doc, new Date('2026-12-07T03:00:00.000Z'));
		setResolved(doc, { userId: author, at: clientAt }, { threadId: mine, resolved: true });
		setResolved(doc, { userId: mentor, at: clientAt }, { threadId: theirs, resolved: true });
		const t2 = new Date('2026-12-07T03:05:00.000Z');
		await project(id, doc, t2);
		expect(await threadOf(id, theirs)).toMatchObject({ resolved: true, resolvedBy: mentor, resolvedAt: t2 });
		const resolvedNotes = async () => (await notificationsOf(id)).filter((n) => n.kind === 'resolved').map((n) => [n.userId, n.actorId, n.threadId]);
		expect(await resolvedNotes()).toEqual([[author, mentor, theirs]]);
		// Reopened and resolved again by the same person: no second notification.
		setResolved(doc, { userId: mentor, at: clientAt }, { threadId: theirs, resolved: false });
		await project(id, doc, new Date('2026-12-07T03:06:00.000Z'));
		expect(await threadOf(id, theirs)).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
		setResolved(doc, { userId: mentor, at: clientAt }, { threadId: theirs, resolved: true });
		await project(id, doc, new Date('2026-12-07T03:07:00.000Z'));
		expect(await resolvedNotes()).toEqual([[author, mentor, theirs]]);
		const [counts] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, id));
		expect(counts).toMatchObject({ commentThreads: 2, openCommentThreads: 0 });
	});

	it('marks a thread removed when its entries are gone', async () => {
		const { id, doc } = await newDocument();
		const thread = crypto.randomUUID();
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: thread, body: 'Sementara', anchor: null });
		await project(id, doc, new Date('2026-12-07T03:00:00.000Z'));
		doc.transact(() => doc.getMap('comments').clear());
		const gone = new Date('2026-12-07T03:01:00.000Z');
		await project(id, doc, gone);
		expect(await threadOf(id, thread)).toMatchObject({ removedAt: gone, messageCount: 0 });
		expect((await messagesOf(id))[0]).toMatchObject({ removedAt: gone, body: '' });
	});

	it('writes comments that predate the tables as a baseline, notifying nobody', async () => {
		const { id, doc } = await newDocument();
		const thread = crypto.randomUUID();
		createThread(doc, { userId: mentor, at: clientAt }, { threadId: thread, body: 'Komentar lama', anchor: null, mentions: [author] });
		addReply(doc, { userId: author, at: clientAt }, { threadId: thread, messageId: crypto.randomUUID(), body: 'Balasan lama' });
		// A projection from before comment rows existed: it counted the thread and wrote no rows.
		await writeDocumentProjection(database.db, {
			documentId: id,
			orgId,
			projection: { ...walkDocument(doc), comments: undefined },
			now: new Date('2026-12-01T00:00:00.000Z')
		});
		expect(await threadOf(id, thread)).toBeUndefined();
		await project(id, doc, new Date('2026-12-07T03:00:00.000Z'));
		expect(await threadOf(id, thread)).toMatchObject({ messageCount: 2 });
		expect(await mentionsOf(id)).toHaveLength(1);
		expect(await notificationsOf(id)).toEqual([]);
		// A reply written after the baseline notifies as usual.
		addReply(doc, { userId: mentor, at: clientAt }, { threadId: thread, messageId: crypto.randomUUID(), body: 'Balasan baru' });
		await project(id, doc, new Date('2026-12-07T03:01:00.000Z'));
		expect((await notificationsOf(id)).map((n) => [n.kind, n.userId])).toEqual([['reply', author]]);
	});

	it('the counts-only path (nothing changed for rows or comments) still writes the digest', async () => {
		const { id, doc } = await newDocument();
		await project(id, doc, new Date('2026-12-07T03:00:00.000Z'));
		doc.getText('title').insert(0, 'Baru: ');
		const projection = walkDocument(doc);
		await writeDocumentProjection(database.db, { documentId: id, orgId, projection, rowsUnchanged: true, commentsUnchanged: true });
		const [counts] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, id));
		expect(counts.contentDigest).toBe(projection.contentDigest);
	});
});
