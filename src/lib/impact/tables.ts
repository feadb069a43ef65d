import { m } from '../paraglide/messages';
import { formatNumber } from '../format';
import { FUNNEL_STAGES, type FunnelCounts, type FunnelStage, type ImpactDashboard } from '../metrics/types';

/** A funnel number to open: a stage, or the improved lessons whose change also met its target. */
export type DrillStage = FunnelStage | 'targetMet';
export const DRILL_STAGES: readonly DrillStage[] = [...FUNNEL_STAGES, 'targetMet'];

export function isDrillStage(value: string | null): value is DrillStage {
	return value !== null && (DRILL_STAGES as readonly string[]).includes(value);
}
import type { CsvCell } from './csv';
import { ACTION_BUCKETS, filterQuery, monthWithin, type ActionBucket } from './scope-params';

/**
 * Every table of the impact dashboard as one model: the page renders it (the chart's text
 * alternative, with a link on every number) and the CSV export writes the same headers and rows,
 * so an export can never disagree with what was on screen.
 */

export interface Cell {
	/** As shown: numbers and percentages in id-ID. */
	display: string;
	/** As exported: plain numbers (percentages as percent, one decimal), ISO months and days. */
	csv: CsvCell;
	/** The rows behind the number (drill-down), or the object the cell names. */
	href?: string;
	/** A cell naming several objects (a lesson's process changes): each its own link, or none when hidden. */
	links?: { text: string; href?: string }[];
	numeric?: boolean;
}

export interface TableModel {
	/** Also the CSV file's name part. */
	id: ImpactTableId;
	headers: string[];
	rows: Cell[][];
}

export const IMPACT_TABLES = ['funnel', 'trend', 'teams', 'most-reused', 'actions'] as const;
export type ImpactTableId = (typeof IMPACT_TABLES)[number];

export function isImpactTable(value: string): value is ImpactTableId {
	return (IMPACT_TABLES as readonly string[]).includes(value);
}

const percentFormat = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 });
const monthFormat = new Intl.DateTimeFormat('id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A ratio (0…1) as an id-ID percentage ("33,3%"), or a dash where there is nothing to divide. */
export function formatPercent(ratio: number | null): string {
	return ratio === null ? '–' : percentFormat.format(ratio);
}

export function formatMonth(month: string): string {
	return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

export function stageLabel(stage: FunnelStage | 'targetMet'): string {
	switch (stage) {
		case 'captured':
			return m.impact_stage_captured();
		case 'reused':
			return m.impact_stage_reused();
		case 'linked':
			return m.impact_stage_linked();
		case 'measurable':
			return m.impact_stage_measurable();
		case 'improved':
			return m.impact_stage_improved();
		case 'targetMet':
			return m.impact_stage_target_met();
	}
}

export function bucketLabel(bucket: ActionBucket): string {
	switch (bucket) {
		case 'onTime':
			return m.impact_actions_on_time();
		case 'late':
			return m.impact_actions_late();
		case 'overdue':
			return m.impact_actions_overdue();
		case 'open':
			return m.impact_actions_open();
	}
}

function count(value: number, href?: string): Cell {
	return { display: formatNumber(value), csv: value, href, numeric: true };
}

function ratio(value: number | null): Cell {
	return { display: formatPercent(value), csv: value === null ? null : Math.round(value * 1000) / 10, numeric: true };
}

function text(value: string, href?: string): Cell {
	return { display: value, csv: value, href };
}

export interface Scope {
	orgId: string;
	teamId: string | null;
	from: string;
	to: string;
}

/** The drill-down page of one stage or bucket, over the given scope. */
export function rowsHref(scope: Scope, what: { stage: DrillStage } | { bucket: ActionBucket }): string {
	const extra: Record<string, string> = 'stage' in what ? { stage: what.stage } : { bucket: what.bucket };
	return `/o/${scope.orgId}/impact/rows?${filterQuery(scope, extra)}`;
}

function stageCells(scope: Scope, counts: FunnelCounts, headline: number | null): Cell[] {
	return [...FUNNEL_STAGES.map((stage) => count(counts[stage], rowsHref(scope, { stage }))), ratio(headline)];
}

const stageHeaders = () => [...FUNNEL_STAGES.map(stageLabel), m.impact_headline_short()];

export function funnelTable(d: ImpactDashboard): TableModel {
	const rows: Cell[][] = FUNNEL_STAGES.map((stage) => [
		text(stageLabel(stage)),
		count(d.funnel.counts[stage], rowsHref(d.scope, { stage })),
		stage === 'captured' ? ratio(null) : ratio(d.funnel.conversion[stage])
	]);
	// Reaching the target is part of "improved", not a stage of its own: its rate is of the improved.
	rows.push([
		text(stageLabel('targetMet')),
		count(d.funnel.counts.targetMet, rowsHref(d.scope, { stage: 'targetMet' })),
		ratio(d.funnel.counts.improved === 0 ? null : d.funnel.counts.targetMet / d.funnel.counts.improved)
	]);
	return { id: 'funnel', headers: [m.impact_col_stage(), m.impact_col_lessons(), m.impact_col_conversion()], rows };
}

export function trendTable(d: ImpactDashboard): TableModel {
	return {
		id: 'trend',
		headers: [m.impact_col_month(), ...stageHeaders()],
		rows: d.trend.map((month) => {
			const within = monthWithin(month.month, d.scope.from, d.scope.to);
			return [
				{ display: formatMonth(month.month), csv: month.month },
				...stageCells({ ...d.scope, ...within }, month.counts, month.headline)
			];
		})
	};
}

export function teamsTable(d: ImpactDashboard): TableModel {
	return {
		id: 'teams',
		headers: [m.impact_col_team(), ...stageHeaders()],
		rows: d.teams.map((team) => [text(team.teamName), ...stageCells({ ...d.scope, teamId: team.teamId }, team.counts, team.headline)])
	};
}

export function mostReusedTable(d: ImpactDashboard, teamNames: ReadonlyMap<string, string>): TableModel {
	return {
		id: 'most-reused',
		headers: [m.impact_col_lesson(), m.impact_col_team(), m.impact_col_reuses()],
		rows: d.mostReused.map((lesson) => [
			text(lesson.title, `/o/${d.scope.orgId}/library/${lesson.lessonId}`),
			text(teamNames.get(lesson.originTeamId) ?? m.impact_team_unknown()),
			// The lesson page lists the documents reusing it: the rows behind this count.
			count(lesson.reuses, `/o/${d.scope.orgId}/library/${lesson.lessonId}`)
		])
	};
}

export function actionsTable(d: ImpactDashboard): TableModel {
	return {
		id: 'actions',
		headers: [m.impact_col_follow_through(), m.impact_col_actions()],
		rows: ACTION_BUCKETS.map((bucket) => [text(bucketLabel(bucket)), count(d.actions[bucket], rowsHref(d.scope, { bucket }))])
	};
}

export function impactTable(id: ImpactTableId, d: ImpactDashboard, teamNames: ReadonlyMap<string, string>): TableModel {
	switch (id) {
		case 'funnel':
			return funnelTable(d);
		case 'trend':
			return trendTable(d);
		case 'teams':
			return teamsTable(d);
		case 'most-reused':
			return mostReusedTable(d, teamNames);
		case 'actions':
			return actionsTable(d);
	}
}

export function tableCsvRows(table: TableModel): CsvCell[][] {
	return table.rows.map((row) => row.map((c) => c.csv));
}
