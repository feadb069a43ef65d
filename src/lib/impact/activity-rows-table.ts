import { m } from '../paraglide/messages';
import { formatDate, formatNumber } from '../format';
import type { Cell } from './tables';
import type { RowsTable } from './row-tables';
import { kindsOf, type ActivityDrill, type ActivityKind } from './activity-drill';
import { kindLabel } from './activity-table';

/**
 * The drill-down table of a mix number, for the page and its CSV alike. `'hidden'` is what the
 * viewer may not see: the row is still listed (so the rows add up to the number) and says only
 * that it cannot be opened. `null` is nothing to show (a team's reuse names no person; a document
 * deleted permanently since).
 */
export interface ActivityRowView {
	kind: ActivityKind;
	day: string;
	teamId: string | null;
	person: string | null | 'hidden';
	document: { id: string; title: string } | null | 'hidden';
	lesson: { id: string; title: string } | null | 'hidden';
	/** A training record's course and organiser (admins and the person themself only). */
	course: { course: string; organiser: string } | null | 'hidden';
	/** A training record's JP. */
	hours: number | null;
}

const hidden = (): Cell => ({ display: m.impact_hidden_title(), csv: m.impact_hidden_title() });
const dash: Cell = { display: '–', csv: null };
const text = (value: string, href?: string): Cell => ({ display: value, csv: value, href });

function teamCell(teamId: string | null, teamNames: ReadonlyMap<string, string>): Cell {
	if (teamId === null) return dash;
	return text(teamNames.get(teamId) ?? m.impact_team_unknown());
}

function personCell(person: ActivityRowView['person']): Cell {
	return person === 'hidden' ? hidden() : person === null ? dash : text(person);
}

export function activityRowsTable(orgId: string, drill: ActivityDrill, rows: readonly ActivityRowView[], teamNames: ReadonlyMap<string, string>): RowsTable {
	const day = (r: ActivityRowView): Cell => ({ display: formatDate(r.day), csv: r.day });
	if (drill === 'trainingHours') {
		return {
			headers: [m.activity_col_day(), m.activity_col_person(), m.learning_field_course(), m.learning_field_organiser(), m.learning_field_hours()],
			rows: rows.map((r) => {
				const course: Cell[] =
					r.course === 'hidden'
						? [{ display: m.activity_course_withheld(), csv: m.activity_course_withheld() }, dash]
						: r.course === null
							? [dash, dash]
							: [text(r.course.course), r.course.organiser ? text(r.course.organiser) : dash];
				return [day(r), personCell(r.person), ...course, { display: formatNumber(r.hours ?? 0), csv: r.hours, numeric: true }];
			})
		};
	}
	const reuses = kindsOf(drill).includes('crossTeamReuses');
	return {
		headers: [
			m.activity_col_day(),
			m.activity_col_activity(),
			m.activity_col_person(),
			m.impact_col_document(),
			m.impact_col_team(),
			...(reuses ? [m.impact_col_lesson()] : [])
		],
		rows: rows.map((r) => {
			const doc = r.document === 'hidden' ? hidden() : r.document === null ? dash : text(r.document.title, `/o/${orgId}/d/${r.document.id}`);
			const cells: Cell[] = [day(r), text(kindLabel(r.kind)), personCell(r.person), doc, teamCell(r.teamId, teamNames)];
			if (reuses)
				cells.push(r.lesson === 'hidden' ? hidden() : r.lesson === null ? dash : text(r.lesson.title, `/o/${orgId}/library/${r.lesson.id}`));
			return cells;
		})
	};
}

/** Rows with something withheld from the viewer (a title, a name, a course). */
export function withheldCount(rows: readonly ActivityRowView[]): number {
	return rows.filter((r) => r.document === 'hidden' || r.person === 'hidden' || r.lesson === 'hidden' || r.course === 'hidden').length;
}
