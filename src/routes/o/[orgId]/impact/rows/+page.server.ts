import type { PageServerLoad } from './$types';
import { loadImpactRows } from '$lib/server/impact-view';
import { filterQuery } from '$lib/impact/scope-params';

/**
 * The rows behind one dashboard number: the lessons at a funnel stage (`?stage=`) or the action
 * items in a follow-through bucket (`?bucket=`), over the dashboard's team and period. Every
 * member may open it; rows from documents the viewer may not open are listed without their text.
 */
export const load = (async ({ locals, url, params }) => {
	const view = await loadImpactRows(locals.database.db, locals, url, params.orgId);
	const what: Record<string, string> = 'stage' in view.what ? { stage: view.what.stage } : { bucket: view.what.bucket };
	return {
		org: { id: view.org.id, name: view.org.name },
		scope: view.scope,
		teamName: view.teamName,
		title: view.title,
		table: view.table,
		hidden: view.hidden,
		dashboardHref: `/o/${view.org.id}/impact?${filterQuery(view.scope)}`,
		csvHref: `/o/${view.org.id}/impact/rows/export?${filterQuery(view.scope, what)}`
	};
}) satisfies PageServerLoad;
