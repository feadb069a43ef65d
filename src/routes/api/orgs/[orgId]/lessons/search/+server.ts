import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiHandler, signedOut } from '$lib/server/api';
import { requireOrg } from '$lib/server/authz';
import { libraryViewer, searchLibrary } from '$lib/server/repositories/library-search';

/** Results the editor's lesson picker shows at once. */
const PICKER_RESULTS = 8;
/** Results the merge-survivor combobox shows at once (it searches again as the curator types). */
const MERGE_RESULTS = 20;

/**
 * The editor's lesson picker (slash menu "Sisipkan pelajaran"): `GET
 * /api/orgs/<orgId>/lessons/search?q=…` → `{lessons: [{id, title, teamName}]}`, published
 * lessons of the organisation only (a reference points at the organisation's knowledge, not at a
 * draft). Any `q` is searched as typed (the repository normalises it): hostile input answers
 * 200 with results or none. Outsiders get 404.
 *
 * `merge=1`: the curation forms' merge-survivor combobox — proposed lessons too (a duplicate can
 * be merged into a proposal), each with its `status`, as far as the member may see them (the
 * search applies the lesson page's rule: a curator sees every one).
 */
export const GET: RequestHandler = ({ locals, params, url, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { org, membership } = await requireOrg(db, locals.user, params.orgId);
		const merge = url.searchParams.get('merge') === '1';
		const result = await searchLibrary(db, libraryViewer(membership, org.id), {
			query: url.searchParams.get('q') ?? '',
			statuses: merge ? ['published', 'proposed'] : ['published'],
			pageSize: merge ? MERGE_RESULTS : PICKER_RESULTS
		});
		setHeaders({ 'cache-control': 'no-store' });
		return json({
			lessons: result.hits.map((hit) => ({ id: hit.id, title: hit.title, teamName: hit.teamName, ...(merge ? { status: hit.status } : {}) }))
		});
	});
