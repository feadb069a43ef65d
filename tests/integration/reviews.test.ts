import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import type { Db } from '../../src/lib/server/db';
import { documents, notifications, reviewRequests, reviewReviewers, signOffs, teams } from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { setTeamMember } from '../../src/lib/server/repositories/teams';
import { createDocument, listTeamDocuments } from '../../src/lib/server/repositories/documents';
import { appendDocumentUpdate, loadDocumentLog } from '../../src/lib/server/repositories/document-log';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import {
	requestReview,
	ReviewError,
	reviewState,
	setRequiredApprovals,
	signOff
} from '../../src/lib/server/repositories/reviews';
import { onNotificationsChanged } from '../../src/lib/server/notification-signal';
import { walkDocument } from '../../src/lib/projection/walk';
import { BODY_FRAGMENT } from '../../src/lib/document-contract';
import { parseDocumentListQuery } from '../../src/lib/document-validation';
import { createThread } from '../../src/lib/comments/operations';
import { actions as documentActions, load as documentLoad } from '../../src/routes/o/[orgId]/d/[documentId]/+page.server';
import { actions as teamActions } from '../../src/routes/o/[orgId]/teams/[teamId]/+page.server';

type User = Awaited<ReturnType<typeof makeUser>>;

/**
 * Calls a page's form action as SvelteKit would, with a real database and a signed-in user:
 * what it returns (a `fail`) or throws (a redirect, a 403/404) is the action's answer.
 */
type AnyAction = (event: never) => unknown;
async function post(
	action: AnyAction | undefined,
	database: TestDatabase,
	user: User,
	params: Record<string, string>,
	fields: [string, string][] = []
): Promise<unknown> {
	if (!action) throw new Error('no such action');
	const body = new FormData();
	for (const [key, value] of fields) body.append(key, value);
	const url = new URL('http://localhost/o/x');
	const event = { request: new Request(url, { method: 'POST', body }), url, params, locals: { database, user, session: null } };
	try {
		return await action(event as never);
	} catch (thrown) {
		return { thrown };
	}
}

/** The saved document as a Y.Doc: stored state and log, as the sync server loads it. */
async function savedDoc(db: Db, documentId: string): Promise<Y.Doc> {
	const log = await loadDocumentLog(db, documentId);
	const doc = new Y.Doc();
	if (log.state) Y.applyUpdate(doc, log.state);
	for (const row of log.updates) Y.applyUpdate(doc, row.data);
	return doc;
}

/** Changes the saved document as an editor's client would (one update appended to the log). */
async function edit(db: Db, documentId: string, change: (doc: Y.Doc) => void): Promise<Y.Doc> {
	const doc = await savedDoc(db, documentId);
	const before = Y.encodeStateVector(doc);
	change(doc);
	await appendDocumentUpdate(db, documentId, Y.encodeStateAsUpdate(doc, before));
	return doc;
}

/** What the sync server's projector does once edits settle. */
async function project(db: Db, orgId: string, documentId: string): Promise<void> {
	const doc = await savedDoc(db, documentId);
	await writeDocumentProjection(db, { documentId, orgId, projection: walkDocument(doc) });
}

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

