import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { documents, lessonReuses, lessons } from '../../src/lib/server/db/schema';

/*
 * lesson_reuses.lesson_team_id (migration 0011) is what the 70:20:10 mix reads to tell a
 * cross-team reuse: it must always be the reused lesson's origin team, whatever a writer sends,
 * when the reuse is pointed at another lesson, and if the lesson's team changes.
 */
describe.each(testDatabases)('a reuse carries its lesson team on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	const team: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
	const doc: Record<'a' | 'b', string> = { a: '', b: '' };

	async function lesson(teamKey: 'a' | 'b'): Promise<string> {
		const id = crypto.randomUUID();
		await database.db.insert(lessons).values({
			id,
			orgId,
			sourceDocumentId: doc[teamKey],
			originDocumentId: doc[teamKey],
			originTeamId: team[teamKey],
			blockId: crypto.randomUUID(),
			title: 'Pelajaran',
			body: 'Isi',
			status: 'published',
			publishedAt: new Date()
		});
		return id;
	}

	async function lessonTeamOf(reuseId: string): Promise<string | null> {
		const [row] = await database.db.select({ t: lessonReuses.lessonTeamId }).from(lessonReuses).where(eq(lessonReuses.id, reuseId));
		return row.t;
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const user = await makeUser(db);
		orgId = (await makeOrg(db, user.id)).id;
		for (const key of ['a', 'b', 'c'] as const) team[key] = (await makeTeam(db, orgId, `Tim ${key}`)).id;
		for (const key of ['a', 'b'] as const) {
			doc[key] = crypto.randomUUID();
			await db.insert(documents).values({ id: doc[key], orgId, teamId: team[key], type: 'retrospective', title: `Dokumen ${key}` });
		}
	}, 60_000);

	afterAll(async () => {
		await database?.destroy();
	});

	it('is written from the lesson on insert, whatever the writer sent', async () => {
		const lessonA = await lesson('a');
		const id = crypto.randomUUID();
		await database.db.insert(lessonReuses).values({
			id,
			orgId,
			lessonId: lessonA,
			documentId: doc.b,
			originDocumentId: doc.b,
			originTeamId: team.b,
			blockId: crypto.randomUUID(),
			lessonTeamId: team.b
		});
		expect(await lessonTeamOf(id)).toBe(team.a);
		// Nor can an update set it to anything else, or clear it.
		await database.db.update(lessonReuses).set({ lessonTeamId: team.c }).where(eq(lessonReuses.id, id));
		expect(await lessonTeamOf(id)).toBe(team.a);
		await database.db.update(lessonReuses).set({ lessonTeamId: null }).where(eq(lessonReuses.id, id));
		expect(await lessonTeamOf(id)).toBe(team.a);
	});

	it('follows the reuse to another lesson, and the lesson to another team', async () => {
		const lessonA = await lesson('a');
		const lessonB = await lesson('b');
		const id = crypto.randomUUID();
		await database.db.insert(lessonReuses).values({
			id,
			orgId,
			lessonId: lessonA,
			documentId: doc.b,
			originDocumentId: doc.b,
			originTeamId: team.b,
			blockId: crypto.randomUUID()
		});
		expect(await lessonTeamOf(id)).toBe(team.a);
		await database.db.update(lessonReuses).set({ lessonId: lessonB }).where(eq(lessonReuses.id, id));
		expect(await lessonTeamOf(id)).toBe(team.b);
		await database.db.update(lessons).set({ originTeamId: team.c }).where(eq(lessons.id, lessonB));
		expect(await lessonTeamOf(id)).toBe(team.c);
	});
});
