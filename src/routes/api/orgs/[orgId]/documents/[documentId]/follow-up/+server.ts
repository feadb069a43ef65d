import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiError, apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { followUpActions } from '$lib/server/open-actions';
import { todayIn } from '$lib/actions/due';
import { m } from '$lib/paraglide/messages';

/**
 * A retrospective's follow-up list, for the page to refresh it live:
 * `GET /api/orgs/<orgId>/documents/<documentId>/follow-up` → `{actions: FollowUpAction[]}`, the
 * team's open actions from its earlier failure analyses and retrospectives that the caller may
 * open (open-actions.ts). Other document types answer 400; outsiders and members who may not view
 * the document 404; signed-out callers 401.
 */
export const GET: RequestHandler = ({ locals, params, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document, membership } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'view');
		if (document.type !== 'retrospective') return apiError(400, 'not_a_retrospective', m.error_bad_request());
		const actions = await followUpActions(db, locals.user, membership, document, todayIn(new Date()));
		setHeaders({ 'cache-control': 'no-store' });
		return json({ actions });
	});
