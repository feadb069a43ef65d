import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import type { Db } from '../../src/lib/server/db';
import { lessonCurationEvents, lessonFeedback, lessonReuses, lessons, type User } from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { setTeamMember } from '../../src/lib/server/repositories/teams';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { loadMembership } from '../../src/lib/server/access-loader';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import { queueSection } from '../../src/lib/lessons/keep-true';
import { retireLesson } from '../../src/lib/server/repositories/curation';
import {
	answerQuestion,
	FeedbackError,
	feedbackOf,
	giveFeedback,
	keepTrueQueue,
	libraryHealth,
	setRecheckInterval,
	verifyLesson,
	withdrawOutdated
} from '../../src/lib/server/repositories/lesson-feedback';
import { actions as lessonActions, load as lessonLoad } from '../../src/routes/o/[orgId]/library/[lessonId]/+page.server';
import { actions as queueActions, load as queueLoad } from '../../src/routes/o/[orgId]/library/queue/+page.server';
import { load as libraryLoad } from '../../src/routes/o/[orgId]/library/+page.server';
import { GET as searchGET } from '../../src/routes/api/orgs/[orgId]/lessons/search/+server';

/**
 * Keeping the library true (issue 14) on PGlite and PostgreSQL: readers' feedback and who may
 * give and resolve it (another organisation 404, a member cannot resolve), the queue sections
 * derived from reports and dates (and equal to keep-true.ts's rules), verification and
 * retirement closing reports with their events, the library's "verified and current" count,
 * reuses grouped by document on the lesson page, and the merge combobox's search.
 */

type AnyHandler = (event: never) => unknown;
const DAY = 86_400_000;

async function call(handler: AnyHandler | undefined, database: TestDatabase, user: User, params: Record<string, string>, fields?: [string, string][], search = ''): Promise<unknown> {
	if (!handler) throw new Error('no such handler');
	const url = new URL(`http://localhost/o/x/library${search}`);
	let request = new Request(url);
	if (fields) {
		const body = new FormData();
		for (const [key, value] of fields) body.append(key, value);
		request = new Request(url, { method: 'POST', body });
	}
	try {
		return await handler({ request, url, params, locals: { database, user, session: null } } as never);
	} catch (thrown) {
		return { thrown };
	}
}
const statusOf = (result: unknown) => (result as { thrown?: { status?: number } }).thrown?.status;

async function refusal(run: Promise<unknown>): Promise<string> {
	try {
		await run;
	} catch (thrown) {
		if (thrown instanceof FeedbackError) return thrown.code;
		throw thrown;
	}
	return 'allowed';
}

