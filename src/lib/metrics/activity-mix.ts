/**
 * The 70:20:10 activity mix (issue 15): how much of a person's or a team's learning happened in
 * the work (experience), with others (social) and in courses (formal), counted from events the
 * system recorded — never from a figure someone typed in, except the training records, which are
 * the formal part by nature. The SQL in `src/lib/server/repositories/activity.ts` computes the
 * same from the tables; an integration test holds the two equal.
 *
 * What counts, over a scope (organisation, optionally one team, days `from`–`to` inclusive, in
 * Asia/Jakarta):
 * - experience: documents authored (created), document-days edited (`document_edit_days`: one per
 *   document, person and day the sync server saved an edit of theirs), co-editing sessions (a
 *   (document, day) on which two or more people edited counts once for each of them);
 * - social: comment messages written (thread openers and replies, not removed), mentions received
 *   from someone else (the message itself already counts for its author), review requests made and
 *   sign-offs given, and reuses of ANOTHER team's lesson (a live `lesson_reuses` row whose lesson's
 *   origin team is not the reusing document's team);
 * - formal: learning hours (JP, jam pelajaran) of training records completed in the scope.
 *
 * A reuse records no author (the projection sees the `lessonRef`, not who typed it), so a person
 * is credited with a reuse when they edited the reusing document on the day it was first
 * projected; the team counts every reuse once, whoever is credited.
 *
 * A team's figures are its documents' events (each person's credit in that team's documents,
 * summed — a co-editing session of two people is two), plus the training JP of its current
 * members (member or mentor); a person in two teams counts in both.
 *
 * **Shares.** The three parts have different units: activities and hours. Alur uses one plain
 * equivalence, **one recorded activity ≈ one JP**, so experience (activities) + social
 * (activities) + formal (JP) is the total and each share is its part of it, as whole percents
 * that add up to exactly 100 (largest remainder). It is a convention for comparing the shape of
 * learning with 70:20:10, not a claim that a comment is 45 minutes of study: the raw counts are
 * always shown beside the shares, and only training JP count towards the 20 JP a year of
 * PP 17/2020.
 */

/** PP 17/2020 (art. 203): at least 20 JP of competency development a year for every civil servant. */
export const REQUIRED_JP_PER_YEAR = 20;

export const MIX_PARTS = ['experience', 'social', 'formal'] as const;
export type MixPart = (typeof MIX_PARTS)[number];

export interface ActivityScope {
	orgId: string;
	teamId: string | null;
	/** `YYYY-MM-DD`, inclusive. */
	from: string;
	to: string;
}

// --- input rows (days are already Asia/Jakarta calendar days) ---------------------------------

export interface TeamRow {
	id: string;
	orgId: string;
	name: string;
	archived: boolean;
}
export interface TeamMemberRow {
	teamId: string;
	userId: string;
}
export interface AuthoredRow {
	orgId: string;
	teamId: string;
	/** Null once the author's account is deleted. */
	userId: string | null;
	day: string;
}
export interface EditDayRow {
	orgId: string;
	documentId: string;
	teamId: string;
	userId: string;
	day: string;
}
export interface CommentRow {
	orgId: string;
	teamId: string;
	authorId: string | null;
	day: string;
	/** Deleted by its author, or its thread left the document. */
	removed: boolean;
}
export interface MentionRow {
	orgId: string;
	teamId: string;
	/** The mentioned person. */
	userId: string;
	authorId: string | null;
	day: string;
	/** The message was removed. */
	removed: boolean;
}
export interface ReviewActRow {
	orgId: string;
	teamId: string;
	/** Null once the account is deleted. */
	userId: string | null;
	day: string;
}
export interface ReuseRow {
	orgId: string;
	/** The reusing document (its origin id: reuses outlive the document). */
	documentId: string;
	/** The reusing document's team. */
	teamId: string;
	lessonTeamId: string;
	day: string;
	/** The `lessonRef` left the document. */
	removed: boolean;
}
export interface TrainingRow {
	orgId: string;
	userId: string;
	day: string;
	hours: number;
}

