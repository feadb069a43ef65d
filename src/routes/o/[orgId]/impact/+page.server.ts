import type { PageServerLoad } from './$types';
import { loadImpactView } from '$lib/server/impact-view';
import { actionsTable, funnelTable, mostReusedTable, teamsTable, trendTable, rowsHref } from '$lib/impact/tables';
import { filterQuery } from '$lib/impact/scope-params';
import { activityMixTable } from '$lib/impact/activity-table';

/**
 * The impact dashboard (issue 15, design.md "The impact funnel"): every member of the
 * organisation sees its figures, for the whole organisation or one team, over a period in the
 * URL (default the last 12 months in Asia/Jakarta). The tables are built here, from the same
 * models the CSV exports write, so the page and a file downloaded from it agree.
 */
export const load = (async ({ locals, url, params }) => {
	const db = locals.database.db;
	const view = await loadImpactView(db, locals, url, params.orgId, false);
	const { dashboard: d, resolved } = view;
	const scope = d.scope;
	const query = filterQuery(scope);
	const empty = d.funnel.counts.captured === 0 && d.actions.onTime + d.actions.late + d.actions.overdue + d.actions.open === 0;
	return {
		org: { id: view.org.id, name: view.org.name },
		scope,
		/** The filters as typed, when they could not be used (shown with the reason). */
		problem: resolved.ok ? null : { message: resolved.refusal.message, values: Object.fromEntries(url.searchParams) },
		custom: resolved.ok ? resolved.filters.custom : false,
		query,
		teams: view.teams,
		teamName: scope.teamId ? (view.teamNames.get(scope.teamId) ?? null) : null,
		empty,
		funnel: d.funnel,
		medianDaysToImplement: d.medianDaysToImplement,
		linkedHref: rowsHref(scope, { stage: 'linked' }),
		trend: d.trend.map((t) => ({ month: t.month, captured: t.counts.captured, reused: t.counts.reused, measurable: t.counts.measurable })),
		teamRatios: d.teams.map((t) => ({ label: t.teamName, value: t.headline ?? 0 })),
		actions: d.actions,
		activity: view.activity,
		activityTable: activityMixTable(scope, view.activity),
		tables: {
			funnel: funnelTable(d),
			trend: trendTable(d),
			teams: teamsTable(d),
			mostReused: mostReusedTable(d, view.teamNames),
			actions: actionsTable(d)
		}
	};
}) satisfies PageServerLoad;
