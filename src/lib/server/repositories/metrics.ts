import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	METRIC_DEFINITIONS_VERSION,
	type ActionFollowThrough,
	type Funnel,
	type FunnelCounts,
	type FunnelMonth,
	type ImpactDashboard,
	type MetricScope,
	type ReusedLesson,
	type TeamFunnel
} from '../../metrics/types';
import { funnelOf, headline } from '../../metrics/funnel';
import { monthsOf } from '../../metrics/days';
import { MOST_REUSED_LIMIT } from '../../metrics/most-reused';
import { compareReused, compareTeams } from '../../metrics/order';
import type { DrillStage, FunnelStageRow, StageChange } from '../../metrics/drill-down';
import type { FollowThroughBucket } from '../../metrics/follow-through';

/*
 * The impact metrics at scale: the same definitions as src/lib/metrics (types.ts says what each
 * number means), computed in SQL over the projected tables. tests/integration/metrics-property
 * holds the two equal on random organisations. Every statement is bound to the scope's
 * organisation on every table it reads; nothing here runs on PostgreSQL 16+ only.
 *
 * Periods are Jakarta days: a lesson's `published_at` is compared with the instants at which the
 * period's first day starts and the day after its last starts (an index range, not a cast per
 * row), and days are taken with `at time zone 'Asia/Jakarta'`.
 */

export type { DrillStage, FunnelStageRow, StageChange } from '../../metrics/drill-down';
export type { FollowThroughBucket } from '../../metrics/follow-through';

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	// postgres-js answers with the rows, PGlite with { rows }.
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

/**
 * Runs a funnel statement with the planner settings its CTEs need (`set local`: they end with the
 * transaction). The planner cannot see how few rows the CTEs hold (a jsonb array's elements, the
 * gated branches below): it misjudges them by orders of magnitude, so
 * - JIT is off: the cost estimates run past `jit_above_cost` and PostgreSQL would spend seconds
 *   compiling a plan that runs in milliseconds (measured: 5.3 s of JIT for an 8 ms query);
 * - merge joins are off: expecting millions of (change, lesson) pairs it sorted both sides of
 *   every join, on disk; the hash joins it takes instead hash the small side (EXPLAIN on
 *   bench:metrics, the organisation's year: ~100 ms less);
 * - work_mem is 32 MB: the organisation's year holds ~30 000 lessons and ~45 000 change
 *   references, past the default 4 MB (temp files). Per statement, so a pool of ten stays within
 *   a few hundred MB at worst.
 */