export interface ActivityRows {
	teams: readonly TeamRow[];
	teamMembers: readonly TeamMemberRow[];
	authored: readonly AuthoredRow[];
	editDays: readonly EditDayRow[];
	comments: readonly CommentRow[];
	mentions: readonly MentionRow[];
	reviewRequests: readonly ReviewActRow[];
	signOffs: readonly ReviewActRow[];
	reuses: readonly ReuseRow[];
	training: readonly TrainingRow[];
}

// --- output -------------------------------------------------------------------------------

export interface ActivityCounts {
	documentsAuthored: number;
	documentDaysEdited: number;
	coEditingSessions: number;
	commentsWritten: number;
	mentionsReceived: number;
	reviewRequests: number;
	signOffs: number;
	crossTeamReuses: number;
	trainingHours: number;
}

export interface ActivityMix {
	counts: ActivityCounts;
	/** Activities. */
	experience: number;
	/** Activities. */
	social: number;
	/** JP. */
	formal: number;
	/** Whole percents adding up to 100; null when nothing at all was recorded. */
	shares: Record<MixPart, number> | null;
}

export interface TeamActivityMix {
	teamId: string;
	teamName: string;
	mix: ActivityMix;
}

export function emptyCounts(): ActivityCounts {
	return {
		documentsAuthored: 0,
		documentDaysEdited: 0,
		coEditingSessions: 0,
		commentsWritten: 0,
		mentionsReceived: 0,
		reviewRequests: 0,
		signOffs: 0,
		crossTeamReuses: 0,
		trainingHours: 0
	};
}

/** The three parts and their shares from raw counts (the one equivalence: 1 activity ≈ 1 JP). */
export function mixOf(counts: ActivityCounts): ActivityMix {
	const experience = counts.documentsAuthored + counts.documentDaysEdited + counts.coEditingSessions;
	const social = counts.commentsWritten + counts.mentionsReceived + counts.reviewRequests + counts.signOffs + counts.crossTeamReuses;
	const formal = counts.trainingHours;
	return { counts, experience, social, formal, shares: sharesOf({ experience, social, formal }) };
}

/**
 * Whole percents that add up to 100 (Hamilton's largest remainder): each part gets the floor of
 * its exact share, and the points left go to the largest remainders, ties in the order
 * experience, social, formal.
 */
export function sharesOf(parts: Record<MixPart, number>): Record<MixPart, number> | null {
	const total = parts.experience + parts.social + parts.formal;
	if (!(total > 0)) return null;
	const exact = MIX_PARTS.map((part) => (parts[part] * 100) / total);
	const floors = exact.map((value) => Math.floor(value + 1e-9));
	let left = 100 - floors.reduce((sum, value) => sum + value, 0);
	const order = [0, 1, 2].sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
	for (const index of order) {
		if (left <= 0) break;
		floors[index] += 1;
		left -= 1;
	}
	return { experience: floors[0], social: floors[1], formal: floors[2] };
}

/** Hours are summed at a hundredth of a JP (imports accept "1,5"): no float drift in totals. */
export function roundHours(hours: number): number {
	return Math.round(hours * 100) / 100;
}

function inScope(row: { orgId: string; day: string }, scope: ActivityScope): boolean {
	return row.orgId === scope.orgId && row.day >= scope.from && row.day <= scope.to;
}

type Credit = (userId: string, teamId: string, key: keyof ActivityCounts, amount?: number) => void;

/**
 * Walks every event in scope once and hands each credit (person, team, what, how much) to
 * `credit`; the per-person and per-team views are two ways of summing the same credits. A reuse
 * credits its editors that day as people, and the team once (`teamCredit`).
 */