describe.each(testDatabases)('reviews and sign-offs on %s', (kind) => {
	let database: TestDatabase;
	let db: Db;
	let admin: User;
	let writer: User;
	let colleague: User;
	let mentor: User;
	let mentor2: User;
	let manager: User;
	let bystander: User;
	let orgId: string;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		admin = await makeUser(db, { name: 'Admin Dinas' });
		writer = await makeUser(db, { name: 'Sari Penulis' });
		colleague = await makeUser(db, { name: 'Budi Rekan' });
		mentor = await makeUser(db, { name: 'Dewi Mentor' });
		mentor2 = await makeUser(db, { name: 'Eko Mentor' });
		manager = await makeUser(db, { name: 'Fajar Pengelola' });
		bystander = await makeUser(db, { name: 'Gita Anggota' });
		orgId = (await makeOrg(db, admin.id)).id;
		for (const u of [writer, colleague, mentor, mentor2, bystander]) await addOrgMember(db, orgId, u.id, 'member');
		await addOrgMember(db, orgId, manager.id, 'knowledge_manager');
	});
	afterAll(() => database.destroy());

	/** A team with the writer and the colleague as members and two mentors; a document by the writer. */
	async function setup(name: string) {
		const team = await makeTeam(db, orgId, name);
		await setTeamMember(db, team, writer.id, 'member');
		await setTeamMember(db, team, colleague.id, 'member');
		await setTeamMember(db, team, mentor.id, 'mentor');
		await setTeamMember(db, team, mentor2.id, 'mentor');
		const doc = await createDocument(db, { orgId, teamId: team.id, type: 'failure_analysis', title: `Analisis ${name}`, createdBy: writer.id });
		const params = { orgId, documentId: doc.id };
		return { team, doc, params };
	}

	const stateOf = async (documentId: string) => (await reviewState(db, [documentId])).get(documentId);
	const count = async (table: typeof signOffs | typeof reviewRequests, documentId: string) =>
		(await db.select().from(table).where(eq(table.documentId, documentId))).length;

	it('a request by the form action names the team mentors, notifies each once, and the state is pending', async () => {
		const { doc, params } = await setup('Bidang Permintaan');
		expect(await stateOf(doc.id)).toBe('none');
		const signalled: string[] = [];
		const stops = [mentor, mentor2].map((u) => onNotificationsChanged(u.id, () => signalled.push(u.id)));
		const answer = await post(documentActions.requestReview, database, writer, params, [['note', '  Mohon ditinjau bagian akar masalah.  ']]);
		stops.forEach((stop) => stop());
		expect(answer).toEqual({ reviewMessage: 'Permintaan tinjauan dikirim.' });
		expect(await stateOf(doc.id)).toBe('pending');
		const [request] = await db.select().from(reviewRequests).where(eq(reviewRequests.documentId, doc.id));
		expect(request).toMatchObject({ requestedBy: writer.id, note: 'Mohon ditinjau bagian akar masalah.' });
		const named = await db.select().from(reviewReviewers).where(eq(reviewReviewers.requestId, request.id));
		expect(named.map((r) => r.userId).sort()).toEqual([mentor.id, mentor2.id].sort());
		const notes = await db.select().from(notifications).where(eq(notifications.documentId, doc.id));
		expect(notes.map((n) => [n.userId, n.kind, n.requestId, n.actorId]).sort()).toEqual(
			[
				[mentor.id, 'review_request', request.id, writer.id],
				[mentor2.id, 'review_request', request.id, writer.id]
			].sort()
		);
		expect(signalled.sort()).toEqual([mentor.id, mentor2.id].sort());

		// The page shows it: the state, who was asked, and what each reviewer may do.
		const page = (await documentLoad({ locals: { database, user: mentor, session: null }, url: new URL('http://localhost/'), params } as never)) as {
			review: { state: string; canSignOff: boolean; canRequest: boolean; request: { reviewers: { userId: string; decision: string | null }[] } };
		};
		expect(page.review).toMatchObject({ state: 'pending', canSignOff: true, canRequest: false });
		expect(page.review.request.reviewers.map((r) => r.decision)).toEqual([null, null]);
		const writerPage = (await documentLoad({ locals: { database, user: writer, session: null }, url: new URL('http://localhost/'), params } as never)) as {
			review: { canSignOff: boolean; canRequest: boolean; candidates: { userId: string }[] };
		};
		expect(writerPage.review).toMatchObject({ canSignOff: false, canRequest: true });
		// Never the requester nor the creator; the colleague, both mentors and the knowledge manager.
		expect(writerPage.review.candidates.map((c) => c.userId).sort()).toEqual([colleague.id, mentor.id, mentor2.id, manager.id].sort());
	});

	it('a sign-off by someone who is not a reviewer is refused with 403 and stores nothing', async () => {
		const { doc, params } = await setup('Bidang Bukan Peninjau');
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [mentor.id] });
		for (const who of [mentor2, colleague, manager, admin]) {
			const answer = await post(documentActions.signOff, database, who, params, [['requestId', requestId], ['decision', 'approved']]);
			expect(answer, who.name).toMatchObject({ thrown: { status: 403, body: { code: 'forbidden' } } });
		}
		// Someone who may not even see the document learns nothing: 404.
		const hidden = await post(documentActions.signOff, database, bystander, params, [['requestId', requestId], ['decision', 'approved']]);
		expect(hidden).toMatchObject({ thrown: { status: 404 } });
		// The repository refuses too, whoever calls it.
		await expect(signOff(db, { documentId: doc.id, requestId, reviewerId: colleague.id, decision: 'approved' })).rejects.toMatchObject({
			code: 'not_a_reviewer'
		});
		expect(await count(signOffs, doc.id)).toBe(0);
		expect(await stateOf(doc.id)).toBe('pending');
		// The sign-off by the named reviewer goes through, and only on this document's request.
		const other = await setup('Bidang Lain');
		const forged = await post(documentActions.signOff, database, mentor, other.params, [['requestId', requestId], ['decision', 'approved']]);
		expect(forged).toMatchObject({ thrown: { status: 403 } });
		expect(await post(documentActions.signOff, database, mentor, params, [['requestId', requestId], ['decision', 'approved']])).toEqual({
			reviewMessage: 'Keputusan Anda tercatat.'
		});
		expect(await count(signOffs, doc.id)).toBe(1);
	});

	it('nobody approves their own document: the creator and the requester are refused as reviewers and as signers', async () => {
		const { doc, params } = await setup('Bidang Sendiri');
		// The creator cannot be asked; nor can the one asking.
		const asCreator = (await post(documentActions.requestReview, database, colleague, params, [['reviewer', writer.id]])) as {
			status: number;
			data: { requestReview: { message: string; values: { reviewers: string[]; note: string } } };
		};
		expect(asCreator.status).toBe(400);
		expect(asCreator.data.requestReview.message).toBe('Pembuat dokumen tidak dapat menjadi peninjaunya.');
		expect(asCreator.data.requestReview.values.reviewers).toEqual([writer.id]);
		await expect(requestReview(db, { documentId: doc.id, requestedBy: colleague.id, reviewerIds: [colleague.id] })).rejects.toMatchObject({
			code: 'reviewer_is_requester'
		});
		// Someone outside the team (an org admin not in it, a plain org member) cannot be asked either.
		await expect(requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [bystander.id] })).rejects.toMatchObject({
			code: 'reviewer_not_eligible'
		});
		await expect(requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [admin.id] })).rejects.toMatchObject({
			code: 'reviewer_not_eligible'
		});
		expect(await count(reviewRequests, doc.id)).toBe(0);

		// Even named by a hand-written row, the creator and the requester cannot sign off.
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: colleague.id, reviewerIds: [mentor.id] });
		await db.insert(reviewReviewers).values([
			{ requestId, userId: writer.id },
			{ requestId, userId: colleague.id }
		]);
		for (const who of [writer, colleague]) {
			const answer = await post(documentActions.signOff, database, who, params, [['requestId', requestId], ['decision', 'approved']]);
			expect(answer, who.name).toMatchObject({ thrown: { status: 403 } });
			await expect(signOff(db, { documentId: doc.id, requestId, reviewerId: who.id, decision: 'approved' })).rejects.toMatchObject({
				code: 'own_document'
			});
		}
		expect(await count(signOffs, doc.id)).toBe(0);
	});

	it('a review request on an archived document is refused, and so is a sign-off there', async () => {
		const { doc, params } = await setup('Bidang Arsip Tinjau');
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id });
		await db.update(documents).set({ archivedAt: new Date() }).where(eq(documents.id, doc.id));
		expect(await post(documentActions.requestReview, database, writer, params)).toMatchObject({ thrown: { status: 403 } });
		await expect(requestReview(db, { documentId: doc.id, requestedBy: writer.id })).rejects.toMatchObject({ code: 'archived' });
		expect(await post(documentActions.signOff, database, mentor, params, [['requestId', requestId], ['decision', 'approved']])).toMatchObject({
			thrown: { status: 403 }
		});
		await expect(signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' })).rejects.toBeInstanceOf(ReviewError);
		expect(await count(reviewRequests, doc.id)).toBe(1);
		expect(await count(signOffs, doc.id)).toBe(0);
	});

	it('with two approvals required, one approval stays pending and two approve; changes requested wins', async () => {
		const { team, doc } = await setup('Bidang Dua');
		await setRequiredApprovals(db, team.id, 2);
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [mentor.id, mentor2.id, manager.id] });
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('pending');
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor2.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('approved');
		await signOff(db, { documentId: doc.id, requestId, reviewerId: manager.id, decision: 'changes_requested', note: 'Tambahkan data pendukung.' });
		expect(await stateOf(doc.id)).toBe('changes_requested');
		// A reviewer's latest decision counts: the knowledge manager approves after all.
		await signOff(db, { documentId: doc.id, requestId, reviewerId: manager.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('approved');
		// A new request starts a new round: nothing decided yet.
		await requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [mentor.id] });
		expect(await stateOf(doc.id)).toBe('pending');
		// The old request is closed for sign-offs.
		await expect(signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' })).rejects.toMatchObject({
			code: 'request_not_open'
		});
	});

	it('a sign-off stores the state vector of the saved log and the content digest of that state', async () => {
		const { doc } = await setup('Bidang Versi');
		await edit(db, doc.id, (d) => d.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph('Antrean menumpuk pada hari Senin.')]));
		await edit(db, doc.id, (d) => d.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph('Loket dua tutup.')]));
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id });
		const result = await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved', note: 'Jelas.' });
		const saved = await savedDoc(db, doc.id);
		const [row] = await db.select().from(signOffs).where(eq(signOffs.id, result.signOffId));
		expect(Array.from(row.stateVector)).toEqual(Array.from(Y.encodeStateVector(saved)));
		expect(row.contentDigest).toBe(walkDocument(saved).contentDigest);
		expect(row).toMatchObject({ reviewerId: mentor.id, decision: 'approved', note: 'Jelas.', requestId });
		// The state it names is really the saved one: the log's updates are all inside it.
		expect(Y.diffUpdate(Y.encodeStateAsUpdate(saved), row.stateVector).byteLength).toBeLessThanOrEqual(2);
	});

	it('an edit of the body after approval, once projected, shows as changed after approval; a comment does not', async () => {
		const { doc } = await setup('Bidang Ubah');
		await project(db, orgId, doc.id);
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [mentor.id] });
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('approved');

		// A mentor's comment changes the Y.Doc, not the content.
		await edit(db, doc.id, (d) =>
			createThread(d, { userId: mentor.id, at: new Date().toISOString() }, { threadId: crypto.randomUUID(), body: 'Bagus.', anchor: null })
		);
		await project(db, orgId, doc.id);
		expect(await stateOf(doc.id)).toBe('approved');

		await edit(db, doc.id, (d) => d.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph('Ditambahkan setelah disetujui.')]));
		// Not projected yet: the list still says approved (the projection follows within seconds).
		expect(await stateOf(doc.id)).toBe('approved');
		await project(db, orgId, doc.id);
		expect(await stateOf(doc.id)).toBe('changed_after_approval');

		// Approved again as it is now: approved.
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('approved');
	});

	it('a sign-off notifies the requester and the creator once each, and never the reviewer', async () => {
		const { doc, params } = await setup('Bidang Kabar');
		// The colleague asks for review of the writer's document: both hear of the decision.
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: colleague.id, reviewerIds: [mentor.id] });
		const signalled: string[] = [];
		const stops = [writer, colleague, mentor].map((u) => onNotificationsChanged(u.id, () => signalled.push(u.id)));
		const answer = await post(documentActions.signOff, database, mentor, params, [
			['requestId', requestId],
			['decision', 'changes_requested'],
			['note', 'Perbaiki kronologi.']
		]);
		stops.forEach((stop) => stop());
		expect(answer).toEqual({ reviewMessage: 'Keputusan Anda tercatat.' });
		const signOffNotes = await db
			.select()
			.from(notifications)
			.where(and(eq(notifications.documentId, doc.id), eq(notifications.kind, 'sign_off')));
		expect(signOffNotes.map((n) => n.userId).sort()).toEqual([writer.id, colleague.id].sort());
		expect(signOffNotes.every((n) => n.actorId === mentor.id && n.requestId === requestId)).toBe(true);
		expect(signalled.sort()).toEqual([writer.id, colleague.id].sort());
		const requestNotes = await db
			.select()
			.from(notifications)
			.where(and(eq(notifications.documentId, doc.id), eq(notifications.kind, 'review_request')));
		expect(requestNotes.map((n) => n.userId)).toEqual([mentor.id]);
		expect(await stateOf(doc.id)).toBe('changes_requested');
	});

	it('forms answer bad input with what was typed and a message, and store nothing', async () => {
		const { doc, params } = await setup('Bidang Isian');
		const long = 'x'.repeat(2001);
		const tooLong = (await post(documentActions.requestReview, database, writer, params, [
			['reviewer', mentor.id],
			['note', long]
		])) as { status: number; data: { requestReview: { values: { note: string; reviewers: string[] }; errors: { note?: string } } } };
		expect(tooLong.status).toBe(400);
		expect(tooLong.data.requestReview.values).toEqual({ note: long, reviewers: [mentor.id] });
		expect(tooLong.data.requestReview.errors.note).toBe('Terlalu panjang: maksimal 2000 karakter.');
		expect(await count(reviewRequests, doc.id)).toBe(0);

		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id });
		const noDecision = (await post(documentActions.signOff, database, mentor, params, [
			['requestId', requestId],
			['decision', 'maybe'],
			['note', 'Catatan saya']
		])) as { status: number; data: { signOff: { values: { note: string }; errors: { decision?: string } } } };
		expect(noDecision.status).toBe(400);
		expect(noDecision.data.signOff.values.note).toBe('Catatan saya');
		expect(noDecision.data.signOff.errors.decision).toBe('Pilih keputusan: Disetujui atau Perlu perbaikan.');
		expect(await count(signOffs, doc.id)).toBe(0);

		// A team without mentors: asking nobody says what to do.
		const bare = await makeTeam(db, orgId, 'Bidang Tanpa Mentor');
		await setTeamMember(db, bare, writer.id, 'member');
		const lonely = await createDocument(db, { orgId, teamId: bare.id, type: 'retrospective', title: 'Retro', createdBy: writer.id });
		const none = (await post(documentActions.requestReview, database, writer, { orgId, documentId: lonely.id })) as {
			status: number;
			data: { requestReview: { message: string } };
		};
		expect(none.status).toBe(400);
		expect(none.data.requestReview.message).toBe('Tim ini belum punya mentor. Pilih peninjau dari anggota tim.');
	});

	it("the team's document list shows, filters and sorts by the review state", async () => {
		const { team, doc: approved } = await setup('Bidang Daftar');
		const pending = await createDocument(db, { orgId, teamId: team.id, type: 'sop_improvement', title: 'SOP menunggu', createdBy: writer.id });
		const untouched = await createDocument(db, { orgId, teamId: team.id, type: 'retrospective', title: 'Retro baru', createdBy: writer.id });
		const fix = await createDocument(db, { orgId, teamId: team.id, type: 'retrospective', title: 'Retro perbaikan', createdBy: writer.id });
		const a = await requestReview(db, { documentId: approved.id, requestedBy: writer.id });
		await signOff(db, { documentId: approved.id, requestId: a.requestId, reviewerId: mentor.id, decision: 'approved' });
		await requestReview(db, { documentId: pending.id, requestedBy: writer.id });
		const f = await requestReview(db, { documentId: fix.id, requestedBy: writer.id });
		await signOff(db, { documentId: fix.id, requestId: f.requestId, reviewerId: mentor2.id, decision: 'changes_requested' });

		const all = await listTeamDocuments(db, team.id);
		expect(Object.fromEntries(all.map((d) => [d.id, d.reviewState]))).toEqual({
			[approved.id]: 'approved',
			[pending.id]: 'pending',
			[untouched.id]: 'none',
			[fix.id]: 'changes_requested'
		});
		expect((await listTeamDocuments(db, team.id, { review: 'pending' })).map((d) => d.id)).toEqual([pending.id]);
		expect((await listTeamDocuments(db, team.id, { review: 'approved' })).map((d) => d.id)).toEqual([approved.id]);
		// In the order a review goes: none, pending, changes requested, changed after approval, approved.
		const sorted = await listTeamDocuments(db, team.id, { sort: 'review', direction: 'asc' });
		expect(sorted.map((d) => d.id)).toEqual([untouched.id, pending.id, fix.id, approved.id]);
		const reversed = await listTeamDocuments(db, team.id, { sort: 'review', direction: 'desc' });
		expect(reversed.map((d) => d.id)).toEqual([approved.id, fix.id, pending.id, untouched.id]);
		// The team page reads both from its URL; an unknown state is ignored, as other filters are.
		expect(parseDocumentListQuery(new URLSearchParams('review=approved&sort=review'))).toMatchObject({ review: 'approved', sort: 'review', dir: 'asc' });
		expect(parseDocumentListQuery(new URLSearchParams('review=maybe')).review).toBeUndefined();
	});

	it('admins set the approvals a review needs (1 to 5); anything else is refused with what was typed', async () => {
		const { team, doc } = await setup('Bidang Pengaturan');
		const params = { orgId, teamId: team.id };
		const required = async () => (await db.select({ n: teams.requiredApprovals }).from(teams).where(eq(teams.id, team.id)))[0].n;
		expect(await required()).toBe(1);
		expect(await post(teamActions.requiredApprovals, database, admin, params, [['requiredApprovals', '3']])).toEqual({ message: 'Tersimpan.' });
		expect(await required()).toBe(3);
		for (const bad of ['0', '6', '2.5', 'dua', '']) {
			const answer = (await post(teamActions.requiredApprovals, database, admin, params, [['requiredApprovals', bad]])) as {
				status: number;
				data: { approvals: { values: { requiredApprovals: string }; error: string } };
			};
			expect(answer.status, bad).toBe(400);
			expect(answer.data.approvals).toEqual({ values: { requiredApprovals: bad }, error: 'Pilih angka 1 sampai 5.' });
		}
		expect(await required()).toBe(3);
		// A team member or mentor does not change it.
		for (const who of [writer, mentor]) {
			expect(await post(teamActions.requiredApprovals, database, who, params, [['requiredApprovals', '1']])).toMatchObject({ thrown: { status: 403 } });
		}
		expect(await required()).toBe(3);
		// It applies at once to the review state.
		const { requestId } = await requestReview(db, { documentId: doc.id, requestedBy: writer.id, reviewerIds: [mentor.id, mentor2.id] });
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor.id, decision: 'approved' });
		await signOff(db, { documentId: doc.id, requestId, reviewerId: mentor2.id, decision: 'approved' });
		expect(await stateOf(doc.id)).toBe('pending');
		await post(teamActions.requiredApprovals, database, admin, params, [['requiredApprovals', '2']]);
		expect(await stateOf(doc.id)).toBe('approved');
	});
});
