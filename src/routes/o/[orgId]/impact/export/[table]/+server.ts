import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loadImpactView } from '$lib/server/impact-view';
import { impactTable, isImpactTable, tableCsvRows } from '$lib/impact/tables';
import { csvFilename, csvResponse, toCsv } from '$lib/impact/csv';

/**
 * A dashboard table as CSV (`/o/<org>/impact/export/<table>?team=&from=&to=`): the same model
 * the page renders, so the same headers (in the reader's language) and rows, numbers unformatted
 * and percentages as percent. Authorized like the page; a malformed filter is a 400, never a file
 * of other figures than its address names.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	if (!isImpactTable(params.table)) error(404, { message: 'Not found', code: 'not_found' });
	const view = await loadImpactView(locals.database.db, locals, url, params.orgId, true);
	const table = impactTable(params.table, view.dashboard, view.teamNames);
	const { scope } = view.dashboard;
	const team = scope.teamId ? (view.teamNames.get(scope.teamId) ?? 'tim') : '';
	return csvResponse(toCsv(table.headers, tableCsvRows(table)), csvFilename(['dampak', table.id, team, scope.from, scope.to]));
};
