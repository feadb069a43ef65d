import type { RequestHandler } from './$types';
import { loadImpactRows } from '$lib/server/impact-view';
import { rowsCsv } from '$lib/impact/row-tables';
import { csvFilename, csvResponse, toCsv } from '$lib/impact/csv';

/** The drill-down's rows as CSV: the same rows, headers and redactions as the page. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const view = await loadImpactRows(locals.database.db, locals, url, params.orgId);
	const what = 'stage' in view.what ? view.what.stage : view.what.bucket;
	return csvResponse(
		toCsv(view.table.headers, rowsCsv(view.table)),
		csvFilename(['dampak', 'baris', what, view.teamName ?? '', view.scope.from, view.scope.to])
	);
};
