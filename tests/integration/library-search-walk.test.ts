import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { lessons } from '../../src/lib/server/db/schema';
import { searchLibrary, type LibraryViewer } from '../../src/lib/server/repositories/library-search';

/**
 * Phrases and several words, when more than 200 of the newest lessons match, are searched by
 * walking the date and reuse orders instead of the planner's estimate (library-search.ts
 * WALK_WINDOW). The walk must find what the plain search finds: only lessons that match (a
 * phrase's words apart do not), "200+", newest first in date order, the most reused among the
 * ranked candidates, other organisations' lessons never.
 */
describe.each(testDatabases)('library search walking dense phrases on %s', (kind) => {
	let database: TestDatabase;
	let viewer: LibraryViewer;
	let orgId: string;
	const phraseIds: string[] = [];
	const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const user = await makeUser(db, { name: 'Penguji' });
		orgId = (await makeOrg(db, user.id)).id;
		const team = await makeTeam(db, orgId, 'Bidang Pelayanan');
		const doc = (await createDocument(db, { orgId, teamId: team.id, type: 'failure_analysis', title: 'Sumber', createdBy: user.id })).id;
		const other = await makeUser(db, { name: 'Lain' });
		const otherOrg = (await makeOrg(db, other.id, 'Dinas Lain')).id;
		const otherTeam = await makeTeam(db, otherOrg, 'Tim Lain');
		const otherDoc = (await createDocument(db, { orgId: otherOrg, teamId: otherTeam.id, type: 'failure_analysis', title: 'Lain', createdBy: other.id })).id;
		const rows: (typeof lessons.$inferInsert)[] = [];
		const add = (title: string, body: string, n: number, reuse: number, org = orgId, source = doc, teamId = team.id) => {
			const id = crypto.randomUUID();
			rows.push({
				id,
				orgId: org,
				sourceDocumentId: source,
				originDocumentId: source,
				originTeamId: teamId,
				blockId: crypto.randomUUID(),
				title,
				body,
				status: 'published',
				publishedAt: day(n),
				reuseCount: reuse
			});
			return id;
		};
		// 240 with the phrase, 60 with its words apart (newer than most), 20 elsewhere.
		for (let i = 0; i < 300; i++) {
			if (i % 5 === 4) add(`Tangan petugas ${i}`, `Tanda pengenal dan berkas elektronik di tangan petugas loket ${i}.`, i, i % 7);
			else phraseIds.push(add(`Tanda tangan elektronik ${i}`, `Memakai tanda tangan elektronik untuk surat keterangan ${i}.`, i, (i * 37) % 50));
		}
		for (let i = 0; i < 20; i++) add(`Tanda tangan elektronik lain ${i}`, 'Tanda tangan elektronik organisasi lain.', 400 + i, 99, otherOrg, otherDoc, otherTeam.id);
		await db.insert(lessons).values(rows);
		viewer = { orgId, userId: user.id, curator: false, teamIds: [team.id] };
	});
	afterAll(() => database.destroy());

	it('a dense phrase: only lessons with the phrase, 200+, ranked among the newest and most reused', async () => {
		const result = await searchLibrary(database.db, viewer, { query: '"tanda tangan elektronik"', pageSize: 50 });
		expect(result.totalCapped).toBe(true);
		expect(result.total).toBeGreaterThan(150);
		expect(result.hits).toHaveLength(50);
		for (const hit of result.hits) expect(phraseIds).toContain(hit.id);
		expect(result.hits.some((h) => h.titleSegments.some((s) => s.match))).toBe(true);
	});

	it('newest first walks the dates: exactly the newest lessons with the phrase, in order, over pages', async () => {
		const expected = [...phraseIds].reverse();
		const page1 = await searchLibrary(database.db, viewer, { query: '"tanda tangan elektronik"', sort: 'newest' });
		const page2 = await searchLibrary(database.db, viewer, { query: '"tanda tangan elektronik"', sort: 'newest', page: 2 });
		expect([...page1.hits, ...page2.hits].map((h) => h.id)).toEqual(expected.slice(0, 40));
		expect(page1).toMatchObject({ total: 200, totalCapped: true });
	});

	it('several words (ANDed, not a phrase) match the words apart too', async () => {
		const result = await searchLibrary(database.db, viewer, { query: 'tanda elektronik tangan', sort: 'most_reused', pageSize: 50 });
		expect(result.totalCapped).toBe(true);
		const counts = result.hits.map((h) => h.reuseCount);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		// The words-apart lessons are there (all reused fewer than 7 times, so look newest first).
		const newest = await searchLibrary(database.db, viewer, { query: 'tanda elektronik tangan', sort: 'newest', pageSize: 5 });
		expect(newest.hits.map((h) => h.title)).toEqual([
			'Tangan petugas 299',
			'Tanda tangan elektronik 298',
			'Tanda tangan elektronik 297',
			'Tanda tangan elektronik 296',
			'Tanda tangan elektronik 295'
		]);
	});
});
