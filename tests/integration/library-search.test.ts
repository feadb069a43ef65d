import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import type { Executor } from '../../src/lib/server/db';
import { lessonReuses, lessons, lessonTags, tags } from '../../src/lib/server/db/schema';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';
import type { DocumentType } from '../../src/lib/roles';
import {
	COUNT_CAP,
	RANK_CANDIDATES,
	relatedLessons,
	searchLibrary,
	type LibraryViewer,
	type LibrarySearchInput
} from '../../src/lib/server/repositories/library-search';

interface LessonSeed {
	orgId: string;
	teamId: string;
	documentId: string;
	title: string;
	body: string;
	status?: LessonStatus;
	librarySummary?: string;
	publishedAt?: Date;
	createdAt?: Date;
}

async function addLesson(db: Executor, seed: LessonSeed): Promise<string> {
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
		librarySummary: seed.librarySummary ?? null,
		publishedAt: status === 'published' ? (seed.publishedAt ?? new Date('2026-06-01T00:00:00Z')) : null,
		createdAt: seed.createdAt ?? new Date('2026-05-01T00:00:00Z')
	});
	return id;
}

async function reuse(db: Executor, orgId: string, lessonId: string, documentId: string, teamId: string): Promise<string> {
	const id = crypto.randomUUID();
	await db.insert(lessonReuses).values({ id, orgId, lessonId, documentId, originDocumentId: documentId, originTeamId: teamId, blockId: crypto.randomUUID() });
	return id;
}

const titles = (r: { hits: { title: string }[] }) => r.hits.map((h) => h.title).sort();

