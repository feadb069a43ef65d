import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiHandler, signedOut } from '$lib/server/api';
import { requireOrg } from '$lib/server/authz';
import { libraryViewer, searchLibrary } from '$lib/server/repositories/library-search';

/** Results the editor's lesson picker shows at once. */
const PICKER_RESULTS = 8;

/**
 * The editor's lesson picker (slash menu "Sisipkan pelajaran"): `GET
 * /api/orgs/<orgId>/lessons/search?q=…` → `{lessons: [{id, title, teamName}]}`, published
 * lessons of the organisation only (a reference points at the organisation's knowledge, not at a
 * draft). Any `q` is searched as typed (the repository normalises it): hostile input answers
 * 200 with results or none. Outsiders get 404.
 */
export const GET: RequestHandler = ({ locals, params, url, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { org, membership } = await requireOrg(db, locals.user, params.orgId);
		const result = await searchLibrary(db, libraryViewer(membership, org.id), {
			query: url.searchParams.get('q') ?? '',
			statuses: ['published'],
			pageSize: PICKER_RESULTS
		});
		setHeaders({ 'cache-control': 'no-store' });
		return json({ lessons: result.hits.map((hit) => ({ id: hit.id, title: hit.title, teamName: hit.teamName })) });
	});
