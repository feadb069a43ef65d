import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	REQUIRED_JP_PER_YEAR,
	emptyCounts,
	mixOf,
	roundHours,
	sortTeams,
	yearRange,
	type ActivityCounts,
	type ActivityMix,
	type ActivityScope,
	type TeamActivityMix
} from '../../metrics/activity-mix';

/**
 * The 70:20:10 activity mix in SQL (definitions: src/lib/metrics/activity-mix.ts, which an
 * integration test holds this module equal to). One statement per view: every kind of event is
 * aggregated in its own branch of a UNION ALL and the rows come back as (team, kind, amount).
 * Timestamps are compared against the scope's bounds at midnight Asia/Jakarta, so the indexes on
 * the time columns apply; a day is the Jakarta calendar day of the event.
 */

type Kind = keyof ActivityCounts;

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	// postgres.js returns the rows as an array, PGlite as `{ rows }`.
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

const JAKARTA = 'Asia/Jakarta';

function bounds(from: string, to: string) {
	return {
		lo: sql`((${from}::date)::timestamp at time zone ${JAKARTA})`,
		hi: sql`((${to}::date + 1)::timestamp at time zone ${JAKARTA})`
	};
}

/** `documents` of the organisation, with the team to credit: every branch but the log's joins it. */
function teamEvents(
	scope: { orgId: string; from: string; to: string },
	userFilter: (column: SQL) => SQL,
	teamFilter: (column: SQL) => SQL = () => sql`true`
): SQL {
	const { lo, hi } = bounds(scope.from, scope.to);
	const { orgId, from, to } = scope;
	return sql`
		with edits as (
			-- Each edit day with the number of people who edited that document that day (two or
			-- more: a co-editing session for each), in one pass instead of a join back to a grouping.
			select team_id, user_id, count(*) over (partition by day, document_id) as editors
			  from document_edit_days
			 where org_id = ${orgId} and day between ${from}::date and ${to}::date and ${teamFilter(sql`team_id`)}
		), edit_counts as (
			select team_id, count(*) as days, count(*) filter (where editors >= 2) as sessions
			  from edits where ${userFilter(sql`user_id`)} group by team_id
		)
		select d.team_id, 'documentsAuthored' as kind, count(*)::float8 as amount
		  from documents d
		 where d.org_id = ${orgId} and ${teamFilter(sql`d.team_id`)} and d.created_by is not null and ${userFilter(sql`d.created_by`)}
		   and d.created_at >= ${lo} and d.created_at < ${hi}
		 group by d.team_id
		union all
		select team_id, 'documentDaysEdited', days::float8 from edit_counts
		union all
		select team_id, 'coEditingSessions', sessions::float8 from edit_counts
		union all
		select d.team_id, 'commentsWritten', count(*)::float8
		  from comment_messages m join documents d on d.id = m.document_id
		 where d.org_id = ${orgId} and ${teamFilter(sql`d.team_id`)} and m.author_id is not null and m.removed_at is null and ${userFilter(sql`m.author_id`)}
		   and m.created_at >= ${lo} and m.created_at < ${hi}
		 group by d.team_id
		union all
		select d.team_id, 'mentionsReceived', count(*)::float8
		  from comment_mentions cm
		  join comment_messages m on m.document_id = cm.document_id and m.id = cm.message_id
		  join documents d on d.id = cm.document_id
		 where d.org_id = ${orgId} and ${teamFilter(sql`d.team_id`)} and m.removed_at is null and cm.user_id is distinct from m.author_id
		   and ${userFilter(sql`cm.user_id`)}
		   and cm.created_at >= ${lo} and cm.created_at < ${hi}
		 group by d.team_id
		union all
		select d.team_id, 'reviewRequests', count(*)::float8
		  from review_requests rr join documents d on d.id = rr.document_id
		 where d.org_id = ${orgId} and ${teamFilter(sql`d.team_id`)} and rr.requested_by is not null and ${userFilter(sql`rr.requested_by`)}
		   and rr.created_at >= ${lo} and rr.created_at < ${hi}
		 group by d.team_id
		union all
		select d.team_id, 'signOffs', count(*)::float8
		  from sign_offs so join documents d on d.id = so.document_id
		 where d.org_id = ${orgId} and ${teamFilter(sql`d.team_id`)} and so.reviewer_id is not null and ${userFilter(sql`so.reviewer_id`)}
		   and so.created_at >= ${lo} and so.created_at < ${hi}
		 group by d.team_id`;
}

