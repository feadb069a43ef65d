import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { documentLessonStates } from '$lib/server/repositories/document-lessons';

/**
 * The library status of a document's lesson blocks (issue 14 "Propose"): `GET
 * /api/orgs/<orgId>/documents/<documentId>/lessons` → `{lessons: [{blockId, lessonId, status,
 * mayPropose}]}`, one per lesson the projection has written (a block typed seconds ago is not
 * there yet: the editor shows it as a draft). For the document's viewers; anyone else gets 404,
 * the signed-out 401.
 */
export const GET: RequestHandler = ({ locals, params, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document, membership, sharedRole } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'view');
		const lessons = await documentLessonStates(db, membership, document, sharedRole);
		setHeaders({ 'cache-control': 'no-store' });
		return json({ lessons });
	});
