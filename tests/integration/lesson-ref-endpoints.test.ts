import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { lessons, teamMembers } from '../../src/lib/server/db/schema';
import type { Executor } from '../../src/lib/server/db';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import { GET as titlesGET } from '../../src/routes/api/orgs/[orgId]/lessons/titles/+server';
import { GET as searchGET } from '../../src/routes/api/orgs/[orgId]/lessons/search/+server';

/**
 * The editor's lesson reference endpoints (issue 14 "Reuse while writing") on a real database:
 * titles only for lessons of the organisation the member may view — another organisation's
 * lesson, another team's draft and a lesson that does not exist all answer "unavailable" alike —
 * and the picker's search over published lessons, 200 for any query.
 */

type User = Awaited<ReturnType<typeof makeUser>>;

async function addLesson(
	db: Executor,
	seed: { orgId: string; teamId: string; documentId: string; title: string; body: string; status?: LessonStatus; libraryTitle?: string }
): Promise<string> {
	const id = crypto.randomUUID();
	const status = seed.status ?? 'published';
	await db.insert(lessons).values({
		id,
		orgId: seed.orgId,
		sourceDocumentId: seed.documentId,
		originDocumentId: seed.documentId,
		originTeamId: seed.teamId,
		blockId: crypto.randomUUID(),
		title: seed.title,
		libraryTitle: seed.libraryTitle ?? null,
		body: seed.body,
		status,
		publishedAt: status === 'published' ? new Date() : null
	});
	return id;
}

