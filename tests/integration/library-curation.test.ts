import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import type { Db } from '../../src/lib/server/db';
import { lessonCurationEvents, lessonReuses, lessons, lessonTags, processChanges, type User } from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { setTeamMember } from '../../src/lib/server/repositories/teams';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { loadMembership } from '../../src/lib/server/access-loader';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import {
	createTag,
	CurationError,
	deleteTag,
	editLibraryText,
	listTags,
	mergeLesson,
	proposeLesson,
	publishLesson,
	republishLesson,
	retireLesson,
	sendBackLesson,
	setLessonTags,
	updateTag
} from '../../src/lib/server/repositories/curation';
import { actions as queueActions, load as queueLoad } from '../../src/routes/o/[orgId]/library/queue/+page.server';
import { actions as lessonActions, load as lessonLoad } from '../../src/routes/o/[orgId]/library/[lessonId]/+page.server';

type AnyHandler = (event: never) => unknown;

/** Calls a page's load or form action as SvelteKit would: what it returns, or what it throws. */
async function call(
	handler: AnyHandler | undefined,
	database: TestDatabase,
	user: User,
	params: Record<string, string>,
	fields?: [string, string][]
): Promise<unknown> {
	if (!handler) throw new Error('no such handler');
	const url = new URL('http://localhost/o/x/library');
	let request = new Request(url);
	if (fields) {
		const body = new FormData();
		for (const [key, value] of fields) body.append(key, value);
		request = new Request(url, { method: 'POST', body });
	}
	const event = { request, url, params, locals: { database, user, session: null } };
	try {
		return await handler(event as never);
	} catch (thrown) {
		return { thrown };
	}
}

const statusOf = (thrown: unknown) => (thrown as { thrown?: { status?: number } }).thrown?.status;
const locationOf = (thrown: unknown) => (thrown as { thrown?: { location?: string } }).thrown?.location;

async function refusal(run: Promise<unknown>): Promise<string> {
	try {
		await run;
	} catch (thrown) {
		if (thrown instanceof CurationError) return thrown.code;
		throw thrown;
	}
	return 'allowed';
}