describe.each(testDatabases)('keeping the library true on %s', (kind) => {
	let database: TestDatabase;
	let db: Db;
	let admin: User;
	let manager: User;
	let reader: User; // member of team B
	let writer: User; // member of team A
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	let teamA: string;
	let teamB: string;
	let docA: string;
	let docB: string;
	let docB2: string;
	let docBHidden: string;
	let teamC: string;

	const membership = (u: User, org = orgId) => loadMembership(db, u.id, org);

	async function addLesson(title: string, opts: { status?: LessonStatus; publishedDaysAgo?: number; verifiedDaysAgo?: number; interval?: number; org?: string; doc?: string; team?: string } = {}): Promise<string> {
		const id = crypto.randomUUID();
		const status = opts.status ?? 'published';
		const now = Date.now();
		await db.insert(lessons).values({
			id,
			orgId: opts.org ?? orgId,
			sourceDocumentId: opts.doc ?? docA,
			originDocumentId: opts.doc ?? docA,
			originTeamId: opts.team ?? teamA,
			blockId: crypto.randomUUID(),
			title,
			body: `Isi: ${title}.`,
			status,
			curatorId: status === 'published' ? manager.id : null,
			verifierId: status === 'published' ? manager.id : null,
			publishedAt: status === 'published' || status === 'retired' ? new Date(now - (opts.publishedDaysAgo ?? 10) * DAY) : null,
			verifiedAt: opts.verifiedDaysAgo === undefined ? null : new Date(now - opts.verifiedDaysAgo * DAY),
			recheckIntervalDays: opts.interval ?? 180
		});
		return id;
	}

	async function reuse(lessonId: string, documentId: string, teamId: string, daysAgo = 1): Promise<void> {
		await db.insert(lessonReuses).values({
			id: crypto.randomUUID(),
			orgId,
			lessonId,
			documentId,
			originDocumentId: documentId,
			originTeamId: teamId,
			blockId: crypto.randomUUID(),
			createdAt: new Date(Date.now() - daysAgo * DAY)
		});
	}

	const eventsOf = async (id: string) =>
		db.select().from(lessonCurationEvents).where(eq(lessonCurationEvents.lessonId, id)).orderBy(asc(lessonCurationEvents.createdAt), asc(lessonCurationEvents.id));
	const row = async (id: string) => (await db.select().from(lessons).where(eq(lessons.id, id)))[0];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		admin = await makeUser(db, { name: 'Admin Dinas' });
		manager = await makeUser(db, { name: 'Fajar Pengelola' });
		reader = await makeUser(db, { name: 'Budi Pembaca' });
		writer = await makeUser(db, { name: 'Sari Penulis' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		await addOrgMember(db, orgId, manager.id, 'knowledge_manager');
		await addOrgMember(db, orgId, reader.id, 'member');
		await addOrgMember(db, orgId, writer.id, 'member');
		const tA = await makeTeam(db, orgId, 'Bidang Pelayanan');
		const tB = await makeTeam(db, orgId, 'Bidang Perizinan');
		const tC = await makeTeam(db, orgId, 'Bidang Rahasia');
		teamA = tA.id;
		teamB = tB.id;
		teamC = tC.id;
		await setTeamMember(db, tA, writer.id, 'member');
		await setTeamMember(db, tB, reader.id, 'member');
		docA = (await createDocument(db, { orgId, teamId: teamA, type: 'failure_analysis', title: 'Antrean KTP-el', createdBy: writer.id })).id;
		docB = (await createDocument(db, { orgId, teamId: teamB, type: 'sop_improvement', title: 'SOP perizinan', createdBy: reader.id })).id;
		docB2 = (await createDocument(db, { orgId, teamId: teamB, type: 'sop_improvement', title: 'SOP loket', createdBy: reader.id })).id;
		docBHidden = (await createDocument(db, { orgId, teamId: tC.id, type: 'sop_improvement', title: 'SOP tertutup', createdBy: admin.id })).id;
	});
	afterAll(() => database.destroy());

	it('any reader of a published lesson gives feedback; another organisation gets 404, nothing before publication', async () => {
		const lesson = await addLesson('Loket cadangan saat istirahat');
		const readerM = await membership(reader);
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'useful' })).toBe('added');
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'useful' })).toBe('withdrawn');
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'useful' })).toBe('added');
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'outdated', body: 'Loket sudah pindah.' })).toBe('added');
		// One open report per reader: giving it again replaces the reason.
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'outdated', body: 'Loket sudah pindah ke lantai 2.' })).toBe('updated');
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'question', body: 'Berlaku juga hari Sabtu?' })).toBe('added');
		expect(await giveFeedback(db, readerM, orgId, lesson, { kind: 'question', body: 'Siapa yang menjaga?' })).toBe('added');
		expect(await refusal(giveFeedback(db, readerM, orgId, lesson, { kind: 'outdated', body: '   ' }))).toBe('text_required');
		expect(await refusal(giveFeedback(db, readerM, orgId, lesson, { kind: 'question', body: 'x'.repeat(2001) }))).toBe('text_too_long');

		const view = await feedbackOf(db, orgId, lesson, reader.id);
		expect(view.usefulCount).toBe(1);
		expect(view.outdated.map((f) => [f.userName, f.body])).toEqual([['Budi Pembaca', 'Loket sudah pindah ke lantai 2.']]);
		expect(view.questions.map((q) => [q.userName, q.body, q.resolvedAt])).toEqual([
			['Budi Pembaca', 'Berlaku juga hari Sabtu?', null],
			['Budi Pembaca', 'Siapa yang menjaga?', null]
		]);
		expect(view.mine).toEqual({ useful: true, outdated: 'Loket sudah pindah ke lantai 2.' });

		// The outsider, in their own organisation or this one, finds nothing; the page action 404s.
		expect(await refusal(giveFeedback(db, await membership(outsider, otherOrgId), otherOrgId, lesson, { kind: 'useful' }))).toBe('not_found');
		expect(await refusal(giveFeedback(db, await membership(outsider), orgId, lesson, { kind: 'useful' }))).toBe('not_found');
		expect(statusOf(await call(lessonActions.feedback, database, outsider, { orgId: otherOrgId, lessonId: lesson }, [['kind', 'useful']]))).toBe(404);
		expect(statusOf(await call(lessonActions.feedback, database, outsider, { orgId, lessonId: lesson }, [['kind', 'useful']]))).toBe(404);

		// A proposed lesson of team A: team B cannot see it (404), its own team may not rate it yet.
		const proposed = await addLesson('Belum terbit', { status: 'proposed' });
		expect(await refusal(giveFeedback(db, readerM, orgId, proposed, { kind: 'useful' }))).toBe('not_found');
		expect(await refusal(giveFeedback(db, await membership(writer), orgId, proposed, { kind: 'useful' }))).toBe('forbidden');
	});

	it('only curators answer, verify and set the interval; a member is refused (403) and the form keeps what was typed', async () => {
		const lesson = await addLesson('Jadwal piket Sabtu');
		const readerM = await membership(reader);
		await giveFeedback(db, readerM, orgId, lesson, { kind: 'question', body: 'Mulai bulan apa?' });
		const [question] = await db.select().from(lessonFeedback).where(and(eq(lessonFeedback.lessonId, lesson), eq(lessonFeedback.kind, 'question')));
		for (const u of [reader, writer]) {
			const m = await membership(u);
			expect(await refusal(answerQuestion(db, m, orgId, lesson, question.id, 'Januari'))).toBe('forbidden');
			expect(await refusal(verifyLesson(db, m, orgId, lesson))).toBe('forbidden');
			expect(await refusal(setRecheckInterval(db, m, orgId, lesson, 30))).toBe('forbidden');
		}
		expect(statusOf(await call(lessonActions.answer, database, reader, { orgId, lessonId: lesson }, [['feedbackId', question.id], ['answer', 'Januari']]))).toBe(403);
		expect(statusOf(await call(queueActions.verify, database, reader, { orgId }, [['lessonId', lesson]]))).toBe(403);
		expect(await refusal(answerQuestion(db, await membership(outsider, otherOrgId), otherOrgId, lesson, question.id, 'x'))).toBe('not_found');

		// A curator's bad interval comes back on its field with what was typed.
		const bad = (await call(lessonActions.recheck, database, manager, { orgId, lessonId: lesson }, [['days', '0']])) as {
			status: number;
			data: { feedback: { form: string; errors: Record<string, string>; values: Record<string, string> } };
		};
		expect(bad.status).toBe(400);
		expect(bad.data.feedback).toMatchObject({ form: 'recheck', values: { days: '0' } });
		expect(bad.data.feedback.errors.days).toBeTruthy();

		await answerQuestion(db, await membership(manager), orgId, lesson, question.id, 'Mulai Januari 2027.');
		const [answered] = await db.select().from(lessonFeedback).where(eq(lessonFeedback.id, question.id));
		expect(answered).toMatchObject({ resolvedBy: manager.id, resolution: 'Mulai Januari 2027.' });
		// Answered once; a second answer finds no open question.
		expect(await refusal(answerQuestion(db, await membership(manager), orgId, lesson, question.id, 'Lagi'))).toBe('feedback_missing');

		await call(lessonActions.recheck, database, manager, { orgId, lessonId: lesson }, [['days', '90']]);
		expect((await row(lesson)).recheckIntervalDays).toBe(90);
		const events = await eventsOf(lesson);
		expect(events.map((e) => [e.action, e.note, e.actorId])).toEqual([['edit', 'recheck_interval_days=90', manager.id]]);
	});

	it('derives "Perlu diperiksa ulang" and "Usulan pensiun" like keep-true.ts; verifying and retiring resolve them', async () => {
		const fresh = await addLesson('Segar', { publishedDaysAgo: 10 });
		const reported = await addLesson('Dilaporkan usang', { publishedDaysAgo: 10 });
		const overdue = await addLesson('Lewat tanggal', { publishedDaysAgo: 200 });
		const shortInterval = await addLesson('Interval pendek', { publishedDaysAgo: 40, interval: 30 });
		const idle = await addLesson('Tak terpakai', { publishedDaysAgo: 400 });
		const idleButReused = await addLesson('Masih dipakai', { publishedDaysAgo: 400 });
		const idleVerified = await addLesson('Diverifikasi tahun ini', { publishedDaysAgo: 400, verifiedDaysAgo: 100 });
		const idleReported = await addLesson('Lama dan dilaporkan', { publishedDaysAgo: 500 });
		const retiredOld = await addLesson('Sudah pensiun', { status: 'retired', publishedDaysAgo: 600 });
		await reuse(idleButReused, docB, teamB, 30);
		await giveFeedback(db, await membership(reader), orgId, reported, { kind: 'outdated', body: 'Formulir sudah diganti.' });
		await giveFeedback(db, await membership(writer), orgId, idleReported, { kind: 'outdated', body: 'Aplikasi lama sudah mati.' });

		const now = new Date();
		const queue = await keepTrueQueue(db, orgId, now);
		const recheckIds = queue.recheck.items.map((i) => i.id);
		const retireIds = queue.retire.items.map((i) => i.id);
		expect(recheckIds).toEqual(expect.arrayContaining([reported, overdue, shortInterval, idleButReused, idleReported]));
		expect(retireIds).toEqual(expect.arrayContaining([idle]));
		for (const id of [fresh, idleVerified, retiredOld]) {
			expect(recheckIds).not.toContain(id);
			expect(retireIds).not.toContain(id);
		}
		expect(recheckIds).not.toContain(idle);
		expect(retireIds).not.toContain(idleReported);
		expect(queue.recheck.count).toBe(queue.recheck.items.length);
		expect(queue.retire.count).toBe(queue.retire.items.length);
		const item = queue.recheck.items.find((i) => i.id === reported)!;
		expect(item.reports.map((r) => [r.userName, r.body])).toEqual([['Budi Pembaca', 'Formulir sudah diganti.']]);
		expect(item.overdue).toBe(false);
		expect(queue.recheck.items.find((i) => i.id === overdue)!.overdue).toBe(true);

		// The SQL and the pure rules agree on every published lesson of the organisation.
		const all = await db.select().from(lessons).where(and(eq(lessons.orgId, orgId), eq(lessons.status, 'published')));
		const open = await db.select().from(lessonFeedback).where(eq(lessonFeedback.orgId, orgId));
		const reuses = await db.select().from(lessonReuses).where(eq(lessonReuses.orgId, orgId));
		for (const l of all) {
			const lastReuse = reuses.filter((r) => r.lessonId === l.id && r.removedAt === null).map((r) => r.createdAt.getTime());
			const expected = queueSection(
				{
					status: l.status,
					publishedAt: l.publishedAt,
					verifiedAt: l.verifiedAt,
					recheckIntervalDays: l.recheckIntervalDays,
					openOutdated: open.filter((f) => f.lessonId === l.id && f.kind === 'outdated' && f.resolvedAt === null).length,
					lastReusedAt: lastReuse.length ? new Date(Math.max(...lastReuse)) : null
				},
				now
			);
			const actual = recheckIds.includes(l.id) ? 'recheck' : retireIds.includes(l.id) ? 'retire' : null;
			expect([l.title, actual]).toEqual([l.title, expected]);
		}

		// The queue page (curators only) shows both sections.
		const page = (await call(queueLoad as AnyHandler, database, manager, { orgId })) as { recheck: { count: number }; retire: { count: number } };
		expect(page.recheck.count).toBe(queue.recheck.count);
		expect(statusOf(await call(queueLoad as AnyHandler, database, reader, { orgId }))).toBe(403);

		// Verify: still true. Reports closed with the note, the date reset, the verifier is who verified.
		await call(queueActions.verify, database, manager, { orgId }, [['lessonId', reported], ['note', 'Formulir baru sudah dimuat.']]);
		const verified = await row(reported);
		expect(verified.verifierId).toBe(manager.id);
		expect(verified.verifiedAt!.getTime()).toBeGreaterThan(now.getTime() - 1000);
		const [closed] = await db.select().from(lessonFeedback).where(and(eq(lessonFeedback.lessonId, reported), eq(lessonFeedback.kind, 'outdated')));
		expect(closed).toMatchObject({ resolvedBy: manager.id, resolution: 'Formulir baru sudah dimuat.' });
		expect((await eventsOf(reported)).map((e) => [e.action, e.note, e.fromStatus, e.toStatus])).toEqual([
			['verify', 'Formulir baru sudah dimuat.', 'published', 'published']
		]);
		// Keep (verify) from the retirement section.
		await verifyLesson(db, await membership(admin), orgId, idle);
		// Retire the reported old one: its report is answered by the reason.
		await retireLesson(db, await membership(manager), orgId, idleReported, 'Aplikasi sudah diganti.');
		const [retiredReport] = await db.select().from(lessonFeedback).where(eq(lessonFeedback.lessonId, idleReported));
		expect(retiredReport).toMatchObject({ resolvedBy: manager.id, resolution: 'Aplikasi sudah diganti.' });

		const after = await keepTrueQueue(db, orgId);
		const afterIds = [...after.recheck.items, ...after.retire.items].map((i) => i.id);
		for (const id of [reported, idle, idleReported]) expect(afterIds).not.toContain(id);
		expect(afterIds).toEqual(expect.arrayContaining([overdue, shortInterval]));
		// Verification is only for published lessons.
		expect(await refusal(verifyLesson(db, await membership(manager), orgId, idleReported))).toBe('forbidden');
	});

	it('counts lessons verified and current out of published; the library page shows it', async () => {
		const before = await libraryHealth(db, orgId);
		const lesson = await addLesson('Dihitung', { publishedDaysAgo: 300 });
		const mid = await libraryHealth(db, orgId);
		expect(mid).toEqual({ published: before.published + 1, current: before.current });
		await verifyLesson(db, await membership(manager), orgId, lesson);
		const verified = await libraryHealth(db, orgId);
		expect(verified).toEqual({ published: before.published + 1, current: before.current + 1 });
		// A reader's report makes it not current, until withdrawn.
		await giveFeedback(db, await membership(reader), orgId, lesson, { kind: 'outdated', body: 'Sudah berubah.' });
		expect((await libraryHealth(db, orgId)).current).toBe(before.current);
		await withdrawOutdated(db, await membership(reader), orgId, lesson);
		expect((await libraryHealth(db, orgId)).current).toBe(before.current + 1);
		expect(await refusal(withdrawOutdated(db, await membership(reader), orgId, lesson))).toBe('feedback_missing');
		// Exactly the published lessons the queue does not flag as reported or overdue.
		const all = await db.select().from(lessons).where(and(eq(lessons.orgId, orgId), eq(lessons.status, 'published')));
		expect(verified.published).toBe(all.length);

		const page = (await call(libraryLoad as AnyHandler, database, reader, { orgId })) as { health: { published: number; current: number } };
		expect(page.health).toEqual(await libraryHealth(db, orgId));
		// Another organisation's library counts its own lessons only.
		expect(await libraryHealth(db, otherOrgId)).toEqual({ published: 0, current: 0 });
	});

	it('the lesson page lists each reusing document once with its count; the counts match reuse_count', async () => {
		const lesson = await addLesson('Dipakai dua kali');
		await reuse(lesson, docB, teamB, 5);
		await reuse(lesson, docB, teamB, 2);
		await reuse(lesson, docB2, teamB, 3);
		await reuse(lesson, docBHidden, teamC, 1);
		const page = (await call(lessonLoad as AnyHandler, database, reader, { orgId, lessonId: lesson })) as {
			reuses: { documentId: string; documentTitle: string; count: number; teamName: string | null }[];
			hiddenReuses: number;
			reuseTimes: number;
			keep: { may: Record<string, boolean>; feedback: { usefulCount: number } };
		};
		expect(page.reuses.map((r) => [r.documentTitle, r.count, r.teamName])).toEqual([
			['SOP perizinan', 2, 'Bidang Perizinan'],
			['SOP loket', 1, 'Bidang Perizinan']
		]);
		expect(page.hiddenReuses).toBe(1);
		expect(page.reuseTimes).toBe(4);
		expect((await row(lesson)).reuseCount).toBe(4);
		expect(page.keep.may).toEqual({ giveFeedback: true, resolveFeedback: false, verify: false, setRecheck: false });
		const asManager = (await call(lessonLoad as AnyHandler, database, manager, { orgId, lessonId: lesson })) as { keep: { may: Record<string, boolean> } };
		expect(asManager.keep.may).toEqual({ giveFeedback: true, resolveFeedback: true, verify: true, setRecheck: true });
	});

	it('the merge combobox searches every published and proposed lesson the curator may see, with its status', async () => {
		await addLesson('Pendaftaran daring kependudukan', { status: 'proposed' });
		await addLesson('Pendaftaran daring perizinan');
		const search = async (user: User, org: string, query: string) => {
			const url = new URL(`http://localhost/api/orgs/${org}/lessons/search${query}`);
			const response = await (searchGET as AnyHandler)({ locals: { database, user, session: null }, url, params: { orgId: org }, setHeaders: () => {} } as never);
			const res = response as Response;
			return { status: res.status, body: (await res.json()) as { lessons: { title: string; status?: string }[] } };
		};
		const merge = await search(manager, orgId, '?merge=1&q=pendaftaran');
		expect(merge.status).toBe(200);
		expect(merge.body.lessons.map((l) => [l.title, l.status]).sort()).toEqual([
			['Pendaftaran daring kependudukan', 'proposed'],
			['Pendaftaran daring perizinan', 'published']
		]);
		const picker = await search(manager, orgId, '?q=pendaftaran');
		expect(picker.body.lessons.map((l) => l.title)).toEqual(['Pendaftaran daring perizinan']);
		// Team B's member does not see team A's team-only proposal.
		const member = await search(reader, orgId, '?merge=1&q=pendaftaran');
		expect(member.body.lessons.map((l) => l.title)).toEqual(['Pendaftaran daring perizinan']);
		expect((await search(outsider, orgId, '?merge=1&q=pendaftaran')).status).toBe(404);
	});
});