function funnelStatement<T>(db: Executor, query: SQL): Promise<T[]> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local jit = off`);
		await tx.execute(sql`set local enable_mergejoin = off`);
		await tx.execute(sql`set local work_mem = '32MB'`);
		return rowsOf<T>(tx, query);
	});
}

/**
 * How the funnel statements find candidate changes: up to `ginNameLimit` lesson names through
 * the GIN index, past it by reading the organisation's live changes (see `stageCtes`). Both give
 * the same rows; the property test runs each.
 */
export interface FunnelQueryTuning {
	ginNameLimit?: number;
}

/**
 * From EXPLAIN ANALYZE on bench:metrics (50 000 changes): a GIN probe costs ~10 µs per name
 * (~7 ms for a team's year, 630 reused names); the scan of the organisation's changes ~100 ms
 * whatever the count.
 */
const GIN_NAME_LIMIT = 5000;

/**
 * The common table expressions every funnel figure reads, ending in `stages` (one row per lesson
 * of the cohort with its stage flags) and `links` (lesson, change) with `change_flags`.
 */
function stageCtes(scope: MetricScope, tuning: FunnelQueryTuning = {}): SQL {
	const org = scope.orgId;
	const limit = tuning.ginNameLimit ?? GIN_NAME_LIMIT;
	const team = scope.teamId === null ? sql`` : sql`and l.origin_team_id = ${scope.teamId}::uuid`;
	return sql`
	cohort as materialized (
		select l.id, l.origin_team_id, l.origin_document_id, l.source_document_id, l.block_id, l.published_at, l.reuse_count,
			coalesce(l.library_title, l.title) as title,
			(l.published_at at time zone 'Asia/Jakarta')::date as published_on
		from lessons l
		where l.org_id = ${org}::uuid and l.status in ('published', 'retired')
			and l.published_at >= (${scope.from}::date)::timestamp at time zone 'Asia/Jakarta'
			and l.published_at < (${scope.to}::date + 1)::timestamp at time zone 'Asia/Jakarta'
			${team}
	),
	-- Each cohort lesson under its own name and under the names of the lessons merged into it.
	names as materialized (
		select c.id as lesson_id, c.id as name_id, c.block_id as name_block, c.origin_document_id as name_doc,
			c.origin_document_id as lesson_doc, c.published_on, c.reuse_count
		from cohort c
		union all
		select c.id, m.id, m.block_id, m.origin_document_id, c.origin_document_id, c.published_on, m.reuse_count
		from cohort c
		-- One probe of lessons_merged_into_idx per cohort lesson, not every merged lesson of the org.
		cross join lateral (
			select m.id, m.block_id, m.origin_document_id, m.reuse_count from lessons m
			where m.org_id = ${org}::uuid and m.merged_into = c.id and m.status = 'merged'
		) m
	),
	-- A name's live reuses are its reuse_count (kept by migration 0006's trigger, the same rows:
	-- lesson_reuses of the lesson with removed_at null); those in its own document or in the
	-- surviving lesson's do not count, and are found by an exact (lesson, org, document) probe of
	-- lesson_reuses_live_lesson_idx each. Counting every reuse instead read ~950 000 index entries
	-- for an organisation's year. Materialized: inlined, the probes ran for the sum and again for
	-- the "having".
	name_reuses as materialized (
		select n.lesson_id, n.reuse_count
			- (select count(*) from lesson_reuses r
				where r.lesson_id = n.name_id and r.org_id = ${org}::uuid and r.removed_at is null
					and r.origin_document_id = n.name_doc)
			- case when n.lesson_doc = n.name_doc then 0 else (select count(*) from lesson_reuses r
				where r.lesson_id = n.name_id and r.org_id = ${org}::uuid and r.removed_at is null
					and r.origin_document_id = n.lesson_doc) end as reuses
		from names n
		where n.reuse_count > 0
	),
	reuse_counts as materialized (
		select lesson_id, sum(reuses)::int as reuses from name_reuses group by lesson_id having sum(reuses) > 0
	),
	reused_names as materialized (
		select n.* from names n where n.lesson_id in (select lesson_id from reuse_counts)
	),
	-- Live changes that may name a reused lesson: by row id anywhere, by block id in its document.
	name_keys as materialized (
		select count(*) as n, coalesce(array_agg(distinct name_doc), '{}') as docs,
			-- The names as an object's keys: ? finds one by binary search, per element of a change.
			coalesce(jsonb_object_agg(name_id::text, true), '{}') as id_set
		from reused_names
	),
	-- Live changes that may name a reused lesson: by row id anywhere, by block id in its document.
	-- Few names (a team's period): one probe of the GIN index on linked_lesson_ids (@>) per name,
	-- one of the btree on origin_document_id for all their documents. Many (an organisation's
	-- year): read the organisation's live changes once, looking each element up in id_set. Each
	-- branch is gated by a one-time filter, so only one runs.
	candidate_changes as materialized (
		select pc.id, pc.origin_document_id, pc.linked_lesson_ids, pc.document_id, pc.indicator, pc.unit, pc.direction,
			pc.baseline, pc.target, pc.implemented_on
		from reused_names rn
		cross join lateral (
			select pc.id, pc.origin_document_id, pc.linked_lesson_ids, pc.document_id, pc.indicator, pc.unit, pc.direction,
				pc.baseline, pc.target, pc.implemented_on
			from process_changes pc
			where pc.linked_lesson_ids @> jsonb_build_array(rn.name_id::text) and pc.org_id = ${org}::uuid and pc.removed_at is null
		) pc
		where (select n from name_keys) <= ${limit}::bigint
		union
		select pc.id, pc.origin_document_id, pc.linked_lesson_ids, pc.document_id, pc.indicator, pc.unit, pc.direction,
			pc.baseline, pc.target, pc.implemented_on
		from process_changes pc
		where (select n from name_keys) <= ${limit}::bigint and pc.org_id = ${org}::uuid and pc.removed_at is null
			and pc.origin_document_id = any ((select docs from name_keys)::uuid[])
		union
		select pc.id, pc.origin_document_id, pc.linked_lesson_ids, pc.document_id, pc.indicator, pc.unit, pc.direction,
			pc.baseline, pc.target, pc.implemented_on
		from process_changes pc
		where (select n from name_keys) > ${limit}::bigint and pc.org_id = ${org}::uuid and pc.removed_at is null
			and (pc.origin_document_id in (select name_doc from reused_names)
				or exists (select 1 from jsonb_array_elements_text(pc.linked_lesson_ids) as ref(v)
					where (select id_set from name_keys) ? ref.v))
	),
	change_refs as materialized (
		select cc.id as change_id, cc.origin_document_id, cc.implemented_on, ref.v
		from candidate_changes cc cross join lateral jsonb_array_elements_text(cc.linked_lesson_ids) as ref(v)
	),
	-- (lesson, change) pairs, with the two days the median compares: the planner misjudges these
	-- CTEs' sizes by orders of magnitude, so later steps should not have to join them again.
	links as materialized (
		select rn.lesson_id, cr.change_id, rn.published_on, cr.implemented_on
		from change_refs cr join reused_names rn on cr.v = rn.name_id::text
		union
		select rn.lesson_id, cr.change_id, rn.published_on, cr.implemented_on
		from change_refs cr join reused_names rn on cr.v = rn.name_block::text and cr.origin_document_id = rn.name_doc
	),
	change_flags as materialized (
		select pc.id as change_id, pc.indicator, pc.unit, pc.document_id, pc.implemented_on,
			coalesce(pc.baseline is not null and latest.value is not null, false) as measurable,
			coalesce(pc.baseline is not null and latest.value is not null and case pc.direction
				when 'increase' then latest.value > pc.baseline else latest.value < pc.baseline end, false) as improved,
			coalesce(pc.baseline is not null and latest.value is not null and pc.target is not null and case pc.direction
				when 'increase' then latest.value > pc.baseline and latest.value >= pc.target
				else latest.value < pc.baseline and latest.value <= pc.target end, false) as target_met
		from candidate_changes pc
		left join lateral (
			select m.value from measurements m
			where m.org_id = ${org}::uuid and m.process_change_id = pc.id and m.removed_at is null
				and m.measured_on >= pc.implemented_on
			order by m.measured_on desc, m.created_at desc, m.id desc
			limit 1
		) latest on true
		where pc.id in (select change_id from links)
	),
	lesson_flags as materialized (
		select l.lesson_id, bool_or(cf.measurable) as measurable, bool_or(cf.improved) as improved,
			bool_or(cf.target_met) as target_met
		from links l join change_flags cf on cf.change_id = l.change_id
		group by l.lesson_id
	),
	stages as materialized (
		select c.id, c.origin_team_id, c.published_on, c.published_at, c.title, c.source_document_id,
			coalesce(rc.reuses, 0) as reuses,
			rc.lesson_id is not null as reused,
			lf.lesson_id is not null as linked,
			coalesce(lf.measurable, false) as measurable,
			coalesce(lf.improved, false) as improved,
			coalesce(lf.target_met, false) as target_met
		from cohort c
		left join reuse_counts rc on rc.lesson_id = c.id
		left join lesson_flags lf on lf.lesson_id = c.id
	)`;
}

const COUNTS_JSON = sql`json_build_object(
	'captured', count(*),
	'reused', count(*) filter (where reused),
	'linked', count(*) filter (where linked),
	'measurable', count(*) filter (where measurable),
	'improved', count(*) filter (where improved),
	'targetMet', count(*) filter (where target_met))`;

interface DashboardJson {
	groups: { month: string | null; team_id: string | null; counts: FunnelCounts }[] | null;
	top: { lesson_id: string; title: string; origin_team_id: string; reuses: number }[] | null;
	median_days: number | null;
	teams: { id: string; name: string }[] | null;
	actions: ActionFollowThrough;
}

const ZERO: FunnelCounts = { captured: 0, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0 };

/** The dashboard's one statement (exported for bench/metrics/explain.ts). */
export function impactDashboardQuery(scope: MetricScope, today: string, tuning: FunnelQueryTuning = {}): SQL {
	const org = scope.orgId;
	const actionTeam = scope.teamId === null ? sql`` : sql`and a.origin_team_id = ${scope.teamId}::uuid`;
	return sql`with ${stageCtes(scope, tuning)},
		groups as (
			select case when grouping(to_char(published_on, 'YYYY-MM')) = 0 then to_char(published_on, 'YYYY-MM') end as month,
				case when grouping(origin_team_id) = 0 then origin_team_id end as team_id,
				${COUNTS_JSON} as counts
			from stages
			group by grouping sets ((), (to_char(published_on, 'YYYY-MM')), (origin_team_id))
		)
		select json_build_object(
			'groups', (select json_agg(json_build_object('month', month, 'team_id', team_id, 'counts', counts)) from groups),
			'top', (select json_agg(t) from (
				select id as lesson_id, title, origin_team_id, reuses from stages where reuses > 0
				order by reuses desc, id limit ${MOST_REUSED_LIMIT}) t),
			'median_days', (
				select percentile_cont(0.5) within group (order by implemented_on - published_on)
				from links where implemented_on >= published_on),
			'teams', (select json_agg(json_build_object('id', t.id, 'name', t.name)) from teams t
				where t.org_id = ${org}::uuid and t.id in (select origin_team_id from stages)),
			'actions', (
				select json_build_object(
					'onTime', count(*) filter (where a.done and a.done_at is not null
						and (a.done_at at time zone 'Asia/Jakarta')::date <= a.due_on),
					'late', count(*) filter (where a.done and (a.done_at is null
						or (a.done_at at time zone 'Asia/Jakarta')::date > a.due_on)),
					'overdue', count(*) filter (where not a.done and a.due_on < ${today}::date),
					'open', count(*) filter (where not a.done and a.due_on >= ${today}::date))
				from action_items a
				where a.org_id = ${org}::uuid and a.removed_at is null
					and a.due_on between ${scope.from}::date and ${scope.to}::date ${actionTeam})
		) as result`;
}

/** One statement for the whole dashboard of a scope (types.ts `ImpactDashboard`). */
export async function loadImpactDashboard(
	db: Executor,
	scope: MetricScope,
	today: string,
	tuning: FunnelQueryTuning = {}
): Promise<ImpactDashboard> {
	const [row] = await funnelStatement<{ result: DashboardJson | string }>(db, impactDashboardQuery(scope, today, tuning));
	const data: DashboardJson = typeof row.result === 'string' ? JSON.parse(row.result) : row.result;
	const groups = data.groups ?? [];
	const total = groups.find((g) => g.month === null && g.team_id === null)?.counts ?? { ...ZERO };
	const byMonth = new Map(groups.filter((g) => g.month !== null).map((g) => [g.month!, g.counts]));
	const byTeam = new Map(groups.filter((g) => g.team_id !== null).map((g) => [g.team_id!, g.counts]));
	const trend: FunnelMonth[] = monthsOf(scope.from, scope.to).map(({ month }) => {
		const counts = byMonth.get(month) ?? { ...ZERO };
		return { month, counts, headline: headline(counts) };
	});
	const teams: TeamFunnel[] = (data.teams ?? [])
		.map((t) => {
			const counts = byTeam.get(t.id) ?? { ...ZERO };
			return { teamId: t.id, teamName: t.name, counts, headline: headline(counts) };
		})
		.sort(compareTeams);
	const mostReused: ReusedLesson[] = (data.top ?? [])
		.map((t) => ({ lessonId: t.lesson_id, title: t.title, originTeamId: t.origin_team_id, reuses: t.reuses }))
		.sort(compareReused);
	return {
		version: METRIC_DEFINITIONS_VERSION,
		scope,
		funnel: funnelOf(total),
		trend,
		teams,
		mostReused,
		medianDaysToImplement: data.median_days,
		actions: data.actions
	};
}

/** The scope's funnel alone (the dashboard's first figure, for callers that need nothing else). */
export async function loadFunnel(db: Executor, scope: MetricScope, tuning: FunnelQueryTuning = {}): Promise<Funnel> {
	const [row] = await funnelStatement<{ counts: FunnelCounts | string }>(
		db,
		sql`with ${stageCtes(scope, tuning)} select ${COUNTS_JSON} as counts from stages`
	);
	return funnelOf(typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts);
}

const STAGE_FILTER: Record<DrillStage, SQL> = {
	captured: sql`true`,
	reused: sql`s.reused`,
	linked: sql`s.linked`,
	measurable: sql`s.measurable`,
	improved: sql`s.improved`,
	targetMet: sql`s.target_met`
};

const CHANGE_FILTER: Record<DrillStage, SQL> = {
	captured: sql`false`,
	reused: sql`false`,
	linked: sql`true`,
	measurable: sql`cf.measurable`,
	improved: sql`cf.improved`,
	targetMet: sql`cf.target_met`
};

interface StageRowRaw {
	lesson_id: string;
	title: string;
	origin_team_id: string;
	source_document_id: string | null;
	published_on: string;
	reuses: number;
	changes: StageChange[] | string | null;
}

/**
 * The lessons behind one funnel number (drill-down), newest publication first, with the process
 * changes that put each there (drill-down.ts `FunnelStageRow`). `limit` caps the list; the
 * dashboard's count says how many there are.
 */
export async function loadFunnelStageRows(
	db: Executor,
	scope: MetricScope,
	stage: DrillStage,
	// The funnel follows lessons up to now; `today` is taken for symmetry with the dashboard.
	_today: string,
	limit = 10_000,
	tuning: FunnelQueryTuning = {}
): Promise<FunnelStageRow[]> {
	const rows = await funnelStatement<StageRowRaw>(
		db,
		sql`with ${stageCtes(scope, tuning)}
		select s.id as lesson_id, s.title, s.origin_team_id, s.source_document_id, s.published_on::text as published_on,
			s.reuses,
			(select json_agg(json_build_object('id', cf.change_id, 'indicator', cf.indicator, 'unit', cf.unit,
					'documentId', cf.document_id) order by cf.change_id)
				from links l join change_flags cf on cf.change_id = l.change_id
				where l.lesson_id = s.id and ${CHANGE_FILTER[stage]}) as changes
		from stages s
		where ${STAGE_FILTER[stage]}
		order by s.published_at desc, s.id
		limit ${limit}`
	);
	return rows.map((r) => ({
		lessonId: r.lesson_id,
		title: r.title,
		originTeamId: r.origin_team_id,
		sourceDocumentId: r.source_document_id,
		publishedOn: r.published_on,
		reuses: Number(r.reuses),
		changes: (typeof r.changes === 'string' ? (JSON.parse(r.changes) as StageChange[]) : r.changes) ?? []
	}));
}

/** An action item behind a follow-through number. */
export interface ActionRow {
	id: string;
	text: string;
	/** The live document it is in; null once that was deleted permanently. */
	documentId: string | null;
	documentTitle: string | null;
	originTeamId: string;
	ownerId: string | null;
	ownerName: string | null;
	dueOn: string;
	done: boolean;
	/** When the projection first saw it done (ISO instant). */
	doneAt: string | null;
}

const BUCKET_FILTER: Record<FollowThroughBucket, (today: string) => SQL> = {
	onTime: () => sql`a.done and a.done_at is not null and (a.done_at at time zone 'Asia/Jakarta')::date <= a.due_on`,
	late: () => sql`a.done and (a.done_at is null or (a.done_at at time zone 'Asia/Jakarta')::date > a.due_on)`,
	overdue: (today) => sql`not a.done and a.due_on < ${today}::date`,
	open: (today) => sql`not a.done and a.due_on >= ${today}::date`
};

/** The action items in one follow-through bucket of the scope, earliest due first. */
export async function loadActionRows(
	db: Executor,
	scope: MetricScope,
	bucket: FollowThroughBucket,
	today: string,
	limit = 10_000
): Promise<ActionRow[]> {
	const team = scope.teamId === null ? sql`` : sql`and a.origin_team_id = ${scope.teamId}::uuid`;
	const rows = await rowsOf<{
		id: string;
		text: string;
		document_id: string | null;
		document_title: string | null;
		origin_team_id: string;
		owner_id: string | null;
		owner_name: string | null;
		due_on: string;
		done: boolean;
		done_at: string | null;
	}>(
		db,
		sql`select a.id, a.text, a.document_id, d.title as document_title, a.origin_team_id, a.owner_id,
			u.name as owner_name, a.due_on::text as due_on, a.done,
			to_char(a.done_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as done_at
		from action_items a
		left join documents d on d.id = a.document_id and d.org_id = ${scope.orgId}::uuid
		left join users u on u.id = a.owner_id
		where a.org_id = ${scope.orgId}::uuid and a.removed_at is null
			and a.due_on between ${scope.from}::date and ${scope.to}::date ${team}
			and ${BUCKET_FILTER[bucket](today)}
		order by a.due_on, a.id
		limit ${limit}`
	);
	return rows.map((r) => ({
		id: r.id,
		text: r.text,
		documentId: r.document_id,
		documentTitle: r.document_title,
		originTeamId: r.origin_team_id,
		ownerId: r.owner_id,
		ownerName: r.owner_name,
		dueOn: r.due_on,
		done: r.done,
		doneAt: r.done_at
	}));
}
