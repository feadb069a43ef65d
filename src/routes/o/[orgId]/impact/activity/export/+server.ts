import type { RequestHandler } from './$types';
import { loadTeamActivityRows } from '$lib/server/activity-rows-view';
import { rowsCsv } from '$lib/impact/row-tables';
import { csvFilename, csvResponse, toCsv } from '$lib/impact/csv';

/** A team's rows behind a mix number as CSV: the same rows, headers and withholdings as the page. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const view = await loadTeamActivityRows(locals.database.db, locals, url, params.orgId);
	return csvResponse(toCsv(view.table.headers, rowsCsv(view.table)), csvFilename(['dampak', 'kegiatan', view.drill, view.teamName, view.from, view.to]));
};
