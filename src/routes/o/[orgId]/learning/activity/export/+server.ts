import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadPersonActivityRows } from '$lib/server/activity-rows-view';
import { rowsCsv } from '$lib/impact/row-tables';
import { csvFilename, csvResponse, toCsv } from '$lib/impact/csv';

/** The member's own rows behind a number of their year as CSV, like the page. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const view = await loadPersonActivityRows(locals.database.db, locals, url, params.orgId);
	return csvResponse(toCsv(view.table.headers, rowsCsv(view.table)), csvFilename([m.learning_export_file(), view.drill, String(view.year)]));
};
