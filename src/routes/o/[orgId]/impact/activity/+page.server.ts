import type { PageServerLoad } from './$types';
import { loadTeamActivityRows } from '$lib/server/activity-rows-view';
import { filterQuery } from '$lib/impact/scope-params';

/**
 * The rows behind one team's number of the 70:20:10 mix (`?kind=&team=&from=&to=`): every member
 * may open it, like the dashboard; what a row names is shown only to whoever may see it.
 */
export const load = (async ({ locals, url, params }) => {
	const view = await loadTeamActivityRows(locals.database.db, locals, url, params.orgId);
	const scope = { teamId: view.teamId, from: view.from, to: view.to };
	return {
		org: { id: view.org.id, name: view.org.name },
		drill: view.drill,
		from: view.from,
		to: view.to,
		teamName: view.teamName,
		title: view.title,
		table: view.table,
		total: view.total,
		withheld: view.withheld,
		capped: view.capped,
		backHref: `/o/${view.org.id}/impact?${filterQuery({ teamId: null, from: view.from, to: view.to })}#activity-mix-heading`,
		csvHref: `/o/${view.org.id}/impact/activity/export?${filterQuery(scope, { kind: view.drill })}`
	};
}) satisfies PageServerLoad;