function walk(rows: ActivityRows, scope: ActivityScope, credit: Credit, teamCredit: (teamId: string, key: keyof ActivityCounts) => void) {
	for (const row of rows.authored) if (row.userId && inScope(row, scope)) credit(row.userId, row.teamId, 'documentsAuthored');

	const editors = new Map<string, { teamId: string; users: Set<string> }>();
	for (const row of rows.editDays) {
		if (!inScope(row, scope)) continue;
		const key = `${row.documentId}|${row.day}`;
		let entry = editors.get(key);
		if (!entry) editors.set(key, (entry = { teamId: row.teamId, users: new Set() }));
		if (entry.users.has(row.userId)) continue;
		entry.users.add(row.userId);
		credit(row.userId, row.teamId, 'documentDaysEdited');
	}
	for (const { teamId, users } of editors.values()) {
		if (users.size < 2) continue;
		for (const userId of users) credit(userId, teamId, 'coEditingSessions');
	}

	for (const row of rows.comments)
		if (row.authorId && !row.removed && inScope(row, scope)) credit(row.authorId, row.teamId, 'commentsWritten');
	for (const row of rows.mentions)
		if (!row.removed && inScope(row, scope) && row.authorId !== row.userId) credit(row.userId, row.teamId, 'mentionsReceived');
	for (const row of rows.reviewRequests) if (row.userId && inScope(row, scope)) credit(row.userId, row.teamId, 'reviewRequests');
	for (const row of rows.signOffs) if (row.userId && inScope(row, scope)) credit(row.userId, row.teamId, 'signOffs');

	for (const row of rows.reuses) {
		if (row.removed || !inScope(row, scope) || row.lessonTeamId === row.teamId) continue;
		teamCredit(row.teamId, 'crossTeamReuses');
		for (const userId of editors.get(`${row.documentId}|${row.day}`)?.users ?? []) credit(userId, row.teamId, 'crossTeamReuses');
	}
}

/** One person's mix over the scope, in every team of the organisation (`scope.teamId` is not used). */
export function personActivityMix(rows: ActivityRows, scope: ActivityScope, userId: string): ActivityMix {
	const counts = emptyCounts();
	walk(
		rows,
		scope,
		(user, _teamId, key, amount = 1) => {
			if (user === userId) counts[key] += amount;
		},
		() => {}
	);
	let hours = 0;
	for (const row of rows.training) if (row.userId === userId && inScope(row, scope)) hours += row.hours;
	counts.trainingHours = roundHours(hours);
	return mixOf(counts);
}

/**
 * Every team of the organisation with its mix (or only `scope.teamId`): live teams always,
 * archived ones when something of theirs falls in the scope. Ordered by name (id-ID), then id.
 */
export function teamActivityMix(rows: ActivityRows, scope: ActivityScope): TeamActivityMix[] {
	const teams = rows.teams.filter((t) => t.orgId === scope.orgId && (scope.teamId === null || t.id === scope.teamId));
	const counts = new Map(teams.map((t) => [t.id, emptyCounts()]));
	walk(
		rows,
		scope,
		(_user, teamId, key, amount = 1) => {
			if (key === 'crossTeamReuses') return;
			const c = counts.get(teamId);
			if (c) c[key] += amount;
		},
		(teamId, key) => {
			const c = counts.get(teamId);
			if (c) c[key] += 1;
		}
	);
	const hours = new Map<string, number>();
	for (const row of rows.training) {
		if (!inScope(row, scope)) continue;
		for (const m of rows.teamMembers) {
			if (m.userId === row.userId && counts.has(m.teamId)) hours.set(m.teamId, (hours.get(m.teamId) ?? 0) + row.hours);
		}
	}
	const result: TeamActivityMix[] = [];
	for (const team of teams) {
		const c = counts.get(team.id) ?? emptyCounts();
		c.trainingHours = roundHours(hours.get(team.id) ?? 0);
		const mix = mixOf(c);
		if (team.archived && scope.teamId === null && mix.shares === null) continue;
		result.push({ teamId: team.id, teamName: team.name, mix });
	}
	return sortTeams(result);
}

export function sortTeams<T extends { teamName: string; teamId: string }>(rows: T[]): T[] {
	return rows.sort((a, b) => a.teamName.localeCompare(b.teamName, 'id') || (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0));
}

/** The calendar year as an inclusive day range. */
export function yearRange(year: number): { from: string; to: string } {
	return { from: `${year}-01-01`, to: `${year}-12-31` };
}
