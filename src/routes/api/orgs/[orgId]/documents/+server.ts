import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DOCUMENT_QUERY_MAX } from '$lib/document-validation';
import { apiHandler, signedOut } from '$lib/server/api';
import { readableDocuments, requireOrg } from '$lib/server/authz';
import { searchDocuments } from '$lib/server/repositories/documents';

/** At most this many hits: a quick search names a few documents, it is not a listing. */
const LIMIT = 10;

/**
 * The sidebar's quick search: `GET /api/orgs/<orgId>/documents?q=<title part>` → `{documents:
 * [{id, title, teamId, teamName}]}`, the organisation's live documents the caller may open, by
 * title, newest change first. Outsiders of the organisation get 404, signed-out callers 401.
 */
export const GET: RequestHandler = ({ locals, params, url, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { org, membership } = await requireOrg(db, locals.user, params.orgId);
		const query = (url.searchParams.get('q') ?? '').slice(0, DOCUMENT_QUERY_MAX);
		const rows = await searchDocuments(db, {
			orgId: org.id,
			userId: locals.user.id,
			query,
			// Admins and knowledge managers have a role on every document of the organisation.
			broad: membership.orgRole === 'admin' || membership.orgRole === 'knowledge_manager',
			teamIds: Object.keys(membership.teamRoles),
			limit: LIMIT
		});
		// The SQL narrowed by the same rules; every hit is still judged by documentRole itself.
		const readable = await readableDocuments(db, locals.user, membership, org.id, rows, (r) => r.teamId);
		const documents = readable.map((r) => ({ id: r.id, title: r.title, teamId: r.teamId, teamName: r.teamName }));
		setHeaders({ 'cache-control': 'no-store' });
		return json({ documents });
	});
