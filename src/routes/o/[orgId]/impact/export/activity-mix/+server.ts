import type { RequestHandler } from './$types';
import { loadImpactView } from '$lib/server/impact-view';
import { activityCsvRows, activityMixTable } from '$lib/impact/activity-table';
import { csvFilename, csvResponse, toCsv } from '$lib/impact/csv';

/**
 * The 70:20:10 mix per team as CSV (`/o/<org>/impact/export/activity-mix?team=&from=&to=`): the
 * model the dashboard renders, so the same teams and numbers, headers naming part and column.
 * Authorized and scoped like the dashboard's other exports (a malformed filter is a 400).
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const view = await loadImpactView(locals.database.db, locals, url, params.orgId, true);
	const { scope } = view.dashboard;
	const table = activityMixTable(scope, view.activity);
	const team = scope.teamId ? (view.teamNames.get(scope.teamId) ?? 'tim') : '';
	return csvResponse(toCsv(table.headers, activityCsvRows(table)), csvFilename(['dampak', table.id, team, scope.from, scope.to]));
};
