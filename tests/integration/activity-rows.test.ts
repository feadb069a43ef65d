import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import {
	commentMentions,
	commentMessages,
	commentThreads,
	documentEditDays,
	documents,
	lessonReuses,
	lessons,
	reviewRequests,
	signOffs,
	teamMembers,
	teams,
	trainingRecords
} from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { loadPersonLearning, loadTeamActivityMix } from '../../src/lib/server/repositories/activity';
import { loadActivityRows, type ActivityEventRow } from '../../src/lib/server/repositories/activity-rows';
import { activityRowsFor } from '../../src/lib/server/activity-rows-view';
import { loadMembership } from '../../src/lib/server/access-loader';
import { ACTIVITY_KINDS, PART_KINDS, kindsOf, rowsTotal } from '../../src/lib/impact/activity-drill';
import { yearRange, type ActivityCounts } from '../../src/lib/metrics/activity-mix';

/**
 * The rows behind the 70:20:10 mix (repositories/activity-rows.ts): for a built organisation, on
 * both databases, every drill-down lists exactly as many rows as the mix counts (the training JP
 * add up to the mix's), for every team and every person, in several periods; no row names
 * anything of another organisation; and what a viewer may not open is withheld from the row,
 * never left out of the list.
 */

function prng(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const jakartaDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** Around the year's edges in Jakarta time (17:30 UTC on 31 December is already the next year there). */
const MOMENTS = [
	'2025-12-31T16:30:00Z',
	'2025-12-31T17:30:00Z',
	'2026-03-10T02:00:00Z',
	'2026-03-10T16:59:00Z',
	'2026-03-10T17:01:00Z',
	'2026-07-01T05:00:00Z',
	'2026-12-31T16:30:00Z',
	'2026-12-31T17:30:00Z'
].map((s) => new Date(s));

interface Built {
	teamIds: string[];
	documentIds: Set<string>;
	lessonIds: Set<string>;
	recordIds: Set<string>;
	privateTeam: string;
}

describe.each(testDatabases)('activity mix drill-down rows on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let otherOrgId: string;
	let people: string[];
	let mine: Built;
	let theirs: Built;

	async function build(org: string, members: string[], seed: number): Promise<Built> {
		const db = database.db;
		const random = prng(seed);
		const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
		const orgTeams = [await makeTeam(db, org, 'Pelayanan'), await makeTeam(db, org, 'Arsip'), await makeTeam(db, org, 'Lama')];
		await db.update(teams).set({ archivedAt: new Date() }).where(eq(teams.id, orgTeams[2].id));
		// people[0] (the admin) and people[1] are in the first team; people[2] only in the second;
		// people[3] in none: outside every team-only document.
		const roster: [number, number][] = [[0, 0], [1, 0], [2, 1], [1, 1]];
		for (const [person, team] of roster) await db.insert(teamMembers).values({ teamId: orgTeams[team].id, userId: members[person], role: 'member' });

		const built: Built = { teamIds: orgTeams.map((t) => t.id), documentIds: new Set(), lessonIds: new Set(), recordIds: new Set(), privateTeam: orgTeams[0].id };
		const docs: { id: string; teamId: string }[] = [];
		for (let i = 0; i < 7; i++) {
			const team = i < 5 ? orgTeams[i % 2] : orgTeams[2];
			const id = crypto.randomUUID();
			// The first team's documents are team-only; the others' organisation-wide.
			const visibility = team === orgTeams[0] ? 'team' : 'organisation';
			await db.insert(documents).values({ id, orgId: org, teamId: team.id, type: 'retrospective', title: `Dokumen ${seed}-${i}`, visibility, createdBy: pick(members), createdAt: pick(MOMENTS) });
			docs.push({ id, teamId: team.id });
			built.documentIds.add(id);
		}
		// Edit days of a document deleted permanently since (no foreign key: the history stays).
		const gone = { id: crypto.randomUUID(), teamId: orgTeams[1].id };
		const editKeys = new Set<string>();
		const editDays: { documentId: string; day: string }[] = [];
		for (let i = 0; i < 50; i++) {
			const doc = i < 6 ? gone : pick(docs);
			const userId = pick(members);
			const day = jakartaDay(pick(MOMENTS));
			const key = `${doc.id}|${userId}|${day}`;
			if (editKeys.has(key)) continue;
			editKeys.add(key);
			await db.insert(documentEditDays).values({ orgId: org, documentId: doc.id, teamId: doc.teamId, userId, day, updates: 1 });
			editDays.push({ documentId: doc.id, day });
		}
		for (let i = 0; i < 10; i++) {
			const doc = pick(docs);
			const threadId = crypto.randomUUID();
			const author = pick(members);
			await db.insert(commentThreads).values({ documentId: doc.id, id: threadId, authorId: author, anchored: true, messageCount: 2 });
			for (let j = 0; j < 2; j++) {
				const messageId = crypto.randomUUID();
				const removed = random() < 0.2;
				await db.insert(commentMessages).values({
					documentId: doc.id,
					id: messageId,
					threadId,
					authorId: j === 0 ? author : pick(members),
					body: removed ? '' : 'Catatan',
					createdAt: pick(MOMENTS),
					removedAt: removed ? new Date() : null
				});
				await db.insert(commentMentions).values({ documentId: doc.id, messageId, userId: pick(members), createdAt: pick(MOMENTS) });
			}
		}
		for (let i = 0; i < 6; i++) {
			const doc = pick(docs);
			const requestId = crypto.randomUUID();
			await db.insert(reviewRequests).values({ id: requestId, documentId: doc.id, requestedBy: pick(members), createdAt: pick(MOMENTS) });
			await db.insert(signOffs).values({
				id: crypto.randomUUID(),
				requestId,
				documentId: doc.id,
				reviewerId: pick(members),
				decision: 'approved',
				stateVector: new Uint8Array([0]),
				contentDigest: 'x',
				createdAt: pick(MOMENTS)
			});
		}
		const orgLessons: { id: string; teamId: string; documentId: string }[] = [];
		for (let i = 0; i < 4; i++) {
			const doc = docs[i];
			const id = crypto.randomUUID();
			await db.insert(lessons).values({
				id,
				orgId: org,
				sourceDocumentId: doc.id,
				originDocumentId: doc.id,
				originTeamId: doc.teamId,
				blockId: crypto.randomUUID(),
				title: `Pelajaran ${seed}-${i}`,
				body: 'Isi',
				// One of the first team's lessons is still a draft of its team-only document.
				status: i === 0 ? 'draft' : 'published',
				publishedAt: i === 0 ? null : new Date('2025-06-01T00:00:00Z')
			});
			orgLessons.push({ id, teamId: doc.teamId, documentId: doc.id });
			built.lessonIds.add(id);
		}
		for (let i = 0; i < 16; i++) {
			const lesson = pick(orgLessons);
			const doc = i < 2 ? gone : pick(docs.filter((d) => d.id !== lesson.documentId));
			const onEditDay = editDays.filter((e) => e.documentId === doc.id);
			const createdAt = onEditDay.length > 0 && random() < 0.7 ? new Date(`${pick(onEditDay).day}T03:00:00Z`) : pick(MOMENTS);
			await db.insert(lessonReuses).values({
				id: crypto.randomUUID(),
				orgId: org,
				lessonId: lesson.id,
				documentId: doc === gone ? null : doc.id,
				originDocumentId: doc.id,
				originTeamId: doc.teamId,
				blockId: crypto.randomUUID(),
				createdAt,
				removedAt: random() < 0.15 ? new Date() : null
			});
		}
		for (let i = 0; i < 12; i++) {
			const id = crypto.randomUUID();
			const hours = Math.round((0.5 + random() * 30) * 10) / 10;
			await db.insert(trainingRecords).values({ id, orgId: org, userId: pick(members), course: `Pelatihan ${seed}-${i}`, organiser: 'BPSDM', completedOn: jakartaDay(pick(MOMENTS)), hours });
			built.recordIds.add(id);
		}
		return built;
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const admin = await makeUser(db);
		people = [admin.id];
		for (let i = 0; i < 3; i++) people.push((await makeUser(db)).id);
		orgId = (await makeOrg(db, admin.id)).id;
		for (const id of people.slice(1)) await addOrgMember(db, orgId, id, 'member');
		otherOrgId = (await makeOrg(db, admin.id, 'Dinas Lain')).id;
		for (const id of people.slice(1)) await addOrgMember(db, otherOrgId, id, 'member');
		mine = await build(orgId, people, 25);
		theirs = await build(otherOrgId, people, 26);
	}, 60_000);

	afterAll(async () => {
		await database?.destroy();
	});

	const periods = () => [yearRange(2026), { from: '2026-03-10', to: '2026-03-10' }, { from: '2025-01-01', to: '2027-12-31' }];

	function expectWithin(rows: ActivityEventRow[], built: Built) {
		for (const r of rows) {
			if (r.document) expect(built.documentIds.has(r.document.id)).toBe(true);
			if (r.lesson) expect(built.lessonIds.has(r.lesson.id)).toBe(true);
			if (r.training) expect(built.recordIds.has(r.training.id)).toBe(true);
			if (r.teamId) expect(built.teamIds).toContain(r.teamId);
		}
	}

	function expectCounts(counts: ActivityCounts, rows: ActivityEventRow[], label: string) {
		for (const k of ACTIVITY_KINDS) {
			const own = rows.filter((r) => r.kind === k);
			expect(rowsTotal(k, own.map((r) => ({ hours: r.training?.hours ?? null }))), `${label} ${k}`).toBe(counts[k]);
		}
	}

	it('lists for every team exactly the rows its mix counts, and nothing of another organisation', async () => {
		let listed = 0;
		for (const period of periods())
			for (const [org, built] of [[orgId, mine], [otherOrgId, theirs]] as const) {
				const mix = await loadTeamActivityMix(database.db, { orgId: org, teamId: null, ...period });
				expect(mix.length).toBeGreaterThan(0);
				for (const team of mix) {
					const rows = await loadActivityRows(database.db, { orgId: org, ...period }, { teamId: team.teamId }, ACTIVITY_KINDS);
					expectCounts(team.mix.counts, rows, `${team.teamName} ${period.from}`);
					expectWithin(rows, built);
					// A part's drill-down is its kinds' rows together: its number.
					for (const part of ['experience', 'social'] as const) {
						const partRows = await loadActivityRows(database.db, { orgId: org, ...period }, { teamId: team.teamId }, kindsOf(part));
						expect(partRows.length).toBe(team.mix[part]);
						expect(new Set(partRows.map((r) => r.kind))).toEqual(new Set(PART_KINDS[part].filter((k) => team.mix.counts[k] > 0)));
					}
					listed += rows.length;
				}
			}
		// Not a comparison of empty lists: every kind was listed somewhere.
		expect(listed).toBeGreaterThan(200);
		const all: ActivityEventRow[] = [];
		for (const teamId of mine.teamIds) all.push(...(await loadActivityRows(database.db, { orgId, from: '2025-01-01', to: '2027-12-31' }, { teamId }, ACTIVITY_KINDS)));
		for (const k of ACTIVITY_KINDS) expect(all.some((r) => r.kind === k), k).toBe(true);
		// Rows of a deleted document are listed (and counted) without it.
		expect(all.some((r) => r.documentDeleted && r.document === null)).toBe(true);
	});

	it('lists for every person exactly the rows of their year', async () => {
		for (const year of [2025, 2026, 2027])
			for (const userId of people)
				for (const [org, built] of [[orgId, mine], [otherOrgId, theirs]] as const) {
					const learning = await loadPersonLearning(database.db, { orgId: org, userId, year });
					const rows = await loadActivityRows(database.db, { orgId: org, ...yearRange(year) }, { userId }, ACTIVITY_KINDS);
					expectCounts(learning.mix.counts, rows, `${userId} ${year}`);
					expectWithin(rows, built);
					for (const r of rows) if (r.user) expect(r.user.id).toBe(userId);
					expect(rows.filter((r) => r.training).map((r) => r.training!.id).sort()).toEqual(learning.training.map((t) => t.id).sort());
				}
	});

	it('finds nothing for a team of another organisation', async () => {
		const rows = await loadActivityRows(database.db, { orgId, from: '2025-01-01', to: '2027-12-31' }, { teamId: theirs.teamIds[0] }, ACTIVITY_KINDS);
		expect(rows).toEqual([]);
		// The same team in its own organisation has rows: the empty answer above is the boundary.
		expect((await loadActivityRows(database.db, { orgId: otherOrgId, from: '2025-01-01', to: '2027-12-31' }, { teamId: theirs.teamIds[0] }, ACTIVITY_KINDS)).length).toBeGreaterThan(0);
	});

	it('withholds from a viewer what they may not open, and still lists the row', async () => {
		const period = { from: '2025-01-01', to: '2027-12-31' };
		const rows = await loadActivityRows(database.db, { orgId, ...period }, { teamId: mine.privateTeam }, ACTIVITY_KINDS);
		// people[3] is in no team: the first team's documents are team-only to them.
		const outsider = await activityRowsFor(database.db, { userId: people[3], membership: await loadMembership(database.db, people[3], orgId) }, orgId, rows);
		const insider = await activityRowsFor(database.db, { userId: people[1], membership: await loadMembership(database.db, people[1], orgId) }, orgId, rows);
		const admin = await activityRowsFor(database.db, { userId: people[0], membership: await loadMembership(database.db, people[0], orgId) }, orgId, rows);
		expect(outsider).toHaveLength(rows.length);
		expect(insider).toHaveLength(rows.length);
		const documentRows = rows.map((r, i) => [r, i] as const).filter(([r]) => r.document !== null);
		expect(documentRows.length).toBeGreaterThan(0);
		for (const [r, i] of documentRows) {
			expect(insider[i].document).toEqual({ id: r.document!.id, title: r.document!.title });
			expect(outsider[i].document).toBe('hidden');
			// The person credited in a hidden row is withheld too, unless it is the viewer.
			if (r.user && r.user.id !== people[3]) expect(outsider[i].person).toBe('hidden');
		}
		// Training records: the person and JP for everyone, the course for the person and admins only.
		const training = rows.map((r, i) => [r, i] as const).filter(([r]) => r.training !== null);
		expect(training.length).toBeGreaterThan(0);
		for (const [r, i] of training) {
			expect(outsider[i].person).toBe(r.user!.name);
			expect(outsider[i].hours).toBe(r.training!.hours);
			expect(admin[i].course).toEqual({ course: r.training!.course, organiser: 'BPSDM' });
			expect(insider[i].course).toEqual(r.training!.userId === people[1] ? { course: r.training!.course, organiser: 'BPSDM' } : 'hidden');
		}
		expect(insider.some((v) => v.course === 'hidden')).toBe(true);
		expect(insider.some((v) => v.course !== 'hidden' && v.course !== null)).toBe(true);
		// The draft lesson of a team-only document, reused by the other team, is named to neither outsider.
		const reuses = await loadActivityRows(database.db, { orgId, ...period }, { teamId: mine.teamIds[1] }, ['crossTeamReuses']);
		const seen = await activityRowsFor(database.db, { userId: people[3], membership: await loadMembership(database.db, people[3], orgId) }, orgId, reuses);
		for (const [i, r] of reuses.entries()) expect(seen[i].lesson).toEqual(r.lesson!.status === 'draft' ? 'hidden' : { id: r.lesson!.id, title: r.lesson!.title });
	});
});