describe.each(testDatabases)('library search on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let otherOrgId: string;
	let teamA: string;
	let teamB: string;
	let docA: string; // failure analysis of team A, team-only
	let docOrgWide: string; // retrospective of team A, organisation-wide
	let docB: string; // SOP improvement of team B
	let otherDoc: string;
	let member: LibraryViewer; // member of team B only
	let memberA: LibraryViewer; // member of team A
	let curator: LibraryViewer;
	const ids: Record<string, string> = {};

	const search = (viewer: LibraryViewer, input: LibrarySearchInput) => searchLibrary(database.db, viewer, input);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const user = await makeUser(db);
		orgId = (await makeOrg(db, user.id)).id;
		otherOrgId = (await makeOrg(db, user.id, 'Dinas Lain')).id;
		teamA = (await makeTeam(db, orgId, 'Bidang Pelayanan')).id;
		teamB = (await makeTeam(db, orgId, 'Bidang Perizinan')).id;
		const otherTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		const doc = (teamId: string, type: DocumentType, title: string, visibility: 'team' | 'organisation' = 'team', org = orgId) =>
			createDocument(db, { orgId: org, teamId, type, title, visibility, createdBy: user.id }).then((d) => d.id);
		docA = await doc(teamA, 'failure_analysis', 'Antrean KTP-el');
		docOrgWide = await doc(teamA, 'retrospective', 'Retrospektif triwulan', 'organisation');
		docB = await doc(teamB, 'sop_improvement', 'SOP perizinan');
		otherDoc = await doc(otherTeam, 'failure_analysis', 'Dokumen lain', 'organisation', otherOrgId);
		member = { orgId, userId: user.id, curator: false, teamIds: [teamB] };
		memberA = { orgId, userId: user.id, curator: false, teamIds: [teamA] };
		curator = { orgId, userId: user.id, curator: true, teamIds: [] };

		ids.layanan = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA,
			title: 'Layanan antrean perlu nomor urut daring',
			body: 'Warga datang subuh untuk mengambil nomor; antrean memanjang sampai jalan.',
			publishedAt: new Date('2026-03-01T00:00:00Z')
		});
		ids.melayani = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA,
			title: 'Petugas cadangan di loket',
			body: 'Petugas yang melayani pemohon KTP-el perlu pengganti saat istirahat.',
			publishedAt: new Date('2026-04-01T00:00:00Z')
		});
		ids.perizinan = await addLesson(db, {
			orgId, teamId: teamB, documentId: docB,
			title: 'Berkas perizinan dicek sekali',
			body: 'Pemeriksaan kelengkapan berkas izin usaha dilakukan di satu meja, bukan tiga.',
			publishedAt: new Date('2026-05-01T00:00:00Z')
		});
		// Not published: a draft of a team-only document, a proposal of an organisation-wide one.
		ids.draftTeamOnly = await addLesson(db, {
			orgId, teamId: teamA, documentId: docA, status: 'draft',
			title: 'Pelayanan rahasia tim', body: 'Catatan internal tim tentang pelayanan malam.'
		});
		ids.proposedOrgWide = await addLesson(db, {
			orgId, teamId: teamA, documentId: docOrgWide, status: 'proposed',
			title: 'Pelayanan akhir pekan', body: 'Pelayanan Sabtu butuh jadwal piket.'
		});
		ids.other = await addLesson(db, {
			orgId: otherOrgId, teamId: otherTeam, documentId: otherDoc,
			title: 'Pelayanan organisasi lain', body: 'Pelayanan rahasia dinas lain: pelyanan kependudukan.'
		});
	});
	afterAll(() => database.destroy());

	it('stems Indonesian: "pelayanan" finds "layanan" and "melayani" (both stem to "layan")', async () => {
		const r = await search(member, { query: 'pelayanan' });
		expect(r.fuzzy).toBe(false);
		expect(titles(r)).toEqual(['Layanan antrean perlu nomor urut daring', 'Petugas cadangan di loket']);
		// The word as written in the title is highlighted, whatever its affixes.
		const layanan = r.hits.find((h) => h.id === ids.layanan)!;
		expect(layanan.titleSegments).toEqual([
			{ text: 'Layanan', match: true },
			{ text: ' antrean perlu nomor urut daring', match: false }
		]);
		const melayani = r.hits.find((h) => h.id === ids.melayani)!;
		expect(melayani.excerptSegments.filter((s) => s.match).map((s) => s.text)).toEqual(['melayani']);
		// A title match ranks above a body match (weight A over C).
		expect(r.hits[0].id).toBe(ids.layanan);
	});

	it('tolerates a typo: "pelyanan" finds the same lessons through the lexicon, and highlights them', async () => {
		const r = await search(member, { query: 'pelyanan' });
		expect(r.fuzzy).toBe(true);
		expect(titles(r)).toEqual(['Layanan antrean perlu nomor urut daring', 'Petugas cadangan di loket']);
		expect(r.hits.find((h) => h.id === ids.layanan)!.titleSegments[0]).toEqual({ text: 'Layanan', match: true });
		// Two words, one misspelt.
		const two = await search(member, { query: 'antrian nomor' });
		expect(two.hits.map((h) => h.id)).toEqual([ids.layanan]);
	});

	it('finds codes and names as written (simple configuration), and phrases', async () => {
		expect((await search(member, { query: 'KTP-el' })).hits.map((h) => h.id)).toEqual([ids.melayani]);
		expect((await search(member, { query: '"nomor urut"' })).hits.map((h) => h.id)).toEqual([ids.layanan]);
		expect((await search(member, { query: '"urut nomor"' })).total).toBe(0);
	});

	it('never crosses organisations: not by search, not by the typo lexicon, not by related lessons', async () => {
		// "kependudukan" and the misspelt "pelyanan" exist only in the other organisation.
		expect((await search(curator, { query: 'kependudukan' })).total).toBe(0);
		expect((await search(curator, { query: 'organisasi lain' })).total).toBe(0);
		const all = await search(curator, { query: 'pelayanan', statuses: ['draft', 'proposed', 'published', 'retired'] });
		expect(all.hits.map((h) => h.id)).not.toContain(ids.other);
		const outsider: LibraryViewer = { orgId: otherOrgId, userId: crypto.randomUUID(), curator: false, teamIds: [] };
		expect((await search(outsider, { query: 'antrean' })).total).toBe(0);
		const related = await relatedLessons(database.db, otherOrgId, { text: 'antrean nomor urut petugas loket', title: '', type: 'failure_analysis' });
		expect(related).toEqual([]);
	});

	it('shows lessons of team-only documents to the organisation only once published', async () => {
		const statuses = ['draft', 'proposed', 'published'] as const;
		const seen = async (viewer: LibraryViewer) =>
			(await search(viewer, { query: 'pelayanan', statuses: [...statuses] })).hits.map((h) => h.id).sort();
		// Team B's member: published ones, and the proposal of the organisation-wide retrospective.
		expect(await seen(member)).toEqual([ids.layanan, ids.melayani, ids.proposedOrgWide].sort());
		// Team A's member and a curator also see team A's draft.
		expect(await seen(memberA)).toEqual([ids.layanan, ids.melayani, ids.proposedOrgWide, ids.draftTeamOnly].sort());
		expect(await seen(curator)).toEqual([ids.layanan, ids.melayani, ids.proposedOrgWide, ids.draftTeamOnly].sort());
		// Published only by default.
		expect((await search(curator, { query: 'pelayanan' })).hits.map((h) => h.id).sort()).toEqual([ids.layanan, ids.melayani].sort());
		// A merged lesson is never listed; a draft whose block was deleted neither.
		await database.db.update(lessons).set({ removedAt: new Date() }).where(eq(lessons.id, ids.draftTeamOnly));
		expect(await seen(curator)).toEqual([ids.layanan, ids.melayani, ids.proposedOrgWide].sort());
		await database.db.update(lessons).set({ removedAt: null }).where(eq(lessons.id, ids.draftTeamOnly));
	});

	it('answers every bad input with results or nothing, never an error', async () => {
		const bad = ['', '   ', '"', '"""', "'", "pelayanan'", '&|!:*()<>', 'a & | b', '!!!', ':*', '()', '<->', '%', '_', '%_%',
			'\\', '\\\\x', 'pela\u0000yanan', '\u0000', '🙂', 'pelayanan 🙂', '\uD83D', 'x'.repeat(10_000), 'pelayanan '.repeat(1000),
			'-', '- -', 'or', 'or or', '-pelayanan', 'pelayanan or', "'); drop table lessons; --"];
		for (const query of bad) {
			const r = await search(member, { query });
			expect(r.total, JSON.stringify(query.slice(0, 20))).toBeGreaterThanOrEqual(0);
			for (const h of r.hits) expect(h.titleSegments.map((s) => s.text).join('')).toBe(h.title);
		}
		expect((await search(member, { query: 'pelayanan '.repeat(1000) })).total).toBe(2);
		expect((await search(member, { query: '-pelayanan' })).hits.map((h) => h.id)).toEqual([ids.perizinan]);
		// Nonsense filters and pages are ignored or bounded, not errors.
		const r = await search(member, {
			query: 'pelayanan', tagIds: ['not-a-uuid'], teamIds: ["'; --"], documentTypes: ['x' as DocumentType],
			statuses: ['merged', 'nonsense' as LessonStatus], page: -5, pageSize: 10_000, from: new Date('invalid')
		});
		expect(r.total).toBe(2);
		expect(r.page).toBe(1);
		expect(r.pageSize).toBe(50);
		// Relevance without a query browses newest first.
		expect((await search(member, { query: '🙂' })).hits.map((h) => h.id)).toEqual([ids.perizinan, ids.melayani, ids.layanan]);
	});

	it('returns highlights as text segments: HTML in a lesson stays text', async () => {
		const id = await addLesson(database.db, {
			orgId, teamId: teamB, documentId: docB, publishedAt: new Date('2026-01-01T00:00:00Z'),
			title: '<img src=x onerror=alert(1)> pelayanan \uE000palsu\uE001',
			body: '<script>alert(1)</script> pelayanan'
		});
		// The parser drops HTML tags from the vector: "script" is no word to find.
		expect((await search(member, { query: 'script' })).total).toBe(0);
		const r = await search(member, { query: 'pelayanan' });
		const hit = r.hits.find((h) => h.id === id)!;
		try {
		expect(hit.titleSegments).toEqual([
			{ text: '<img src=x onerror=alert(1)> ', match: false },
			{ text: 'pelayanan', match: true },
			{ text: ' palsu', match: false }
		]);
		// The excerpt is a fragment of the body around the match, as text.
		expect('<script>alert(1)</script> pelayanan').toContain(hit.excerptSegments.map((s) => s.text).join(''));
		expect(hit.excerptSegments.filter((s) => s.match)).toEqual([{ text: 'pelayanan', match: true }]);
		} finally {
			await database.db.delete(lessons).where(eq(lessons.id, id));
		}
	});

	it('filters by tag (and the tags below it), team, document type and period', async () => {
		const db = database.db;
		const parent = crypto.randomUUID();
		const child = crypto.randomUUID();
		await db.insert(tags).values([
			{ id: parent, orgId, name: 'Pelayanan' },
			{ id: child, orgId, name: 'Administrasi kependudukan', parentId: parent }
		]);
		await db.insert(lessonTags).values({ orgId, lessonId: ids.melayani, tagId: child });
		expect((await search(member, { tagIds: [parent] })).hits.map((h) => h.id)).toEqual([ids.melayani]);
		expect((await search(member, { tagIds: [child] })).hits.map((h) => h.id)).toEqual([ids.melayani]);
		expect((await search(member, { teamIds: [teamB] })).hits.map((h) => h.id)).toEqual([ids.perizinan]);
		expect((await search(member, { documentTypes: ['sop_improvement'] })).hits.map((h) => h.id)).toEqual([ids.perizinan]);
		expect(
			(await search(member, { from: new Date('2026-03-15T00:00:00Z'), to: new Date('2026-04-15T00:00:00Z') })).hits.map((h) => h.id)
		).toEqual([ids.melayani]);
		// A tag of another organisation cannot be attached (composite foreign key).
		const foreignTag = crypto.randomUUID();
		await db.insert(tags).values({ id: foreignTag, orgId: otherOrgId, name: 'Asing' });
		await expect(db.insert(lessonTags).values({ orgId, lessonId: ids.layanan, tagId: foreignTag })).rejects.toThrow();
		// Names are unique per organisation, whatever the case.
		await expect(db.insert(tags).values({ id: crypto.randomUUID(), orgId, name: 'pelayanan' })).rejects.toThrow();
		await db.insert(tags).values({ id: crypto.randomUUID(), orgId: otherOrgId, name: 'Pelayanan' });
	});

	it('keeps reuse counts in step with reuse rows and sorts by most reused; a reuse cannot cross organisations', async () => {
		const db = database.db;
		const count = async (id: string) => (await db.select({ n: lessons.reuseCount }).from(lessons).where(eq(lessons.id, id)))[0].n;
		const r1 = await reuse(db, orgId, ids.perizinan, docB, teamB);
		await reuse(db, orgId, ids.perizinan, docOrgWide, teamA);
		await reuse(db, orgId, ids.melayani, docB, teamB);
		expect([await count(ids.perizinan), await count(ids.melayani), await count(ids.layanan)]).toEqual([2, 1, 0]);
		expect((await search(member, { sort: 'most_reused' })).hits.map((h) => h.id)).toEqual([ids.perizinan, ids.melayani, ids.layanan]);
		// Removed from its document: no longer counted; back again: counted.
		await db.update(lessonReuses).set({ removedAt: new Date() }).where(eq(lessonReuses.id, r1));
		expect(await count(ids.perizinan)).toBe(1);
		await db.update(lessonReuses).set({ removedAt: null }).where(eq(lessonReuses.id, r1));
		expect(await count(ids.perizinan)).toBe(2);
		// A merge moves the reuses to the survivor, counts follow.
		await db.update(lessonReuses).set({ lessonId: ids.layanan }).where(eq(lessonReuses.lessonId, ids.perizinan));
		expect([await count(ids.perizinan), await count(ids.layanan)]).toEqual([0, 2]);
		await db.delete(lessonReuses).where(eq(lessonReuses.lessonId, ids.layanan));
		expect(await count(ids.layanan)).toBe(0);
		// A reuse naming another organisation's lesson is refused by the database.
		await expect(reuse(db, orgId, ids.other, docB, teamB)).rejects.toThrow();
	});

	it('paginates with a stable total', async () => {
		const first = await search(curator, { query: 'pelayanan', statuses: ['draft', 'proposed', 'published'], pageSize: 2, page: 1 });
		const second = await search(curator, { query: 'pelayanan', statuses: ['draft', 'proposed', 'published'], pageSize: 2, page: 2 });
		expect(first.total).toBe(4);
		expect(second.total).toBe(4);
		expect(first.hits).toHaveLength(2);
		expect(second.hits).toHaveLength(2);
		expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(4);
		const beyond = await search(curator, { query: 'pelayanan', pageSize: 2, page: 9 });
		expect(beyond.hits).toEqual([]);
	});

	it('past COUNT_CAP matches: counts to the cap, ranks the newest and the most reused', async () => {
		const db = database.db;
		const many = Array.from({ length: 1100 }, (_, i) => ({
			id: crypto.randomUUID(), orgId, sourceDocumentId: docB, originDocumentId: docB, originTeamId: teamB, blockId: crypto.randomUUID(),
			title: `Catatan ${i}`, body: `Penataan arsip dinas nomor ${i}.`, status: 'published' as const,
			publishedAt: new Date(Date.parse('2026-07-01T00:00:00Z') + i * 60_000)
		}));
		// Old, but the most reused, and "arsip" in its title: it must still come first.
		const proven = crypto.randomUUID();
		many.push({ ...many[0], id: proven, blockId: crypto.randomUUID(), title: 'Arsip digital', body: 'Arsip dipindai.', publishedAt: new Date('2020-01-01T00:00:00Z') });
		await db.insert(lessons).values(many);
		await db.update(lessons).set({ reuseCount: 50 }).where(eq(lessons.id, proven));
		try {
			// Relevance: the total is what was ranked (the newest and the most reused matches,
			// overlapping), and says there were more.
			const r = await search(member, { query: 'arsip' });
			expect(r.totalCapped).toBe(true);
			expect(r.total).toBeGreaterThanOrEqual(RANK_CANDIDATES);
			expect(r.total).toBeLessThanOrEqual(2 * RANK_CANDIDATES);
			expect(r.hits).toHaveLength(20);
			expect(r.hits[0].id).toBe(proven);
			const lastPage = Math.ceil(r.total / 20);
			expect((await search(member, { query: 'arsip', page: lastPage })).hits.length).toBe(r.total - (lastPage - 1) * 20);
			const beyond = await search(member, { query: 'arsip', page: lastPage + 1 });
			expect(beyond.hits).toEqual([]);
			expect(beyond.total).toBe(r.total);
			// Newest first pages through the first COUNT_CAP matches.
			const newest = await search(member, { query: 'arsip', sort: 'newest' });
			expect(newest.hits[0].title).toBe('Catatan 1099');
			expect(newest.total).toBe(COUNT_CAP);
			expect(newest.totalCapped).toBe(true);
			expect((await search(member, { query: 'arsip', sort: 'newest', page: COUNT_CAP / 20 })).hits).toHaveLength(20);
			const few = await search(member, { query: 'perizinan' });
			expect(few.totalCapped).toBe(false);
		} finally {
			await db.delete(lessons).where(eq(lessons.sourceDocumentId, docB));
			ids.perizinan = await addLesson(db, {
				orgId, teamId: teamB, documentId: docB,
				title: 'Berkas perizinan dicek sekali',
				body: 'Pemeriksaan kelengkapan berkas izin usaha dilakukan di satu meja, bukan tiga.',
				publishedAt: new Date('2026-05-01T00:00:00Z')
			});
		}
	});

	it('keeps the search vector and the lexicon in step with the library text', async () => {
		const db = database.db;
		await db.update(lessons).set({ libraryTitle: 'Nomor antrean daring untuk warga', librarySummary: 'Pendaftaran lewat aplikasi' }).where(eq(lessons.id, ids.layanan));
		expect((await search(member, { query: 'aplikasi' })).hits.map((h) => h.id)).toEqual([ids.layanan]);
		expect((await search(member, { query: 'aplikasii' })).hits.map((h) => h.id)).toEqual([ids.layanan]);
		// The library title replaces the projected one in the search (and the result).
		const hit = (await search(member, { query: 'daring' })).hits.find((h) => h.id === ids.layanan)!;
		expect(hit.title).toBe('Nomor antrean daring untuk warga');
		// A write that does not touch the text (a reuse count) leaves the vector alone.
		const before = await db.execute(sql`select search_vector::text as v from lessons where id = ${ids.layanan}`);
		await db.update(lessons).set({ reuseCount: 7 }).where(eq(lessons.id, ids.layanan));
		const after = await db.execute(sql`select search_vector::text as v from lessons where id = ${ids.layanan}`);
		expect(JSON.stringify(after)).toBe(JSON.stringify(before));
		await db.update(lessons).set({ reuseCount: 0 }).where(eq(lessons.id, ids.layanan));
	});

	it('suggests related published lessons from a paragraph, not the document’s own, ranked by how much they share', async () => {
		const related = await relatedLessons(database.db, orgId, {
			text: 'Pemohon izin usaha mengeluh berkas diperiksa di tiga meja berbeda. Pemeriksaan berkas memakan waktu.',
			title: 'Perbaikan SOP perizinan',
			type: 'sop_improvement'
		});
		expect(related.map((l) => l.id)[0]).toBe(ids.perizinan);
		expect(related.map((l) => l.id)).not.toContain(ids.proposedOrgWide);
		expect(related[0].excerptSegments.some((s) => s.match)).toBe(true);
		// Written in that very document: its own lesson is not suggested back.
		const own = await relatedLessons(database.db, orgId, {
			text: 'berkas izin usaha diperiksa', title: 'SOP perizinan', type: 'sop_improvement', documentId: docB
		});
		expect(own.map((l) => l.id)).not.toContain(ids.perizinan);
		// Only drafts and proposals match: nothing is suggested.
		expect(await relatedLessons(database.db, orgId, { text: 'jadwal piket Sabtu', title: '', type: 'retrospective' })).toEqual([]);
		expect(await relatedLessons(database.db, orgId, { text: '&|!:*() 🙂 \u0000', title: '', type: 'retrospective' })).toEqual([]);
	});
});
