import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
	personActivityMix,
	teamActivityMix,
	yearRange,
	type ActivityRows,
	type ActivityScope
} from '../../src/lib/metrics/activity-mix';
import { eq } from 'drizzle-orm';

/** A small deterministic PRNG (mulberry32): the same organisation on both databases. */
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

/**
 * Moments around the year's edges in Jakarta time: 2025-12-31 17:30 UTC is already 2026-01-01 in
 * Jakarta, and 2026-12-31 17:30 UTC is 2027-01-01 there.
 */
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

describe.each(testDatabases)('activity mix on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let otherOrgId: string;
	let people: string[];
	const expected: { -readonly [K in keyof ActivityRows]: ActivityRows[K][number][] } = {
		teams: [],
		teamMembers: [],
		authored: [],
		editDays: [],
		comments: [],
		mentions: [],
		reviewRequests: [],
		signOffs: [],
		reuses: [],
		training: []
	};

	/** Builds one organisation's events at random and records each as the pure rows say it. */
	async function buildOrganisation(org: string, members: string[], seed: number) {
		const db = database.db;
		const random = prng(seed);
		const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
		const orgTeams = [await makeTeam(db, org, 'Pelayanan'), await makeTeam(db, org, 'Arsip'), await makeTeam(db, org, 'Lama')];
		await db.update(teams).set({ archivedAt: new Date() }).where(eq(teams.id, orgTeams[2].id));
		for (const t of orgTeams) expected.teams.push({ id: t.id, orgId: org, name: t.name, archived: t === orgTeams[2] });
		for (const userId of members)
			for (const t of orgTeams.slice(0, 2))
				if (random() < 0.6) {
					await db.insert(teamMembers).values({ teamId: t.id, userId, role: random() < 0.8 ? 'member' : 'mentor' });
					expected.teamMembers.push({ teamId: t.id, userId });
				}

		const docs: { id: string; teamId: string }[] = [];
		for (let i = 0; i < 6; i++) {
			const team = i < 4 ? orgTeams[i % 2] : orgTeams[2];
			const author = pick(members);
			const createdAt = pick(MOMENTS);
			const id = crypto.randomUUID();
			await db.insert(documents).values({ id, orgId: org, teamId: team.id, type: 'retrospective', title: `Dokumen ${i}`, createdBy: author, createdAt });
			expected.authored.push({ orgId: org, teamId: team.id, userId: author, day: jakartaDay(createdAt) });
			docs.push({ id, teamId: team.id });
		}

		const editKeys = new Set<string>();
		for (let i = 0; i < 40; i++) {
			const doc = pick(docs);
			const userId = pick(members);
			const day = jakartaDay(pick(MOMENTS));
			const key = `${doc.id}|${userId}|${day}`;
			if (editKeys.has(key)) continue;
			editKeys.add(key);
			await db.insert(documentEditDays).values({ orgId: org, documentId: doc.id, teamId: doc.teamId, userId, day, updates: 1 + Math.floor(random() * 9) });
			expected.editDays.push({ orgId: org, documentId: doc.id, teamId: doc.teamId, userId, day });
		}

		for (let i = 0; i < 12; i++) {
			const doc = pick(docs);
			const threadId = crypto.randomUUID();
			const author = pick(members);
			await db.insert(commentThreads).values({ documentId: doc.id, id: threadId, authorId: author, anchored: true, messageCount: 2 });
			for (let j = 0; j < 2; j++) {
				const messageId = crypto.randomUUID();
				const writer = j === 0 ? author : pick(members);
				const createdAt = pick(MOMENTS);
				const removed = random() < 0.2;
				await db.insert(commentMessages).values({
					documentId: doc.id,
					id: messageId,
					threadId,
					authorId: writer,
					body: removed ? '' : 'Catatan',
					createdAt,
					removedAt: removed ? new Date() : null
				});
				expected.comments.push({ orgId: org, teamId: doc.teamId, authorId: writer, day: jakartaDay(createdAt), removed });
				const mentioned = pick(members);
				const mentionedAt = pick(MOMENTS);
				await db.insert(commentMentions).values({ documentId: doc.id, messageId, userId: mentioned, createdAt: mentionedAt });
				expected.mentions.push({ orgId: org, teamId: doc.teamId, userId: mentioned, authorId: writer, day: jakartaDay(mentionedAt), removed });
			}
		}

		for (let i = 0; i < 6; i++) {
			const doc = pick(docs);
			const requester = pick(members);
			const requestId = crypto.randomUUID();
			const askedAt = pick(MOMENTS);
			await db.insert(reviewRequests).values({ id: requestId, documentId: doc.id, requestedBy: requester, createdAt: askedAt });
			expected.reviewRequests.push({ orgId: org, teamId: doc.teamId, userId: requester, day: jakartaDay(askedAt) });
			const reviewer = pick(members);
			const signedAt = pick(MOMENTS);
			await db.insert(signOffs).values({
				id: crypto.randomUUID(),
				requestId,
				documentId: doc.id,
				reviewerId: reviewer,
				decision: random() < 0.5 ? 'approved' : 'changes_requested',
				stateVector: new Uint8Array([0]),
				contentDigest: 'x',
				createdAt: signedAt
			});
			expected.signOffs.push({ orgId: org, teamId: doc.teamId, userId: reviewer, day: jakartaDay(signedAt) });
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
				title: `Pelajaran ${i}`,
				body: 'Isi',
				status: 'published',
				publishedAt: new Date('2025-06-01T00:00:00Z')
			});
			orgLessons.push({ id, teamId: doc.teamId, documentId: doc.id });
		}
		// Reuses on the days people edited, so that editors are credited (and some on other days).
		const editDays = expected.editDays.filter((e) => e.orgId === org);
		for (let i = 0; i < 14; i++) {
			const lesson = pick(orgLessons);
			const doc = pick(docs.filter((d) => d.id !== lesson.documentId));
			const onEditDay = editDays.filter((e) => e.documentId === doc.id);
			const createdAt =
				onEditDay.length > 0 && random() < 0.7 ? new Date(`${pick(onEditDay).day}T03:00:00Z`) : pick(MOMENTS);
			const removed = random() < 0.15;
			await db.insert(lessonReuses).values({
				id: crypto.randomUUID(),
				orgId: org,
				lessonId: lesson.id,
				documentId: doc.id,
				originDocumentId: doc.id,
				originTeamId: doc.teamId,
				blockId: crypto.randomUUID(),
				createdAt,
				removedAt: removed ? new Date() : null
			});
			expected.reuses.push({ orgId: org, documentId: doc.id, teamId: doc.teamId, lessonTeamId: lesson.teamId, day: jakartaDay(createdAt), removed });
		}

		for (let i = 0; i < 10; i++) {
			const userId = pick(members);
			const day = jakartaDay(pick(MOMENTS));
			const hours = Math.round((0.5 + random() * 30) * 10) / 10;
			await db.insert(trainingRecords).values({ id: crypto.randomUUID(), orgId: org, userId, course: `Pelatihan ${i}`, organiser: 'BPSDM', completedOn: day, hours });
			expected.training.push({ orgId: org, userId, day, hours });
		}
		return orgTeams;
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		const admin = await makeUser(db);
		people = [admin.id];
		for (let i = 0; i < 3; i++) people.push((await makeUser(db)).id);
		orgId = (await makeOrg(db, admin.id)).id;
		for (const id of people.slice(1)) await addOrgMember(db, orgId, id, 'member');
		// The same people are members of a second organisation with its own events.
		otherOrgId = (await makeOrg(db, admin.id, 'Dinas Lain')).id;
		for (const id of people.slice(1)) await addOrgMember(db, otherOrgId, id, 'member');
		await buildOrganisation(orgId, people, 15);
		await buildOrganisation(otherOrgId, people, 16);
	}, 60_000);

	afterAll(async () => {
		await database?.destroy();
	});

	const scopes = (): ActivityScope[] => [
		{ orgId, teamId: null, ...yearRange(2026) },
		{ orgId, teamId: null, from: '2026-03-10', to: '2026-03-10' },
		{ orgId, teamId: null, from: '2025-01-01', to: '2027-12-31' },
		{ orgId: otherOrgId, teamId: null, ...yearRange(2026) }
	];

	it('computes per team in SQL exactly what the definitions say', async () => {
		let counted = 0;
		for (const scope of scopes()) {
			const sqlRows = await loadTeamActivityMix(database.db, scope);
			expect(sqlRows).toEqual(teamActivityMix(expected, scope));
			counted += sqlRows.reduce((n, t) => n + t.mix.experience + t.mix.social + t.mix.formal, 0);
		}
		// The comparison is not of two empty answers.
		expect(counted).toBeGreaterThan(50);
		const oneTeam = expected.teams.find((t) => t.orgId === orgId && t.name === 'Arsip')!;
		const scoped = { orgId, teamId: oneTeam.id, ...yearRange(2026) };
		expect(await loadTeamActivityMix(database.db, scoped)).toEqual(teamActivityMix(expected, scoped));
	});

	it('computes a person’s year in SQL exactly as the definitions say', async () => {
		const credited = { reuses: 0, sessions: 0, mentions: 0 };
		for (const year of [2025, 2026, 2027])
			for (const userId of people) {
				const learning = await loadPersonLearning(database.db, { orgId, userId, year });
				credited.reuses += learning.mix.counts.crossTeamReuses;
				credited.sessions += learning.mix.counts.coEditingSessions;
				credited.mentions += learning.mix.counts.mentionsReceived;
				expect(learning.mix).toEqual(personActivityMix(expected, { orgId, teamId: null, ...yearRange(year) }, userId));
				const own = expected.training.filter((t) => t.orgId === orgId && t.userId === userId && t.day.startsWith(`${year}-`));
				expect(learning.training.map((t) => t.completedOn).sort()).toEqual(own.map((t) => t.day).sort());
				expect(learning.remainingHours).toBe(Math.max(0, Math.round((20 - learning.trainingHours) * 100) / 100));
			}
		// Every credit path was exercised, not only the simple counts.
		expect(credited.reuses).toBeGreaterThan(0);
		expect(credited.sessions).toBeGreaterThan(0);
		expect(credited.mentions).toBeGreaterThan(0);
	});

	it('never counts another organisation’s events', async () => {
		// Scope of an organisation nobody built: nothing at all, though the same people are busy elsewhere.
		const empty = (await makeOrg(database.db, people[0], 'Kosong')).id;
		expect(await loadTeamActivityMix(database.db, { orgId: empty, teamId: null, ...yearRange(2026) })).toEqual([]);
		const learning = await loadPersonLearning(database.db, { orgId: empty, userId: people[1], year: 2026 });
		expect(learning.mix.shares).toBeNull();
		expect(learning.training).toEqual([]);
		// A team of the other organisation named in this organisation's scope is not found.
		const foreignTeam = expected.teams.find((t) => t.orgId === otherOrgId)!;
		expect(await loadTeamActivityMix(database.db, { orgId, teamId: foreignTeam.id, ...yearRange(2026) })).toEqual([]);
		// Both organisations have activity of the same people, and the totals differ.
		const a = await loadPersonLearning(database.db, { orgId, userId: people[1], year: 2026 });
		const b = await loadPersonLearning(database.db, { orgId: otherOrgId, userId: people[1], year: 2026 });
		expect(a.mix.experience + a.mix.social).toBeGreaterThan(0);
		expect(b.mix.experience + b.mix.social).toBeGreaterThan(0);
	});
});
