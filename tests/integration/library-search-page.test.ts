import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { lessons, tags, teamMembers } from '../../src/lib/server/db/schema';
import type { Executor } from '../../src/lib/server/db';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import { load } from '../../src/routes/o/[orgId]/library/+page.server';

/**
 * The library search page's load (issue 14 "Find") on a real database: the URL's query and
 * filters reach the search, hostile input is answered with results or an empty state (never a
 * 500), and another organisation's library is a 404.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
type PageData = Exclude<Awaited<ReturnType<typeof load>>, void>;

async function addLesson(
	db: Executor,
	seed: { orgId: string; teamId: string; documentId: string; title: string; body: string; status?: LessonStatus; publishedAt?: Date }
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
		body: seed.body,
		status,
		publishedAt: status === 'published' ? (seed.publishedAt ?? new Date()) : null
	});
	return id;
}

describe.each(testDatabases)('library search page on %s', (kind) => {
	let database: TestDatabase;
	let admin: User;
	let member: User;
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	let emptyOrgId: string;
	let teamA: string;
	let teamB: string;
	let tagId: string;
	const ids: Record<string, string> = {};

	async function open(user: User, org: string, query = ''): Promise<PageData> {
		const url = new URL(`http://localhost/o/${org}/library${query}`);
		return (await load({ locals: { database, user, session: null }, url, params: { orgId: org } } as never)) as PageData;
	}

	async function status(user: User, org: string, query = ''): Promise<number> {
		try {
			await open(user, org, query);
			return 200;
		} catch (error) {
			if (isHttpError(error)) return error.status;
			throw error;
		}
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		admin = await makeUser(db, { name: 'Rina Kusumawati' });
		member = await makeUser(db, { name: 'Budi Santoso' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		emptyOrgId = (await makeOrg(db, member.id, 'Dinas Kosong')).id;
		await addOrgMember(db, orgId, member.id, 'member');
		teamA = (await makeTeam(db, orgId, 'Bidang Pelayanan')).id;
		teamB = (await makeTeam(db, orgId, 'Bidang Perizinan')).id;
		await db.insert(teamMembers).values({ teamId: teamB, userId: member.id, role: 'member' });
		const otherTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		const doc = (org: string, teamId: string, type: 'failure_analysis' | 'sop_improvement', title: string) =>
			createDocument(db, { orgId: org, teamId, type, title, visibility: 'team', createdBy: admin.id }).then((d) => d.id);
		const docA = await doc(orgId, teamA, 'failure_analysis', 'Antrean KTP-el');
		const docB = await doc(orgId, teamB, 'sop_improvement', 'SOP perizinan');
		const otherDoc = await doc(otherOrgId, otherTeam, 'failure_analysis', 'Dokumen lain');
		ids.layanan = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA,
			title: 'Layanan antrean perlu nomor urut daring',
			body: 'Warga datang subuh untuk mengambil nomor; antrean memanjang sampai jalan.',
			publishedAt: new Date(Date.now() - 10 * 86_400_000)
		});
		ids.perizinan = await addLesson(db, {
			orgId, teamId: teamB, documentId: docB,
			title: 'Berkas perizinan dicek sekali',
			body: 'Pemeriksaan kelengkapan berkas izin usaha dilakukan di satu meja.',
			publishedAt: new Date(Date.now() - 200 * 86_400_000)
		});
		ids.proposedA = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA, status: 'proposed',
			title: 'Pelayanan malam butuh petugas', body: 'Usulan tim pelayanan yang belum terbit.'
		});
		ids.other = await addLesson(db, {
			orgId: otherOrgId, teamId: otherTeam, documentId: otherDoc,
			title: 'Pelayanan organisasi lain', body: 'Rahasia dinas lain tentang antrean.'
		});
		tagId = crypto.randomUUID();
		await db.insert(tags).values({ id: tagId, orgId, name: 'Pelayanan' });
	});
	afterAll(() => database.destroy());

	it('reads the query from the URL and returns highlighted hits, teams, tags and the filters as given', async () => {
		const page = await open(member, orgId, '?q=pelayanan&sort=newest');
		expect(page.searched).toBe('pelayanan');
		expect(page.search).toMatchObject({ q: 'pelayanan', sort: 'newest', status: 'published', page: 1 });
		expect(page.hits.map((h) => h.id)).toEqual([ids.layanan]);
		expect(page.hits[0].titleSegments[0]).toEqual({ text: 'Layanan', match: true });
		expect(page.hits[0]).toMatchObject({ teamName: 'Bidang Pelayanan', documentType: 'failure_analysis', reuseCount: 0, published: true });
		expect(page.total).toBe(1);
		expect(page.teams.map((t) => t.name)).toEqual(['Bidang Pelayanan', 'Bidang Perizinan']);
		expect(page.tags).toEqual([{ id: tagId, label: 'Pelayanan' }]);
		expect(page.libraryEmpty).toBe(false);
	});

	it('finds through a typo, and applies the team, type and period filters', async () => {
		const typo = await open(member, orgId, '?q=perizinn');
		expect(typo.fuzzy).toBe(true);
		expect(typo.hits.map((h) => h.id)).toEqual([ids.perizinan]);
		expect((await open(member, orgId, `?team=${teamB}`)).hits.map((h) => h.id)).toEqual([ids.perizinan]);
		expect((await open(member, orgId, '?type=failure_analysis')).hits.map((h) => h.id)).toEqual([ids.layanan]);
		// The last 90 days: the lesson published 200 days ago is left out.
		const recent = await open(member, orgId, '?period=90d');
		expect(recent.hits.map((h) => h.id)).toEqual([ids.layanan]);
		expect(recent.filtered).toBe(true);
	});

	it('shows proposed lessons to a curator, not to a member outside their team', async () => {
		expect((await open(admin, orgId, '?status=proposed')).hits.map((h) => h.id)).toEqual([ids.proposedA]);
		const memberView = await open(member, orgId, '?status=proposed');
		expect(memberView.hits).toEqual([]);
		// The member sees lessons, just none of these: "no match", not "empty library".
		expect(memberView.libraryEmpty).toBe(false);
	});

	it('tells an empty library from a search that missed', async () => {
		const empty = await open(member, emptyOrgId, '?q=antrean');
		expect(empty.hits).toEqual([]);
		expect(empty.libraryEmpty).toBe(true);
		const missed = await open(member, orgId, '?q=kapal+selam');
		expect(missed.hits).toEqual([]);
		expect(missed.libraryEmpty).toBe(false);
		expect(missed.searched).toBe('kapal selam');
	});

	it('answers hostile input with results or an empty state, never an error', async () => {
		const hostile = [
			'?q=' + encodeURIComponent('"pelayanan'),
			'?q=' + encodeURIComponent(`&|!:*()<> % _ \\ 'or' -`),
			'?q=' + encodeURIComponent('antrean '.repeat(1250)),
			'?q=' + encodeURIComponent('antrean\u0000nomor'),
			'?q=' + encodeURIComponent('🚀 antrean 🙂'),
			'?q=',
			'?q=%ED%A0%80',
			'?tag=not-a-uuid&team=%27&type=x&status=merged&period=5y&sort=drop&page=-4',
			'?page=99999999999999999999',
			`?tag=${crypto.randomUUID()}`
		];
		for (const query of hostile) {
			const page = await open(member, orgId, query);
			expect(Array.isArray(page.hits), query).toBe(true);
			expect(page.search.q).not.toContain('\u0000');
		}
		expect((await open(member, orgId, '?q=' + encodeURIComponent('antrean\u0000nomor'))).hits.map((h) => h.id)).toEqual([ids.layanan]);
		// Unknown values read as "not set"; a tag of no organisation's matches nothing.
		const bad = await open(member, orgId, '?tag=not-a-uuid&status=merged&sort=drop&page=-4');
		expect(bad.search).toMatchObject({ tag: '', status: 'published', sort: 'relevance', page: 1 });
		expect(bad.hits.length).toBe(2);
		expect((await open(member, orgId, `?tag=${crypto.randomUUID()}`)).hits).toEqual([]);
	});

	it('keeps organisations apart: another organisation is a 404, its lessons never listed, its tags never applied', async () => {
		expect(await status(outsider, orgId)).toBe(404);
		expect(await status(member, otherOrgId, '?q=pelayanan')).toBe(404);
		expect(await status(member, 'not-a-uuid')).toBe(404);
		const page = await open(admin, orgId, '?q=rahasia&status=all');
		expect(page.hits).toEqual([]);
		const all = await open(admin, orgId, '?status=all');
		expect(all.hits.map((h) => h.id)).not.toContain(ids.other);
	});
});
