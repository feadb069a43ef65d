import { m } from '../paraglide/messages';
import { formatNumber } from '../format';
import { MIX_PARTS, type MixPart, type TeamActivityMix } from '../metrics/activity-mix';
import type { Cell } from './tables';
import type { CsvCell } from './csv';
import { filterQuery } from './scope-params';
import { PART_KINDS, type ActivityDrill, type ActivityKind } from './activity-drill';

/**
 * The 70:20:10 mix per team as one model, like the dashboard's other tables (tables.ts): the
 * page renders it (the chart's text alternative, every count a link to the rows behind it) and
 * the CSV export writes the same columns and rows. The page groups the columns under the three
 * parts (two header rows); the CSV's flat headers name the part and the column.
 */

export interface ActivityMixTable {
	id: 'activity-mix';
	/** One per part: its label and how many columns it spans. */
	groups: { part: MixPart; label: string; span: number }[];
	/** The columns' own headers (the first is the team's). */
	columns: string[];
	/** The CSV's headers: "part: column". */
	headers: string[];
	rows: Cell[][];
}

export function kindLabel(kind: ActivityKind): string {
	switch (kind) {
		case 'documentsAuthored':
			return m.learning_count_authored();
		case 'documentDaysEdited':
			return m.learning_count_edited();
		case 'coEditingSessions':
			return m.learning_count_sessions();
		case 'commentsWritten':
			return m.learning_count_comments();
		case 'mentionsReceived':
			return m.learning_count_mentions();
		case 'reviewRequests':
			return m.learning_count_review_requests();
		case 'signOffs':
			return m.learning_count_sign_offs();
		case 'crossTeamReuses':
			return m.learning_count_reuses();
		case 'trainingHours':
			return m.learning_count_training();
	}
}

export function partLabel(part: MixPart): string {
	switch (part) {
		case 'experience':
			return m.learning_mix_experience();
		case 'social':
			return m.learning_mix_social();
		case 'formal':
			return m.learning_mix_formal();
	}
}

/** What a drill-down lists, as its title says it. */
export function drillLabel(drill: ActivityDrill): string {
	return drill === 'experience' || drill === 'social' ? partLabel(drill) : kindLabel(drill);
}

export interface ActivityTableScope {
	orgId: string;
	from: string;
	to: string;
}

/** The drill-down of one team's number of the mix. */
export function activityRowsHref(scope: ActivityTableScope, teamId: string, kind: ActivityDrill): string {
	return `/o/${scope.orgId}/impact/activity?${filterQuery({ teamId, from: scope.from, to: scope.to }, { kind })}`;
}

/** The person's own rows behind a number of their year (Pembelajaran saya). */
export function learningRowsHref(orgId: string, year: number, kind: ActivityDrill): string {
	return `/o/${orgId}/learning/activity?${new URLSearchParams({ kind, year: String(year) })}`;
}

function share(value: number | undefined): Cell {
	return { display: value === undefined ? '–' : `${formatNumber(value)} %`, csv: value ?? null, numeric: true };
}

function count(value: number, href: string): Cell {
	return { display: formatNumber(value), csv: value, href, numeric: true };
}

/** Per part: its share, its total (not for formal: its JP are its one count), then its counts. */
function partColumns(part: MixPart): { label: string; cell: (t: TeamActivityMix, href: (k: ActivityDrill) => string) => Cell }[] {
	const columns: { label: string; cell: (t: TeamActivityMix, href: (k: ActivityDrill) => string) => Cell }[] = [
		{ label: m.learning_mix_share(), cell: (t) => share(t.mix.shares?.[part]) }
	];
	if (part !== 'formal')
		columns.push({ label: m.activity_col_activities(), cell: (t, href) => count(t.mix[part], href(part)) });
	for (const kind of PART_KINDS[part]) columns.push({ label: kindLabel(kind), cell: (t, href) => count(t.mix.counts[kind], href(kind)) });
	return columns;
}

export function activityMixTable(scope: ActivityTableScope, teams: readonly TeamActivityMix[]): ActivityMixTable {
	const parts = MIX_PARTS.map((part) => ({ part, label: partLabel(part), columns: partColumns(part) }));
	const team = m.learning_mix_team();
	return {
		id: 'activity-mix',
		groups: parts.map((p) => ({ part: p.part, label: p.label, span: p.columns.length })),
		columns: [team, ...parts.flatMap((p) => p.columns.map((c) => c.label))],
		headers: [team, ...parts.flatMap((p) => p.columns.map((c) => `${p.label}: ${c.label}`))],
		rows: teams.map((t) => {
			const href = (kind: ActivityDrill) => activityRowsHref(scope, t.teamId, kind);
			return [{ display: t.teamName, csv: t.teamName }, ...parts.flatMap((p) => p.columns.map((c) => c.cell(t, href)))];
		})
	};
}

export function activityCsvRows(table: { rows: Cell[][] }): CsvCell[][] {
	return table.rows.map((row) => row.map((c) => c.csv));
}