describe.each(testDatabases)('library curation on %s', (kind) => {
	let database: TestDatabase;
	let db: Db;
	let admin: User;
	let manager: User;
	let writerA: User; // member of team A
	let mentorA: User; // mentor of team A
	let writerB: User; // member of team B
	let outsider: User; // admin of another organisation
	let orgId: string;
	let otherOrgId: string;
	let teamA: string;
	let teamB: string;
	let docA: string; // team A, team-only
	let docAOrg: string; // team A, organisation-wide
	let docB: string; // team B, team-only
	let otherDoc: string;
	let otherTeam: string;

	const membership = (u: User, org = orgId) => loadMembership(db, u.id, org);

	async function addLesson(documentId: string, teamId: string, title: string, status: LessonStatus = 'draft', org = orgId): Promise<string> {
		const id = crypto.randomUUID();
		await db.insert(lessons).values({
			id,
			orgId: org,
			sourceDocumentId: documentId,
			originDocumentId: documentId,
			originTeamId: teamId,
			blockId: crypto.randomUUID(),
			title,
			body: `Isi pelajaran: ${title}.`,
			status,
			publishedAt: status === 'published' || status === 'retired' ? new Date('2026-06-01T00:00:00Z') : null
		});
		return id;
	}

	async function reuse(lessonId: string, documentId: string, teamId: string): Promise<void> {
		await db.insert(lessonReuses).values({
			id: crypto.randomUUID(),
			orgId,
			lessonId,
			documentId,
			originDocumentId: documentId,
			originTeamId: teamId,
			blockId: crypto.randomUUID()
		});
	}

	const lessonRow = async (id: string) => (await db.select().from(lessons).where(eq(lessons.id, id)))[0];
	const eventsOf = async (id: string) =>
		db
			.select()
			.from(lessonCurationEvents)
			.where(eq(lessonCurationEvents.lessonId, id))
			.orderBy(asc(lessonCurationEvents.createdAt), asc(lessonCurationEvents.id));

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		admin = await makeUser(db, { name: 'Admin Dinas' });
		manager = await makeUser(db, { name: 'Fajar Pengelola' });
		writerA = await makeUser(db, { name: 'Sari Penulis' });
		mentorA = await makeUser(db, { name: 'Dewi Mentor' });
		writerB = await makeUser(db, { name: 'Budi Perizinan' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		await addOrgMember(db, orgId, manager.id, 'knowledge_manager');
		for (const u of [writerA, mentorA, writerB]) await addOrgMember(db, orgId, u.id, 'member');
		const tA = await makeTeam(db, orgId, 'Bidang Pelayanan');
		const tB = await makeTeam(db, orgId, 'Bidang Perizinan');
		teamA = tA.id;
		teamB = tB.id;
		await setTeamMember(db, tA, writerA.id, 'member');
		await setTeamMember(db, tA, mentorA.id, 'mentor');
		await setTeamMember(db, tB, writerB.id, 'member');
		otherTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		docA = (await createDocument(db, { orgId, teamId: teamA, type: 'failure_analysis', title: 'Antrean KTP-el', createdBy: writerA.id })).id;
		docAOrg = (
			await createDocument(db, { orgId, teamId: teamA, type: 'retrospective', title: 'Retrospektif', visibility: 'organisation', createdBy: writerA.id })
		).id;
		docB = (await createDocument(db, { orgId, teamId: teamB, type: 'sop_improvement', title: 'SOP perizinan', createdBy: writerB.id })).id;
		otherDoc = (
			await createDocument(db, { orgId: otherOrgId, teamId: otherTeam, type: 'failure_analysis', title: 'Dokumen lain', visibility: 'organisation', createdBy: outsider.id })
		).id;
	});
	afterAll(() => database.destroy());

	it('a member proposes only their own team’s drafts; mentors, other teams and outsiders cannot', async () => {
		const teamOnly = await addLesson(docA, teamA, 'Nomor antrean daring');
		const orgWide = await addLesson(docAOrg, teamA, 'Jadwal piket Sabtu');
		// Team B cannot even see team A's team-only draft: 404, not 403.
		expect(await refusal(proposeLesson(db, await membership(writerB), orgId, teamOnly))).toBe('not_found');
		// It sees the organisation-wide one, but it is not its team's.
		expect(await refusal(proposeLesson(db, await membership(writerB), orgId, orgWide))).toBe('forbidden');
		expect(await refusal(proposeLesson(db, await membership(mentorA), orgId, teamOnly))).toBe('forbidden');
		expect(await refusal(proposeLesson(db, await membership(manager), orgId, teamOnly))).toBe('forbidden');
		expect(await refusal(proposeLesson(db, await membership(outsider), orgId, teamOnly))).toBe('not_found');
		expect(await refusal(proposeLesson(db, await membership(outsider, otherOrgId), otherOrgId, teamOnly))).toBe('not_found');

		await proposeLesson(db, await membership(writerA), orgId, teamOnly);
		const row = await lessonRow(teamOnly);
		expect(row).toMatchObject({ status: 'proposed', proposedBy: writerA.id });
		expect(row.proposedAt).toBeInstanceOf(Date);
		const events = await eventsOf(teamOnly);
		expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([['propose', 'draft', 'proposed', writerA.id]]);
		// Proposing twice is not a step of the lifecycle.
		expect(await refusal(proposeLesson(db, await membership(writerA), orgId, teamOnly))).toBe('forbidden');
	});

	it('only knowledge managers and admins publish, send back, retire, merge, edit the text and tags', async () => {
		const lesson = await addLesson(docAOrg, teamA, 'Loket cadangan', 'proposed');
		const survivor = await addLesson(docAOrg, teamA, 'Loket cadangan (lama)', 'published');
		const tag = await createTag(db, await membership(manager), orgId, { name: 'Hak akses' });
		for (const u of [writerA, mentorA, writerB]) {
			const mb = await membership(u);
			expect(await refusal(publishLesson(db, mb, orgId, lesson))).toBe('forbidden');
			expect(await refusal(sendBackLesson(db, mb, orgId, lesson, 'Kurang jelas'))).toBe('forbidden');
			expect(await refusal(retireLesson(db, mb, orgId, lesson, 'Usang'))).toBe('forbidden');
			expect(await refusal(mergeLesson(db, mb, orgId, lesson, survivor))).toBe('forbidden');
			expect(await refusal(editLibraryText(db, mb, orgId, lesson, { libraryTitle: 'X' }))).toBe('forbidden');
			expect(await refusal(setLessonTags(db, mb, orgId, lesson, [tag]))).toBe('forbidden');
			expect(await refusal(createTag(db, mb, orgId, { name: `Tag ${u.name}` }))).toBe('forbidden');
			expect(await refusal(deleteTag(db, mb, orgId, tag))).toBe('forbidden');
		}
		expect((await lessonRow(lesson)).status).toBe('proposed');
		expect(await eventsOf(lesson)).toEqual([]);
		// An admin may, like a knowledge manager.
		await editLibraryText(db, await membership(admin), orgId, lesson, { libraryTitle: 'Loket cadangan saat istirahat' });
		expect((await lessonRow(lesson)).libraryTitle).toBe('Loket cadangan saat istirahat');
	});

	it('publishing records the library text, the tags and the step, and sets curator, verifier and date', async () => {
		const lesson = await addLesson(docA, teamA, 'Cek berkas sekali', 'proposed');
		const km = await membership(manager);
		const parent = await createTag(db, km, orgId, { name: 'Pelayanan' });
		const child = await createTag(db, km, orgId, { name: 'Administrasi kependudukan', parentId: parent });
		await publishLesson(db, km, orgId, lesson, { libraryTitle: '  Berkas dicek di satu meja ', librarySummary: 'Satu meja, satu pemeriksaan.', tagIds: [child] });
		const row = await lessonRow(lesson);
		expect(row).toMatchObject({
			status: 'published',
			libraryTitle: 'Berkas dicek di satu meja',
			librarySummary: 'Satu meja, satu pemeriksaan.',
			curatorId: manager.id,
			verifierId: manager.id
		});
		expect(row.publishedAt).toBeInstanceOf(Date);
		expect(row.libraryUpdatedAt).toBeInstanceOf(Date);
		const events = await eventsOf(lesson);
		expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId, e.note])).toEqual([
			['edit', 'proposed', 'proposed', manager.id, ''],
			['tag', 'proposed', 'proposed', manager.id, 'Administrasi kependudukan'],
			['publish', 'proposed', 'published', manager.id, '']
		]);
		const paths = (await listTags(db, orgId)).map((t) => t.path);
		expect(paths).toContain('Pelayanan > Administrasi kependudukan');
		// A tag of another organisation cannot be set, even by id.
		const foreign = await createTag(db, await membership(outsider, otherOrgId), otherOrgId, { name: 'Asing' });
		expect(await refusal(setLessonTags(db, km, orgId, lesson, [foreign]))).toBe('tag_missing');
		expect((await db.select().from(lessonTags).where(eq(lessonTags.lessonId, lesson))).map((t) => t.tagId)).toEqual([child]);
	});

	it('send back needs a note; retire needs a reason; a retired lesson can be published again', async () => {
		const km = await membership(manager);
		const lesson = await addLesson(docA, teamA, 'Catatan antrean', 'proposed');
		expect(await refusal(sendBackLesson(db, km, orgId, lesson, '   '))).toBe('note_required');
		await sendBackLesson(db, km, orgId, lesson, 'Tambahkan angka waktu tunggu.');
		expect((await lessonRow(lesson)).status).toBe('draft');
		await proposeLesson(db, await membership(writerA), orgId, lesson);
		await publishLesson(db, km, orgId, lesson);
		expect(await refusal(retireLesson(db, km, orgId, lesson, ''))).toBe('note_required');
		await retireLesson(db, km, orgId, lesson, 'Sistem antrean sudah diganti.');
		expect(await lessonRow(lesson)).toMatchObject({ status: 'retired', retireReason: 'Sistem antrean sudah diganti.' });
		await republishLesson(db, await membership(admin), orgId, lesson);
		expect(await lessonRow(lesson)).toMatchObject({ status: 'published', retireReason: null, curatorId: admin.id });
		const events = await eventsOf(lesson);
		expect(events.map((e) => [e.action, e.toStatus, e.note])).toEqual([
			['send_back', 'draft', 'Tambahkan angka waktu tunggu.'],
			['propose', 'proposed', ''],
			['publish', 'published', ''],
			['retire', 'retired', 'Sistem antrean sudah diganti.'],
			['republish', 'published', '']
		]);
	});

	it('merge moves every reuse (and the counts) to the survivor, records it, and the merged page redirects', async () => {
		const km = await membership(manager);
		const dup = await addLesson(docAOrg, teamA, 'Duplikat', 'published');
		const survivor = await addLesson(docAOrg, teamA, 'Asli', 'published');
		await reuse(dup, docB, teamB);
		await reuse(dup, docAOrg, teamA);
		await reuse(survivor, docB, teamB);
		const tag = await createTag(db, km, orgId, { name: 'Duplikasi' });
		await setLessonTags(db, km, orgId, dup, [tag]);
		expect((await lessonRow(dup)).reuseCount).toBe(2);

		await mergeLesson(db, km, orgId, dup, survivor);
		expect(await lessonRow(dup)).toMatchObject({ status: 'merged', mergedInto: survivor, reuseCount: 0 });
		expect((await lessonRow(survivor)).reuseCount).toBe(3);
		const reuses = await db.select().from(lessonReuses).where(eq(lessonReuses.lessonId, survivor));
		expect(reuses).toHaveLength(3);
		expect(await db.select().from(lessonReuses).where(eq(lessonReuses.lessonId, dup))).toEqual([]);
		const survivorTags = await db.select().from(lessonTags).where(eq(lessonTags.lessonId, survivor));
		expect(survivorTags.map((t) => t.tagId)).toEqual([tag]);
		const [merge] = (await eventsOf(dup)).filter((e) => e.action === 'merge');
		expect(merge).toMatchObject({ fromStatus: 'published', toStatus: 'merged', mergedInto: survivor, actorId: manager.id });

		// The merged lesson's page redirects to the survivor, which lists the reuses.
		const answer = await call(lessonLoad as AnyHandler, database, writerB, { orgId, lessonId: dup });
		expect(statusOf(answer)).toBe(303);
		expect(locationOf(answer)).toBe(`/o/${orgId}/library/${survivor}`);
		const page = (await call(lessonLoad as AnyHandler, database, writerB, { orgId, lessonId: survivor })) as {
			reuses: { documentId: string; count: number }[];
			hiddenReuses: number;
			reuseTimes: number;
			mergedFrom: { id: string }[];
		};
		// Team B opens its own document and the organisation-wide one: all three reuses named, one
		// line per document (docB reuses the survivor twice now).
		expect(page.reuses.map((r) => [r.documentId, r.count]).sort()).toEqual([[docAOrg, 1], [docB, 2]].sort());
		expect(page.reuseTimes).toBe(3);
		expect(page.hiddenReuses).toBe(0);
		expect(page.mergedFrom.map((l) => l.id)).toEqual([dup]);
	});

	it('merging into itself, a retired, a draft, a merged or another organisation’s lesson is a clear error', async () => {
		const km = await membership(manager);
		const lesson = await addLesson(docAOrg, teamA, 'Akan digabung', 'proposed');
		const retired = await addLesson(docAOrg, teamA, 'Sudah pensiun', 'retired');
		const draft = await addLesson(docAOrg, teamA, 'Masih draf');
		const foreign = await addLesson(otherDoc, otherTeam, 'Organisasi lain', 'published', otherOrgId);
		expect(await refusal(mergeLesson(db, km, orgId, lesson, lesson))).toBe('merge_into_self');
		expect(await refusal(mergeLesson(db, km, orgId, lesson, retired))).toBe('survivor_retired');
		expect(await refusal(mergeLesson(db, km, orgId, lesson, draft))).toBe('survivor_draft');
		expect(await refusal(mergeLesson(db, km, orgId, lesson, foreign))).toBe('survivor_missing');
		expect(await refusal(mergeLesson(db, km, orgId, lesson, 'not-a-uuid'))).toBe('survivor_missing');
		expect((await lessonRow(lesson)).status).toBe('proposed');
		expect(await eventsOf(lesson)).toEqual([]);

		// Through the queue's form action: a 400 in Indonesian beside the field, the choice kept.
		const answer = (await call(queueActions.merge as AnyHandler, database, manager, { orgId }, [
			['lessonId', lesson],
			['survivorId', retired]
		])) as { status: number; data: { curation: { form: string; lessonId: string; values: Record<string, string>; errors: Record<string, string> } } };
		expect(answer.status).toBe(400);
		expect(answer.data.curation).toMatchObject({ form: 'merge', lessonId: lesson, values: { survivorId: retired } });
		expect(answer.data.curation.errors.survivorId).toBe('Pelajaran tujuan sudah dipensiunkan: pilih pelajaran yang masih berlaku.');
		const self = (await call(queueActions.merge as AnyHandler, database, manager, { orgId }, [
			['lessonId', lesson],
			['survivorId', lesson]
		])) as { data: { curation: { errors: Record<string, string> } } };
		expect(self.data.curation.errors.survivorId).toBe('Pelajaran tidak dapat digabung ke dirinya sendiri.');
	});

	it('tags: unique names, parents of the same organisation, no loops, no deleting a parent', async () => {
		const km = await membership(manager);
		const top = await createTag(db, km, orgId, { name: 'Perizinan' });
		const sub = await createTag(db, km, orgId, { name: 'Izin usaha', parentId: top });
		expect(await refusal(createTag(db, km, orgId, { name: 'perizinan' }))).toBe('tag_name_taken');
		expect(await refusal(updateTag(db, km, orgId, top, { name: 'Perizinan', parentId: sub }))).toBe('tag_parent_cycle');
		expect(await refusal(deleteTag(db, km, orgId, top))).toBe('tag_has_children');
		const foreign = await createTag(db, await membership(outsider, otherOrgId), otherOrgId, { name: 'Luar' });
		expect(await refusal(createTag(db, km, orgId, { name: 'Anak asing', parentId: foreign }))).toBe('tag_parent_missing');
		expect(await refusal(deleteTag(db, km, orgId, foreign))).toBe('tag_missing');
		await updateTag(db, km, orgId, sub, { name: 'Izin usaha mikro', parentId: top });
		expect((await listTags(db, orgId)).map((t) => t.path)).toContain('Perizinan > Izin usaha mikro');
		await deleteTag(db, km, orgId, sub);
		await deleteTag(db, km, orgId, top);
		expect((await listTags(db, orgId)).map((t) => t.name)).not.toContain('Perizinan');

		// The form action: a taken name comes back in Indonesian with what was typed.
		await createTag(db, km, orgId, { name: 'Antrean' });
		const answer = (await call(queueActions.createTag as AnyHandler, database, manager, { orgId }, [
			['name', 'ANTREAN'],
			['parentId', '']
		])) as { status: number; data: { curation: { values: Record<string, string>; errors: Record<string, string> } } };
		expect(answer.status).toBe(400);
		expect(answer.data.curation.values.name).toBe('ANTREAN');
		expect(answer.data.curation.errors.name).toBe('Nama tag ini sudah dipakai.');
		expect(statusOf(await call(queueActions.createTag as AnyHandler, database, writerA, { orgId }, [['name', 'Baru']]))).toBe(403);
	});

	it('the queue: curators only (403 members, 404 outsiders), oldest proposal first; its actions publish with tags', async () => {
		expect(statusOf(await call(queueLoad as AnyHandler, database, writerA, { orgId }))).toBe(403);
		expect(statusOf(await call(queueLoad as AnyHandler, database, outsider, { orgId }))).toBe(404);
		const first = await addLesson(docA, teamA, 'Usulan pertama');
		const second = await addLesson(docB, teamB, 'Usulan kedua');
		await proposeLesson(db, await membership(writerA), orgId, first);
		await proposeLesson(db, await membership(writerB), orgId, second);
		const page = (await call(queueLoad as AnyHandler, database, manager, { orgId })) as {
			queue: { id: string; documentTitle: string; teamName: string; proposedByName: string }[];
			waiting: number;
		};
		expect(page.waiting).toBe(page.queue.length);
		const ids = page.queue.map((l) => l.id);
		expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
		expect(page.queue.find((l) => l.id === first)).toMatchObject({ documentTitle: 'Antrean KTP-el', teamName: 'Bidang Pelayanan', proposedByName: 'Sari Penulis' });

		// Send back without a note: refused, the title typed in the same page kept elsewhere.
		const noNote = (await call(queueActions.sendBack as AnyHandler, database, manager, { orgId }, [
			['lessonId', first],
			['note', '  ']
		])) as { status: number; data: { curation: { form: string; errors: Record<string, string> } } };
		expect(noNote.status).toBe(400);
		expect(noNote.data.curation).toMatchObject({ form: 'sendBack', errors: { note: 'Wajib diisi.' } });

		const tag = await createTag(db, await membership(manager), orgId, { name: 'Antrean daring' });
		const published = await call(queueActions.publish as AnyHandler, database, manager, { orgId }, [
			['lessonId', first],
			['libraryTitle', 'Antrean daring mengurangi datang subuh'],
			['librarySummary', ''],
			['tagsShown', '1'],
			['tagIds', tag]
		]);
		expect(published).toEqual({ curated: 'publish', lessonId: first });
		expect(await lessonRow(first)).toMatchObject({ status: 'published', libraryTitle: 'Antrean daring mengurangi datang subuh', librarySummary: null });
		const after = (await call(queueLoad as AnyHandler, database, manager, { orgId })) as { queue: { id: string }[] };
		expect(after.queue.map((l) => l.id)).not.toContain(first);

		// A member posting to the queue's actions: 403; an outsider: 404.
		expect(statusOf(await call(queueActions.retire as AnyHandler, database, writerB, { orgId }, [['lessonId', second], ['note', 'x']]))).toBe(403);
		expect(statusOf(await call(queueActions.retire as AnyHandler, database, outsider, { orgId }, [['lessonId', second], ['note', 'x']]))).toBe(404);
	});

	it('the lesson page: team-only lessons reach the organisation once published; history, tags, hidden reuses, process changes', async () => {
		const lesson = await addLesson(docA, teamA, 'Pelajaran tim');
		const params = { orgId, lessonId: lesson };
		// A draft of a team-only document: team B and outsiders get 404, the team and curators see it.
		expect(statusOf(await call(lessonLoad as AnyHandler, database, writerB, params))).toBe(404);
		expect(statusOf(await call(lessonLoad as AnyHandler, database, outsider, params))).toBe(404);
		expect(statusOf(await call(lessonLoad as AnyHandler, database, outsider, { orgId: otherOrgId, lessonId: lesson }))).toBe(404);
		const own = (await call(lessonLoad as AnyHandler, database, writerA, params)) as { may: { propose: boolean; publish: boolean } };
		expect(own.may).toMatchObject({ propose: true, publish: false });

		// Proposed from the lesson page, then published by the knowledge manager with a tag.
		expect(await call(lessonActions.propose as AnyHandler, database, writerA, params, [['lessonId', lesson]])).toEqual({ curated: 'propose', lessonId: lesson });
		expect(statusOf(await call(lessonLoad as AnyHandler, database, writerB, params))).toBe(404);
		const tag = await createTag(db, await membership(manager), orgId, { name: 'Pelajaran tim' });
		await publishLesson(db, await membership(manager), orgId, lesson, { tagIds: [tag] });
		await reuse(lesson, docB, teamB); // team B's own document
		await reuse(lesson, docA, teamA); // team A's team-only document: B may not open it
		await db.insert(processChanges).values({
			id: crypto.randomUUID(),
			orgId,
			documentId: docB,
			originDocumentId: docB,
			originTeamId: teamB,
			blockId: crypto.randomUUID(),
			indicator: 'Waktu tunggu rata-rata',
			unit: 'menit',
			direction: 'decrease',
			linkedLessonIds: [lesson]
		});

		const page = (await call(lessonLoad as AnyHandler, database, writerB, params)) as {
			lesson: { status: string; sourceDocumentId: string | null; tagIds: string[]; curatorName: string; teamName: string };
			events: { action: string; actorName: string }[];
			reuses: { documentId: string; documentTitle: string; teamName: string }[];
			hiddenReuses: number;
			processChanges: { indicator: string; documentTitle: string }[];
			may: Record<string, boolean>;
		};
		expect(page.lesson).toMatchObject({ status: 'published', tagIds: [tag], curatorName: 'Fajar Pengelola', teamName: 'Bidang Pelayanan' });
		// The lesson is the organisation's now; its team-only source document is still not B's.
		expect(page.lesson.sourceDocumentId).toBeNull();
		expect(page.events.map((e) => [e.action, e.actorName])).toEqual([
			['propose', 'Sari Penulis'],
			['tag', 'Fajar Pengelola'],
			['publish', 'Fajar Pengelola']
		]);
		expect(page.reuses).toEqual([expect.objectContaining({ documentId: docB, documentTitle: 'SOP perizinan', teamName: 'Bidang Perizinan' })]);
		expect(page.hiddenReuses).toBe(1);
		expect(page.processChanges).toEqual([expect.objectContaining({ indicator: 'Waktu tunggu rata-rata', documentTitle: 'SOP perizinan' })]);
		expect(Object.values(page.may).some(Boolean)).toBe(false);
		// A member's curation post from the lesson page: 403.
		expect(statusOf(await call(lessonActions.retire as AnyHandler, database, writerB, params, [['lessonId', lesson], ['note', 'x']]))).toBe(403);

		// The knowledge manager sees the curation forms and the source document.
		const km = (await call(lessonLoad as AnyHandler, database, manager, params)) as { lesson: { sourceDocumentId: string }; may: Record<string, boolean> };
		expect(km.lesson.sourceDocumentId).toBe(docA);
		expect(km.may).toMatchObject({ retire: true, merge: true, publish: false, editLibraryText: true, tag: true, curate: true });
	});

	it('from the lesson page: merging follows the lesson to its survivor; saving the text alone leaves the tags', async () => {
		const km = await membership(manager);
		const lesson = await addLesson(docAOrg, teamA, 'Dari halaman pelajaran', 'published');
		const survivor = await addLesson(docAOrg, teamA, 'Penerus', 'published');
		const tag = await createTag(db, km, orgId, { name: 'Halaman pelajaran' });
		await setLessonTags(db, km, orgId, lesson, [tag]);
		const params = { orgId, lessonId: lesson };
		const saved = await call(lessonActions.text as AnyHandler, database, manager, params, [
			['lessonId', lesson],
			['libraryTitle', 'Judul baru'],
			['librarySummary', 'Ringkasan baru']
		]);
		expect(saved).toEqual({ curated: 'text', lessonId: lesson });
		expect(await lessonRow(lesson)).toMatchObject({ libraryTitle: 'Judul baru', librarySummary: 'Ringkasan baru', status: 'published' });
		expect((await db.select().from(lessonTags).where(eq(lessonTags.lessonId, lesson))).map((t) => t.tagId)).toEqual([tag]);
		const tooLong = (await call(lessonActions.text as AnyHandler, database, manager, params, [
			['lessonId', lesson],
			['libraryTitle', 'x'.repeat(201)]
		])) as { status: number; data: { curation: { values: Record<string, string>; errors: Record<string, string> } } };
		expect(tooLong.status).toBe(400);
		expect(tooLong.data.curation.values.libraryTitle).toHaveLength(201);
		expect(tooLong.data.curation.errors.libraryTitle).toBe('Terlalu panjang: maksimal 200 karakter.');

		const merged = await call(lessonActions.merge as AnyHandler, database, manager, params, [
			['lessonId', lesson],
			['survivorId', survivor]
		]);
		expect(statusOf(merged)).toBe(303);
		expect(locationOf(merged)).toBe(`/o/${orgId}/library/${survivor}`);
		// Merged is final: no more steps, and its events say where it went.
		expect(await refusal(retireLesson(db, km, orgId, lesson, 'x'))).toBe('forbidden');
		expect(await refusal(editLibraryText(db, km, orgId, lesson, { libraryTitle: 'y' }))).toBe('forbidden');
		expect((await eventsOf(lesson)).map((e) => e.action)).toEqual(['tag', 'edit', 'merge']);
	});

	it('nothing crosses an organisation boundary: another organisation’s curator gets not_found everywhere', async () => {
		const lesson = await addLesson(docAOrg, teamA, 'Rahasia dinas', 'proposed');
		const foreignAdmin = await membership(outsider, otherOrgId);
		// Naming their own organisation with our lesson id, or ours (where they are nobody).
		for (const org of [otherOrgId, orgId]) {
			const mb = org === orgId ? await membership(outsider) : foreignAdmin;
			expect(await refusal(publishLesson(db, mb, org, lesson))).toBe('not_found');
			expect(await refusal(retireLesson(db, mb, org, lesson, 'x'))).toBe('not_found');
			expect(await refusal(editLibraryText(db, mb, org, lesson, { libraryTitle: 'x' }))).toBe('not_found');
		}
		expect(await refusal(createTag(db, await membership(outsider), orgId, { name: 'Menyusup' }))).toBe('not_found');
		expect(statusOf(await call(queueActions.publish as AnyHandler, database, outsider, { orgId: otherOrgId }, [['lessonId', lesson]]))).toBe(404);
		expect(statusOf(await call(lessonLoad as AnyHandler, database, outsider, { orgId: otherOrgId, lessonId: lesson }))).toBe(404);
		expect((await lessonRow(lesson)).status).toBe('proposed');
		const events = await db.select().from(lessonCurationEvents).where(and(eq(lessonCurationEvents.lessonId, lesson)));
		expect(events).toEqual([]);
	});
});