/**
 * Live reuses in the scope of a lesson from another team than the reusing document's (for one
 * team, only its reuses). A reuse carries its lesson's team (`lesson_team_id`, written by the
 * database and held equal to the lesson's by a foreign key: migration 0011), so these are read
 * from lesson_reuses_cross_team_idx alone, whose predicate is this filter.
 */
function crossTeamLive(scope: { orgId: string; teamId?: string | null; from: string; to: string }): SQL {
	const { lo, hi } = bounds(scope.from, scope.to);
	const team = scope.teamId ? sql`and r.origin_team_id = ${scope.teamId}` : sql``;
	return sql`r.org_id = ${scope.orgId} and r.removed_at is null and r.lesson_team_id <> r.origin_team_id ${team}
		   and r.created_at >= ${lo} and r.created_at < ${hi}`;
}

/**
 * Those reuses made in a document on a day the person edited it, credited to them. Driven from
 * their edit days (a few hundred a year): each probes the reuses of that document by
 * lesson_reuses_origin_block_idx within the day's Jakarta bounds (the same rows as comparing the
 * reuse's Jakarta day, which the index could not use), instead of reading the organisation's
 * year of cross-team reuses (~600 000 on bench:metrics, 450 ms) to keep a handful.
 */
function personCrossTeamReuses(scope: { orgId: string; from: string; to: string }, userId: string): SQL {
	return sql`
		select null, 'crossTeamReuses', count(*)::float8
		  from document_edit_days e
		  join lesson_reuses r on r.origin_document_id = e.document_id
		   and r.created_at >= (e.day::timestamp at time zone ${JAKARTA}) and r.created_at < ((e.day + 1)::timestamp at time zone ${JAKARTA})
		 where e.org_id = ${scope.orgId} and e.user_id = ${userId} and e.day between ${scope.from}::date and ${scope.to}::date
		   and r.org_id = ${scope.orgId} and r.removed_at is null and r.lesson_team_id <> r.origin_team_id`;
}

/** Those reuses counted per reusing team, for the team mix. */
function crossTeamReuseCounts(scope: { orgId: string; teamId: string | null; from: string; to: string }): SQL {
	return sql`
		select r.origin_team_id as team_id, 'crossTeamReuses' as kind, count(*)::float8 as amount
		  from lesson_reuses r
		 where ${crossTeamLive(scope)}
		 group by r.origin_team_id`;
}

/** The team mix's statement: (team, kind, amount) rows (exported for bench/metrics/explain.ts). */
export function teamActivityQuery(scope: ActivityScope, teamIds: string[]): SQL {
	return sql`
	select team_id, kind, sum(amount) as amount from (
		${teamEvents(scope, () => sql`true`, (column) => (scope.teamId === null ? sql`true` : sql`${column} = ${scope.teamId}`))}
		union all
		${crossTeamReuseCounts(scope)}
		union all
		select tm.team_id, 'trainingHours', sum(tr.hours)
		  from training_records tr join team_members tm on tm.user_id = tr.user_id
		 where tr.org_id = ${scope.orgId} and tr.completed_on between ${scope.from}::date and ${scope.to}::date
		   and tm.team_id = any(${sql.param(teamIds)}::uuid[])
		 group by tm.team_id
	) x
	where team_id = any(${sql.param(teamIds)}::uuid[])
	group by team_id, kind`;
}

/**
 * Every team of the organisation (or `scope.teamId`) with its mix over the scope: live teams
 * always, archived ones only when something of theirs is counted. Ordered by name.
 */
