import type { PageServerLoad } from './$types';
import { loadPersonActivityRows } from '$lib/server/activity-rows-view';

/** The member's own rows behind a number of their year (Pembelajaran saya), `?kind=&year=`. */
export const load = (async ({ locals, url, params }) => {
	const view = await loadPersonActivityRows(locals.database.db, locals, url, params.orgId);
	const query = new URLSearchParams({ kind: view.drill, year: String(view.year) });
	return {
		org: { id: view.org.id, name: view.org.name },
		drill: view.drill,
		from: view.from,
		to: view.to,
		teamName: null,
		title: view.title,
		table: view.table,
		total: view.total,
		withheld: view.withheld,
		capped: view.capped,
		backHref: `/o/${view.org.id}/learning?year=${view.year}`,
		csvHref: `/o/${view.org.id}/learning/activity/export?${query}`
	};
}) satisfies PageServerLoad;
