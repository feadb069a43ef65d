import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { documents, lessonRecurrences, lessonReuses, lessons, teamMembers } from '../../src/lib/server/db/schema';
import type { Executor } from '../../src/lib/server/db';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import { loadMembership } from '../../src/lib/server/access-loader';
import { loadRecurrences } from '../../src/lib/server/lesson-recurrences-view';
import { GET as statusesGET } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/lessons/+server';
import { POST as proposePOST } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/lessons/[blockId]/propose/+server';
import { POST as relatedPOST } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/related/+server';
import { POST as recurrencesPOST } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/recurrences/+server';
import { GET as titlesGET } from '../../src/routes/api/orgs/[orgId]/lessons/titles/+server';

/**
 * The editor's library endpoints (issue 14) on a real database: a lesson block's status and
 * "Usulkan ke pustaka" (by document and block id, waiting for the projection), "Pelajaran
 * terkait" with its "lesson not learned" question, "Ya, terulang" and the lesson page's count,
 * and the chips' "diperbarui" — each for the right people only, nothing across organisations,
 * any hostile input a 4xx or a plain answer, never a 500.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
type Handler = (event: never) => Response | Promise<Response>;

const EARLIER_LESSON = {
	title: 'Antrean KTP-el perlu nomor urut daring',
	body: 'Warga datang subuh karena nomor antrean pencetakan KTP-el habis; server pencetakan sering mati pada jam sibuk.'
};
/** A new failure analysis describing the same failure again. */
const REPEAT_TEXT =
	'Akar masalah\nNomor antrean pencetakan KTP-el habis sebelum pukul delapan; warga datang subuh. Server pencetakan mati lagi pada jam sibuk.';

async function addLesson(
	db: Executor,
	seed: { orgId: string; teamId: string; documentId: string; blockId?: string; title: string; body: string; status?: LessonStatus }
): Promise<{ id: string; blockId: string }> {
	const id = crypto.randomUUID();
	const blockId = seed.blockId ?? crypto.randomUUID();
	const status = seed.status ?? 'published';
	await db.insert(lessons).values({
		id,
		orgId: seed.orgId,
		sourceDocumentId: seed.documentId,
		originDocumentId: seed.documentId,
		originTeamId: seed.teamId,
		blockId,
		title: seed.title,
		body: seed.body,
		status,
		publishedAt: status === 'published' ? new Date() : null
	});
	return { id, blockId };
}