describe.each(testDatabases)('lesson reference endpoints on %s', (kind) => {
	let database: TestDatabase;
	let admin: User;
	let member: User;
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	const ids: Record<string, string> = {};

	async function call(handler: (event: never) => Response | Promise<Response>, user: User | null, org: string, path: string) {
		const url = new URL(`http://localhost/api/orgs/${org}/lessons/${path}`);
		const response = await handler({ locals: { database, user, session: null }, url, params: { orgId: org }, setHeaders: () => {} } as never);
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}
	const titles = (user: User | null, org: string, query: string) => call(titlesGET, user, org, `titles${query}`);
	const search = (user: User | null, org: string, query: string) => call(searchGET, user, org, `search${query}`);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		admin = await makeUser(db, { name: 'Rina Kusumawati' });
		member = await makeUser(db, { name: 'Budi Santoso' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		await addOrgMember(db, orgId, member.id, 'member');
		const teamA = (await makeTeam(db, orgId, 'Bidang Pelayanan')).id;
		const teamB = (await makeTeam(db, orgId, 'Bidang Perizinan')).id;
		await db.insert(teamMembers).values({ teamId: teamB, userId: member.id, role: 'member' });
		const otherTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		const doc = (org: string, teamId: string, title: string) =>
			createDocument(db, { orgId: org, teamId, type: 'failure_analysis', title, visibility: 'team', createdBy: admin.id }).then((d) => d.id);
		const docA = await doc(orgId, teamA, 'Antrean KTP-el');
		const docB = await doc(orgId, teamB, 'SOP perizinan');
		const otherDoc = await doc(otherOrgId, otherTeam, 'Dokumen lain');
		ids.published = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA,
			title: 'Antrean perlu nomor urut', libraryTitle: 'Layanan antrean perlu nomor urut daring',
			body: 'Warga datang subuh untuk mengambil nomor.'
		});
		ids.draftA = await addLesson(db, { orgId, teamId: teamA, documentId: docA, status: 'draft', title: 'Draf tim pelayanan', body: 'Belum terbit.' });
		ids.draftB = await addLesson(db, { orgId, teamId: teamB, documentId: docB, status: 'draft', title: 'Draf tim perizinan', body: 'Pelayanan berkas belum terbit.' });
		ids.other = await addLesson(db, { orgId: otherOrgId, teamId: otherTeam, documentId: otherDoc, title: 'Pelayanan organisasi lain', body: 'Rahasia dinas lain.' });
	});
	afterAll(() => database.destroy());

	it('gives the library title of a published lesson and of the member’s own team draft, in the order asked', async () => {
		const { status, body } = await titles(member, orgId, `?ids=${ids.draftB},${ids.published}`);
		expect(status).toBe(200);
		expect(body.lessons).toEqual([
			{ id: ids.draftB, title: 'Draf tim perizinan' },
			{ id: ids.published, title: 'Layanan antrean perlu nomor urut daring' }
		]);
	});

	it('answers another organisation’s lesson, another team’s draft and a missing id alike: unavailable, no title', async () => {
		const missing = crypto.randomUUID();
		const { status, body } = await titles(member, orgId, `?ids=${ids.other},${ids.draftA},${missing}`);
		expect(status).toBe(200);
		expect(body.lessons).toEqual([
			{ id: ids.other, unavailable: true },
			{ id: ids.draftA, unavailable: true },
			{ id: missing, unavailable: true }
		]);
		expect(JSON.stringify(body)).not.toContain('organisasi lain');
		// A curator sees the other team's draft, never another organisation's lesson.
		const curator = await titles(admin, orgId, `?ids=${ids.draftA},${ids.other}`);
		expect(curator.body.lessons).toEqual([
			{ id: ids.draftA, title: 'Draf tim pelayanan' },
			{ id: ids.other, unavailable: true }
		]);
	});

	it('refuses malformed ids with 400 JSON, outsiders with 404 and the signed out with 401', async () => {
		const many = Array.from({ length: 51 }, () => crypto.randomUUID()).join(',');
		for (const query of ['', '?ids=', '?ids=not-a-uuid', `?ids=${ids.published},x`, `?ids=${many}`, "?ids=' OR 1=1 --"]) {
			const { status, body } = await titles(member, orgId, query);
			expect(status, query).toBe(400);
			expect(body.code).toBe('invalid_ids');
		}
		const fifty = Array.from({ length: 50 }, () => crypto.randomUUID()).join(',');
		expect((await titles(member, orgId, `?ids=${fifty}`)).status).toBe(200);
		expect((await titles(outsider, orgId, `?ids=${ids.published}`)).status).toBe(404);
		expect((await titles(member, otherOrgId, `?ids=${ids.other}`)).status).toBe(404);
		expect((await titles(null, orgId, `?ids=${ids.published}`)).status).toBe(401);
	});

	it('searches published lessons of the organisation only', async () => {
		const { status, body } = await search(member, orgId, '?q=antrean');
		expect(status).toBe(200);
		expect(body.lessons).toEqual([{ id: ids.published, title: 'Layanan antrean perlu nomor urut daring', teamName: 'Bidang Pelayanan' }]);
		// The member's own draft and the other organisation's lesson both match "pelayanan"; neither is offered.
		const pelayanan = await search(member, orgId, '?q=pelayanan');
		expect((pelayanan.body.lessons as { id: string }[]).map((l) => l.id)).not.toContain(ids.other);
		expect((pelayanan.body.lessons as { id: string }[]).map((l) => l.id)).not.toContain(ids.draftB);
		expect((await search(admin, orgId, '?q=draf')).body.lessons).toEqual([]);
	});

	it('answers any query with 200 (results or none), outsiders with 404', async () => {
		for (const q of ['', '"', "' OR 1=1 --", '!!!&|:*', '<script>', 'a'.repeat(5000), '%00', 'antrean & | !']) {
			const { status, body } = await search(member, orgId, `?q=${encodeURIComponent(q)}`);
			expect(status, q).toBe(200);
			expect(Array.isArray(body.lessons)).toBe(true);
		}
		expect((await search(outsider, orgId, '?q=antrean')).status).toBe(404);
		expect((await search(null, orgId, '?q=antrean')).status).toBe(401);
	});
});
