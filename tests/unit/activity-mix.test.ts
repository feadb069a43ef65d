import { describe, expect, it } from 'vitest';
import {
	emptyCounts,
	mixOf,
	personActivityMix,
	sharesOf,
	teamActivityMix,
	type ActivityRows,
	type ActivityScope
} from '../../src/lib/metrics/activity-mix';

const ORG = 'org-a';
const OTHER = 'org-b';
const [T1, T2, T3] = ['team-1', 'team-2', 'team-3'];
const [ANI, BUDI, CITRA] = ['ani', 'budi', 'citra'];

function rows(overrides: Partial<ActivityRows> = {}): ActivityRows {
	return {
		teams: [
			{ id: T1, orgId: ORG, name: 'Pelayanan', archived: false },
			{ id: T2, orgId: ORG, name: 'Arsip', archived: false },
			{ id: T3, orgId: ORG, name: 'Lama', archived: true }
		],
		teamMembers: [
			{ teamId: T1, userId: ANI },
			{ teamId: T1, userId: BUDI },
			{ teamId: T2, userId: BUDI }
		],
		authored: [],
		editDays: [],
		comments: [],
		mentions: [],
		reviewRequests: [],
		signOffs: [],
		reuses: [],
		training: [],
		...overrides
	};
}

const YEAR: ActivityScope = { orgId: ORG, teamId: null, from: '2026-01-01', to: '2026-12-31' };

describe('sharesOf', () => {
	it('gives whole percents that always add up to 100', () => {
		expect(sharesOf({ experience: 1, social: 1, formal: 1 })).toEqual({ experience: 34, social: 33, formal: 33 });
		expect(sharesOf({ experience: 7, social: 2, formal: 1 })).toEqual({ experience: 70, social: 20, formal: 10 });
		expect(sharesOf({ experience: 2, social: 1, formal: 0 })).toEqual({ experience: 67, social: 33, formal: 0 });
		for (const parts of [
			{ experience: 3, social: 3, formal: 1 },
			{ experience: 0.5, social: 1.25, formal: 13 },
			{ experience: 999, social: 1, formal: 1 }
		]) {
			const s = sharesOf(parts);
			expect(s && s.experience + s.social + s.formal).toBe(100);
		}
	});

	it('is null when nothing was recorded, never a division by zero', () => {
		expect(sharesOf({ experience: 0, social: 0, formal: 0 })).toBeNull();
	});

	it('treats one activity as one JP', () => {
		const mix = mixOf({ ...emptyCounts(), documentDaysEdited: 10, commentsWritten: 5, trainingHours: 5 });
		expect(mix).toMatchObject({ experience: 10, social: 5, formal: 5, shares: { experience: 50, social: 25, formal: 25 } });
	});
});

describe('experience', () => {
	it('counts documents authored and document-days edited, and a co-editing session for each editor of that day', () => {
		const r = rows({
			authored: [{ orgId: ORG, teamId: T1, userId: ANI, day: '2026-03-01' }],
			editDays: [
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2026-03-01' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: BUDI, day: '2026-03-01' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2026-03-02' },
				// alone on d2 the same day: an edit-day, no session
				{ orgId: ORG, documentId: 'd2', teamId: T2, userId: BUDI, day: '2026-03-01' }
			]
		});
		const ani = personActivityMix(r, YEAR, ANI).counts;
		expect(ani).toMatchObject({ documentsAuthored: 1, documentDaysEdited: 2, coEditingSessions: 1 });
		const budi = personActivityMix(r, YEAR, BUDI).counts;
		expect(budi).toMatchObject({ documentsAuthored: 0, documentDaysEdited: 2, coEditingSessions: 1 });
		const teams = teamActivityMix(r, YEAR);
		const t1 = teams.find((t) => t.teamId === T1)!.mix.counts;
		expect(t1).toMatchObject({ documentsAuthored: 1, documentDaysEdited: 3, coEditingSessions: 2 });
		expect(teams.find((t) => t.teamId === T2)!.mix.counts).toMatchObject({ documentDaysEdited: 1, coEditingSessions: 0 });
	});

	it('keeps to the scope: days outside it and other organisations never count', () => {
		const r = rows({
			editDays: [
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2025-12-31' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2026-01-01' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2026-12-31' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2027-01-01' },
				{ orgId: OTHER, documentId: 'x', teamId: 'tx', userId: ANI, day: '2026-05-05' }
			],
			training: [{ orgId: OTHER, userId: ANI, day: '2026-05-05', hours: 40 }]
		});
		expect(personActivityMix(r, YEAR, ANI).counts).toMatchObject({ documentDaysEdited: 2, trainingHours: 0 });
	});
});