describe.each(testDatabases)('library editor endpoints on %s', (kind) => {
	let database: TestDatabase;
	let admin: User;
	let member: User;
	let otherTeam: User;
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	let teamA: string;
	const doc: Record<string, string> = {};
	const lesson: Record<string, { id: string; blockId: string }> = {};

	async function call(
		handler: Handler,
		user: User | null,
		params: Record<string, string>,
		init: { path?: string; method?: string; body?: string } = {}
	) {
		const url = new URL(`http://localhost/api/orgs/${params.orgId}/${init.path ?? ''}`);
		const request = new Request(url, {
			method: init.method ?? 'GET',
			body: init.body,
			headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined
		});
		const response = await handler({ locals: { database, user, session: null }, url, params, request, setHeaders: () => {} } as never);
		const text = await response.text();
		return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
	}
	const statuses = (user: User | null, org: string, documentId: string) => call(statusesGET, user, { orgId: org, documentId });
	const propose = (user: User | null, org: string, documentId: string, blockId: string) =>
		call(proposePOST, user, { orgId: org, documentId, blockId }, { method: 'POST' });
	const related = (user: User | null, org: string, documentId: string, body: string) =>
		call(relatedPOST, user, { orgId: org, documentId }, { method: 'POST', body });
	const repeat = (user: User | null, org: string, documentId: string, body: string) =>
		call(recurrencesPOST, user, { orgId: org, documentId }, { method: 'POST', body });

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		admin = await makeUser(db, { name: 'Rina Kusumawati' });
		member = await makeUser(db, { name: 'Budi Santoso' });
		otherTeam = await makeUser(db, { name: 'Sari Perizinan' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		await addOrgMember(db, orgId, member.id, 'member');
		await addOrgMember(db, orgId, otherTeam.id, 'member');
		teamA = (await makeTeam(db, orgId, 'Bidang Pelayanan')).id;
		const teamB = (await makeTeam(db, orgId, 'Bidang Perizinan')).id;
		await db.insert(teamMembers).values({ teamId: teamA, userId: member.id, role: 'member' });
		await db.insert(teamMembers).values({ teamId: teamB, userId: otherTeam.id, role: 'member' });
		const foreignTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		const make = (org: string, teamId: string, title: string, type: 'failure_analysis' | 'sop_improvement', visibility: 'team' | 'organisation' = 'team') =>
			createDocument(db, { orgId: org, teamId, type, title, visibility, createdBy: admin.id }).then((d) => d.id);
		doc.earlier = await make(orgId, teamA, 'Antrean KTP-el Januari', 'failure_analysis');
		doc.foreign = await make(otherOrgId, foreignTeam, 'Antrean dinas lain', 'failure_analysis');
		doc.current = await make(orgId, teamA, 'Antrean KTP-el lagi', 'failure_analysis');
		doc.sop = await make(orgId, teamA, 'SOP antrean', 'sop_improvement');
		doc.open = await make(orgId, teamA, 'Evaluasi terbuka', 'failure_analysis', 'organisation');
		// The earlier analyses were written a month before the current one.
		const monthAgo = new Date(Date.now() - 30 * 86_400_000);
		await db.update(documents).set({ createdAt: monthAgo }).where(eq(documents.id, doc.earlier));
		await db.update(documents).set({ createdAt: monthAgo }).where(eq(documents.id, doc.foreign));

		lesson.earlier = await addLesson(db, { orgId, teamId: teamA, documentId: doc.earlier, ...EARLIER_LESSON });
		lesson.foreign = await addLesson(db, {
			orgId: otherOrgId,
			teamId: foreignTeam,
			documentId: doc.foreign,
			title: 'Rahasia dinas lain: antrean KTP-el nomor daring',
			body: EARLIER_LESSON.body
		});
		lesson.draft = await addLesson(db, { orgId, teamId: teamA, documentId: doc.current, status: 'draft', title: 'Cadangan server pencetakan', body: 'Siapkan server cadangan.' });
		lesson.untitled = await addLesson(db, { orgId, teamId: teamA, documentId: doc.current, status: 'draft', title: '  ', body: 'Belum berjudul.' });
		lesson.open = await addLesson(db, { orgId, teamId: teamA, documentId: doc.open, status: 'draft', title: 'Pelajaran terbuka', body: 'Terbuka untuk organisasi.' });
	});
	afterAll(() => database.destroy());

	describe('lesson block status', () => {
		it('lists the document’s projected lessons with their status and who may propose them', async () => {
			const { status, body } = await statuses(member, orgId, doc.current);
			expect(status).toBe(200);
			expect(body.lessons).toEqual(
				[
					{ blockId: lesson.draft.blockId, lessonId: lesson.draft.id, status: 'draft', mayPropose: true },
					{ blockId: lesson.untitled.blockId, lessonId: lesson.untitled.id, status: 'draft', mayPropose: true }
				].sort((a, b) => a.blockId.localeCompare(b.blockId))
			);
			// A reader of an organisation-wide document outside its team sees the status, may not propose.
			const reader = await statuses(otherTeam, orgId, doc.open);
			expect(reader.body.lessons).toEqual([{ blockId: lesson.open.blockId, lessonId: lesson.open.id, status: 'draft', mayPropose: false }]);
		});

		it('answers 404 to those who may not view the document, across organisations and for malformed ids; 401 signed out', async () => {
			expect((await statuses(otherTeam, orgId, doc.current)).status).toBe(404);
			expect((await statuses(outsider, orgId, doc.current)).status).toBe(404);
			// The outsider's own organisation in the path does not open another's document.
			const crossed = await statuses(outsider, otherOrgId, doc.current);
			expect(crossed.status).toBe(404);
			expect(crossed.text).not.toContain(lesson.draft.id);
			expect((await statuses(member, orgId, 'not-a-uuid')).status).toBe(404);
			expect((await statuses(member, 'x', doc.current)).status).toBe(404);
			expect((await statuses(null, orgId, doc.current)).status).toBe(401);
		});
	});

	describe('Usulkan ke pustaka', () => {
		it('says a block the projection has not written yet (or not its title) is not ready, without an error', async () => {
			const fresh = await propose(member, orgId, doc.current, crypto.randomUUID());
			expect(fresh).toMatchObject({ status: 409, body: { code: 'not_projected' } });
			const untitled = await propose(member, orgId, doc.current, lesson.untitled.blockId);
			expect(untitled).toMatchObject({ status: 409, body: { code: 'untitled' } });
			// A block id of another document is not this document's lesson.
			expect((await propose(member, orgId, doc.current, lesson.earlier.blockId)).body.code).toBe('not_projected');
		});

		it('proposes a member’s own team draft once; the status follows', async () => {
			const first = await propose(member, orgId, doc.current, lesson.draft.blockId);
			expect(first).toMatchObject({ status: 200, body: { lessonId: lesson.draft.id, status: 'proposed' } });
			const [row] = await database.db.select().from(lessons).where(eq(lessons.id, lesson.draft.id));
			expect(row.status).toBe('proposed');
			expect(row.proposedBy).toBe(member.id);
			const again = await propose(member, orgId, doc.current, lesson.draft.blockId);
			expect(again).toMatchObject({ status: 409, body: { code: 'not_draft', status: 'proposed' } });
			const after = await statuses(member, orgId, doc.current);
			expect(after.body.lessons).toContainEqual({ blockId: lesson.draft.blockId, lessonId: lesson.draft.id, status: 'proposed', mayPropose: false });
		});

		it('refuses readers outside the lesson’s team (403), outsiders and other organisations (404), malformed ids (404)', async () => {
			expect(await propose(otherTeam, orgId, doc.open, lesson.open.blockId)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
			expect((await propose(otherTeam, orgId, doc.current, lesson.draft.blockId)).status).toBe(404);
			expect((await propose(outsider, orgId, doc.open, lesson.open.blockId)).status).toBe(404);
			expect((await propose(outsider, otherOrgId, doc.open, lesson.open.blockId)).status).toBe(404);
			for (const blockId of ['x', "' or 1=1 --", '%00', '']) {
				expect((await propose(member, orgId, doc.open, blockId)).status, blockId).toBe(404);
			}
			expect((await propose(null, orgId, doc.open, lesson.open.blockId)).status).toBe(401);
			const [row] = await database.db.select().from(lessons).where(eq(lessons.id, lesson.open.id));
			expect(row.status).toBe('draft');
		});
	});

	describe('Pelajaran terkait and the lesson not learned', () => {
		it('suggests the organisation’s published lessons for the section, never another organisation’s', async () => {
			const { status, body, text } = await related(member, orgId, doc.sop, JSON.stringify({ text: REPEAT_TEXT }));
			expect(status).toBe(200);
			const ids = (body.lessons as { id: string }[]).map((l) => l.id);
			expect(ids).toEqual([lesson.earlier.id]);
			expect(body.lessons).toEqual([
				expect.objectContaining({ id: lesson.earlier.id, title: EARLIER_LESSON.title, teamName: 'Bidang Pelayanan', reuseCount: 0 })
			]);
			expect(text).not.toContain('Rahasia');
			// Not a failure analysis: no question about repeats.
			expect(body.recurrence).toBeNull();
		});

		it('asks whether an earlier failure analysis’s lesson happened again when the text closely matches', async () => {
			const { body } = await related(member, orgId, doc.current, JSON.stringify({ text: REPEAT_TEXT }));
			expect(body.recurrence).toMatchObject({ lessonId: lesson.earlier.id, title: EARLIER_LESSON.title, recorded: false });
			const found = body.recurrence as { matched: number; terms: number };
			expect(found.matched / found.terms).toBeGreaterThanOrEqual(0.6);
			// Sharing a word or two is related, not a repeat.
			const loose = await related(member, orgId, doc.current, JSON.stringify({ text: 'Pelatihan petugas baru tentang arsip surat dan antrean.' }));
			expect(loose.body.recurrence).toBeNull();
			// The earlier analysis itself is not a repeat of its own lesson.
			const own = await related(admin, orgId, doc.earlier, JSON.stringify({ text: REPEAT_TEXT }));
			expect(own.body.recurrence).toBeNull();
		});

		it('answers hostile text with results or none, refuses malformed bodies with 400', async () => {
			for (const text of ['', '"\'&|!:*()<>%_\\', 'a\u0000b', '🙂'.repeat(100), 'x'.repeat(10_000), "' OR 1=1; drop table lessons; --"]) {
				const { status, body } = await related(member, orgId, doc.current, JSON.stringify({ text }));
				expect(status, text.slice(0, 20)).toBe(200);
				expect(Array.isArray(body.lessons)).toBe(true);
			}
			for (const raw of ['not json', '{}', '{"text": 5}', JSON.stringify({ text: 'x'.repeat(20_001) }), '[]']) {
				const { status, body } = await related(member, orgId, doc.current, raw);
				expect(status, raw.slice(0, 20)).toBe(400);
				expect(body.code).toBe('invalid_text');
			}
		});

		it('is for the document’s writers: readers 403, outsiders and other organisations 404', async () => {
			const body = JSON.stringify({ text: REPEAT_TEXT });
			expect((await related(otherTeam, orgId, doc.open, body)).status).toBe(403);
			expect((await related(otherTeam, orgId, doc.current, body)).status).toBe(404);
			const crossed = await related(outsider, otherOrgId, doc.current, body);
			expect(crossed.status).toBe(404);
			expect(crossed.text).not.toContain(EARLIER_LESSON.title);
			expect((await related(null, orgId, doc.current, body)).status).toBe(401);
		});

		it('records "Ya, terulang" once per lesson and document; the lesson page counts it and names only what the reader may open', async () => {
			const body = JSON.stringify({ lessonId: lesson.earlier.id });
			expect((await repeat(member, orgId, doc.current, body)).status).toBe(201);
			expect((await repeat(member, orgId, doc.current, body)).status).toBe(200);
			const rows = await database.db.select().from(lessonRecurrences).where(eq(lessonRecurrences.lessonId, lesson.earlier.id));
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ documentId: doc.current, orgId, reportedBy: member.id });
			const asked = await related(member, orgId, doc.current, JSON.stringify({ text: REPEAT_TEXT }));
			expect(asked.body.recurrence).toMatchObject({ lessonId: lesson.earlier.id, recorded: true });

			const view = async (user: User) => loadRecurrences(database.db, user, await loadMembership(database.db, user.id, orgId), orgId, lesson.earlier.id);
			const seen = await view(member);
			expect(seen).toMatchObject({ total: 1, hidden: 0, documents: [{ documentId: doc.current, documentTitle: 'Antrean KTP-el lagi', teamName: 'Bidang Pelayanan' }] });
			// Another team's member counts it without learning the team-only document's title.
			expect(await view(otherTeam)).toEqual({ total: 1, hidden: 1, documents: [] });
		});

		it('refuses repeats of other organisations’ lessons, drafts, the document’s own lesson, non-analyses and malformed bodies', async () => {
			const send = (user: User | null, org: string, documentId: string, lessonId: unknown) =>
				repeat(user, org, documentId, JSON.stringify({ lessonId }));
			expect((await send(member, orgId, doc.current, lesson.foreign.id)).status).toBe(404);
			expect((await send(member, orgId, doc.current, lesson.untitled.id)).status).toBe(404);
			expect((await send(admin, orgId, doc.earlier, lesson.earlier.id)).status).toBe(404);
			expect((await send(member, orgId, doc.sop, lesson.earlier.id)).status).toBe(404);
			expect((await send(otherTeam, orgId, doc.open, lesson.earlier.id)).status).toBe(403);
			expect((await send(outsider, otherOrgId, doc.current, lesson.earlier.id)).status).toBe(404);
			expect((await send(null, orgId, doc.current, lesson.earlier.id)).status).toBe(401);
			for (const raw of ['', 'null', '{"lessonId":"x"}', '{"lessonId":5}', '{']) {
				expect((await repeat(member, orgId, doc.current, raw)).status, raw).toBe(400);
			}
			const rows = await database.db.select().from(lessonRecurrences);
			expect(rows.map((r) => r.lessonId)).toEqual([lesson.earlier.id]);
		});
	});

	describe('diperbarui on lesson chips', () => {
		it('names the document’s references whose lesson changed in the library after they were made', async () => {
			const db = database.db;
			const refOld = crypto.randomUUID();
			const refNew = crypto.randomUUID();
			const reuse = (blockId: string, createdAt: Date) =>
				db.insert(lessonReuses).values({
					id: crypto.randomUUID(),
					orgId,
					lessonId: lesson.earlier.id,
					documentId: doc.sop,
					originDocumentId: doc.sop,
					originTeamId: teamA,
					blockId,
					createdAt
				});
			await reuse(refOld, new Date(Date.now() - 10 * 86_400_000));
			await reuse(refNew, new Date(Date.now() + 60_000));
			await db.update(lessons).set({ libraryUpdatedAt: new Date(), libraryTitle: 'Antrean KTP-el: nomor urut daring' }).where(eq(lessons.id, lesson.earlier.id));

			const titles = (user: User, org: string, query: string) =>
				call(titlesGET, user, { orgId: org }, { path: `lessons/titles${query}` });
			const answer = await titles(member, orgId, `?ids=${lesson.earlier.id}&doc=${doc.sop}`);
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ lessons: [{ id: lesson.earlier.id, title: 'Antrean KTP-el: nomor urut daring' }], updatedRefs: [refOld] });
			// Without `doc`, the answer is as before.
			expect((await titles(member, orgId, `?ids=${lesson.earlier.id}`)).body).toEqual({
				lessons: [{ id: lesson.earlier.id, title: 'Antrean KTP-el: nomor urut daring' }]
			});
			// A document the user may not view, or of another organisation, names nothing.
			expect((await titles(otherTeam, orgId, `?ids=${lesson.earlier.id}&doc=${doc.sop}`)).body.updatedRefs).toEqual([]);
			expect((await titles(outsider, otherOrgId, `?ids=${lesson.foreign.id}&doc=${doc.sop}`)).body.updatedRefs).toEqual([]);
			for (const bad of ['x', '', "'--"]) {
				expect((await titles(member, orgId, `?ids=${lesson.earlier.id}&doc=${encodeURIComponent(bad)}`)).status, bad).toBe(400);
			}
		});
	});
});
