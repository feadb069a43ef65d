import { m } from '../paraglide/messages';
import { formatDate, formatNumber } from '../format';
import type { Cell } from './tables';
import type { CsvCell } from './csv';

/**
 * The drill-down tables (the rows behind one dashboard number), for the page and its CSV alike.
 * A `null` title is one the viewer may not see: the row is still listed, so it is counted, but it
 * says only that it cannot be opened (no title, no link).
 */

export interface StageRowView {
	lessonId: string;
	title: string | null;
	originTeamId: string;
	publishedOn: string;
	reuses: number;
	/** null: the document was deleted permanently; 'hidden': the viewer may not open it. */
	source: { id: string; title: string } | null | 'hidden';
	changes: { id: string; label: string | null }[];
}

export interface ActionRowView {
	id: string;
	text: string | null;
	document: { id: string; title: string } | null | 'hidden';
	originTeamId: string;
	ownerName: string | null;
	dueOn: string;
	doneAt: string | null;
}

export interface RowsTable {
	headers: string[];
	rows: Cell[][];
}

const hidden = (): Cell => ({ display: m.impact_hidden_title(), csv: m.impact_hidden_title() });
const dash: Cell = { display: '–', csv: null };

function day(value: string): Cell {
	return { display: formatDate(value), csv: value };
}

export function stageRowsTable(orgId: string, rows: readonly StageRowView[], teamNames: ReadonlyMap<string, string>): RowsTable {
	return {
		headers: [m.impact_col_lesson(), m.impact_col_team(), m.impact_col_published(), m.impact_col_reuses(), m.impact_col_source(), m.impact_col_changes()],
		rows: rows.map((r) => [
			r.title === null ? hidden() : { display: r.title, csv: r.title, href: `/o/${orgId}/library/${r.lessonId}` },
			{ display: teamNames.get(r.originTeamId) ?? m.impact_team_unknown(), csv: teamNames.get(r.originTeamId) ?? m.impact_team_unknown() },
			day(r.publishedOn),
			{ display: formatNumber(r.reuses), csv: r.reuses, numeric: true },
			r.source === 'hidden' ? hidden() : r.source === null ? dash : { display: r.source.title, csv: r.source.title, href: `/o/${orgId}/d/${r.source.id}` },
			changesCell(orgId, r.changes)
		])
	};
}

function changesCell(orgId: string, changes: StageRowView['changes']): Cell {
	if (changes.length === 0) return dash;
	const labels = changes.map((c) => c.label ?? m.impact_hidden_title());
	return {
		display: labels.join('; '),
		csv: labels.join('; '),
		links: changes.map((c) => ({ text: c.label ?? m.impact_hidden_title(), href: c.label === null ? undefined : `/o/${orgId}/changes/${c.id}` }))
	};
}

export function actionRowsTable(orgId: string, rows: readonly ActionRowView[], teamNames: ReadonlyMap<string, string>): RowsTable {
	return {
		headers: [m.impact_col_action(), m.impact_col_team(), m.impact_col_document(), m.impact_col_owner(), m.impact_col_due(), m.impact_col_done()],
		rows: rows.map((r) => [
			r.text === null ? hidden() : { display: r.text, csv: r.text },
			{ display: teamNames.get(r.originTeamId) ?? m.impact_team_unknown(), csv: teamNames.get(r.originTeamId) ?? m.impact_team_unknown() },
			r.document === 'hidden' ? hidden() : r.document === null ? dash : { display: r.document.title, csv: r.document.title, href: `/o/${orgId}/d/${r.document.id}` },
			r.ownerName === null ? dash : { display: r.ownerName, csv: r.ownerName },
			day(r.dueOn),
			r.doneAt === null ? { display: m.impact_not_done(), csv: null } : { display: formatDate(r.doneAt), csv: r.doneAt }
		])
	};
}

export function rowsCsv(table: RowsTable): CsvCell[][] {
	return table.rows.map((row) => row.map((c) => c.csv));
}