describe('social', () => {
	it('counts live comments, mentions from others, review requests and sign-offs', () => {
		const r = rows({
			comments: [
				{ orgId: ORG, teamId: T1, authorId: ANI, day: '2026-02-01', removed: false },
				{ orgId: ORG, teamId: T1, authorId: ANI, day: '2026-02-01', removed: true },
				{ orgId: ORG, teamId: T1, authorId: null, day: '2026-02-01', removed: false }
			],
			mentions: [
				{ orgId: ORG, teamId: T1, userId: BUDI, authorId: ANI, day: '2026-02-01', removed: false },
				{ orgId: ORG, teamId: T1, userId: ANI, authorId: ANI, day: '2026-02-01', removed: false },
				{ orgId: ORG, teamId: T1, userId: BUDI, authorId: ANI, day: '2026-02-01', removed: true }
			],
			reviewRequests: [{ orgId: ORG, teamId: T1, userId: ANI, day: '2026-02-02' }],
			signOffs: [
				{ orgId: ORG, teamId: T1, userId: BUDI, day: '2026-02-03' },
				{ orgId: ORG, teamId: T1, userId: null, day: '2026-02-03' }
			]
		});
		expect(personActivityMix(r, YEAR, ANI).counts).toMatchObject({ commentsWritten: 1, mentionsReceived: 0, reviewRequests: 1, signOffs: 0 });
		expect(personActivityMix(r, YEAR, BUDI).counts).toMatchObject({ commentsWritten: 0, mentionsReceived: 1, signOffs: 1 });
		const t1 = teamActivityMix(r, YEAR).find((t) => t.teamId === T1)!;
		expect(t1.mix.counts).toMatchObject({ commentsWritten: 1, mentionsReceived: 1, reviewRequests: 1, signOffs: 1 });
		expect(t1.mix.social).toBe(4);
	});

	it('counts only reuses of another team’s lesson, credits the reusing document’s editors that day, the team once', () => {
		const r = rows({
			editDays: [
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: ANI, day: '2026-04-01' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: BUDI, day: '2026-04-01' },
				{ orgId: ORG, documentId: 'd1', teamId: T1, userId: CITRA, day: '2026-04-02' }
			],
			reuses: [
				{ orgId: ORG, documentId: 'd1', teamId: T1, lessonTeamId: T2, day: '2026-04-01', removed: false },
				// own team's lesson: not social learning across teams
				{ orgId: ORG, documentId: 'd1', teamId: T1, lessonTeamId: T1, day: '2026-04-01', removed: false },
				{ orgId: ORG, documentId: 'd1', teamId: T1, lessonTeamId: T2, day: '2026-04-01', removed: true },
				// nobody recorded editing that day: the team's, nobody's
				{ orgId: ORG, documentId: 'd1', teamId: T1, lessonTeamId: T2, day: '2026-04-05', removed: false }
			]
		});
		expect(personActivityMix(r, YEAR, ANI).counts.crossTeamReuses).toBe(1);
		expect(personActivityMix(r, YEAR, BUDI).counts.crossTeamReuses).toBe(1);
		expect(personActivityMix(r, YEAR, CITRA).counts.crossTeamReuses).toBe(0);
		expect(teamActivityMix(r, YEAR).find((t) => t.teamId === T1)!.mix.counts.crossTeamReuses).toBe(2);
	});
});

describe('formal', () => {
	it('sums a person’s JP, and a team’s members’ JP (a person in two teams counts in both)', () => {
		const r = rows({
			training: [
				{ orgId: ORG, userId: BUDI, day: '2026-06-01', hours: 1.5 },
				{ orgId: ORG, userId: BUDI, day: '2026-07-01', hours: 0.1 },
				{ orgId: ORG, userId: ANI, day: '2026-07-01', hours: 0.2 },
				{ orgId: ORG, userId: CITRA, day: '2026-07-01', hours: 8 }
			]
		});
		expect(personActivityMix(r, YEAR, BUDI).counts.trainingHours).toBe(1.6);
		const teams = teamActivityMix(r, YEAR);
		expect(teams.find((t) => t.teamId === T1)!.mix.counts.trainingHours).toBe(1.8);
		expect(teams.find((t) => t.teamId === T2)!.mix.counts.trainingHours).toBe(1.6);
	});
});

describe('teams', () => {
	it('lists live teams by name, archived ones only with activity, and one team when scoped', () => {
		const quiet = teamActivityMix(rows(), YEAR);
		expect(quiet.map((t) => t.teamName)).toEqual(['Arsip', 'Pelayanan']);
		expect(quiet.every((t) => t.mix.shares === null)).toBe(true);
		const busy = teamActivityMix(
			rows({ authored: [{ orgId: ORG, teamId: T3, userId: ANI, day: '2026-01-10' }] }),
			YEAR
		);
		expect(busy.map((t) => t.teamName)).toEqual(['Arsip', 'Lama', 'Pelayanan']);
		expect(teamActivityMix(rows(), { ...YEAR, teamId: T2 }).map((t) => t.teamId)).toEqual([T2]);
		expect(teamActivityMix(rows(), { ...YEAR, orgId: OTHER })).toEqual([]);
	});
});