export async function loadTeamActivityMix(db: Executor, scope: ActivityScope): Promise<TeamActivityMix[]> {
	const teamFilter = scope.teamId === null ? sql`true` : sql`t.id = ${scope.teamId}`;
	const teams = await rowsOf<{ id: string; name: string; archived: boolean }>(
		db,
		sql`select t.id, t.name, t.archived_at is not null as archived from teams t where t.org_id = ${scope.orgId} and ${teamFilter}`
	);
	if (teams.length === 0) return [];
	const rows = await rowsOf<{ team_id: string; kind: Kind; amount: number | string }>(db, teamActivityQuery(scope, teams.map((t) => t.id)));
	const counts = new Map(teams.map((t) => [t.id, emptyCounts()]));
	for (const row of rows) {
		const c = counts.get(row.team_id);
		if (c) c[row.kind] = Number(row.amount);
	}
	const result: TeamActivityMix[] = [];
	for (const team of teams) {
		const c = counts.get(team.id) ?? emptyCounts();
		c.trainingHours = roundHours(c.trainingHours);
		const mix = mixOf(c);
		if (team.archived && scope.teamId === null && mix.shares === null) continue;
		result.push({ teamId: team.id, teamName: team.name, mix });
	}
	return sortTeams(result);
}

export interface TrainingRecordItem {
	id: string;
	course: string;
	organiser: string;
	completedOn: string;
	hours: number;
	/** Written by a CSV import (an admin), not entered by the person. */
	imported: boolean;
	createdAt: Date;
}

export interface PersonLearning {
	orgId: string;
	userId: string;
	year: number;
	from: string;
	to: string;
	mix: ActivityMix;
	training: TrainingRecordItem[];
	/** Training JP of the year (the only hours PP 17/2020 recognises here). */
	trainingHours: number;
	requiredHours: number;
	/** JP still missing to the yearly minimum (0 once met). */
	remainingHours: number;
}

/** One person's year: the counts and shares of their learning, their training records and JP. */
export async function loadPersonLearning(
	db: Executor,
	input: { orgId: string; userId: string; year: number }
): Promise<PersonLearning> {
	const { from, to } = yearRange(input.year);
	const scope = { orgId: input.orgId, from, to };
	const mine = (column: SQL) => sql`${column} = ${input.userId}`;
	const rows = await rowsOf<{ kind: Kind; amount: number | string }>(
		db,
		sql`
		select kind, sum(amount) as amount from (
			${teamEvents(scope, mine)}
			union all
			${personCrossTeamReuses(scope, input.userId)}
		) x
		group by kind`
	);
	const counts = emptyCounts();
	for (const row of rows) counts[row.kind] = Number(row.amount);
	const training = await listTrainingRecords(db, { ...input, from, to });
	counts.trainingHours = roundHours(training.reduce((sum, t) => sum + t.hours, 0));
	return {
		orgId: input.orgId,
		userId: input.userId,
		year: input.year,
		from,
		to,
		mix: mixOf(counts),
		training,
		trainingHours: counts.trainingHours,
		requiredHours: REQUIRED_JP_PER_YEAR,
		remainingHours: roundHours(Math.max(0, REQUIRED_JP_PER_YEAR - counts.trainingHours))
	};
}

async function listTrainingRecords(
	db: Executor,
	input: { orgId: string; userId: string; from: string; to: string }
): Promise<TrainingRecordItem[]> {
	const rows = await rowsOf<{
		id: string;
		course: string;
		organiser: string;
		completed_on: string | Date;
		hours: number | string;
		import_id: string | null;
		created_at: string | Date;
	}>(
		db,
		sql`
		select id, course, organiser, completed_on::text as completed_on, hours, import_id, created_at
		  from training_records
		 where org_id = ${input.orgId} and user_id = ${input.userId}
		   and completed_on between ${input.from}::date and ${input.to}::date
		 order by completed_on desc, created_at desc, id`
	);
	return rows.map((r) => ({
		id: r.id,
		course: r.course,
		organiser: r.organiser,
		completedOn: String(r.completed_on).slice(0, 10),
		hours: Number(r.hours),
		imported: r.import_id !== null,
		createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at)
	}));
}
