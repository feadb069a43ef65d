import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiError, apiHandler, signedOut } from '$lib/server/api';
import { loadDocumentAccess, requireOrg } from '$lib/server/authz';
import { LESSON_TITLES_MAX, lessonTitles, updatedReferences } from '$lib/server/repositories/lesson-titles';
import { m } from '$lib/paraglide/messages';

const idsParam = z
	.string()
	.transform((value) => value.split(',').filter((id) => id !== ''))
	.pipe(z.array(z.uuid()).min(1).max(LESSON_TITLES_MAX));

/**
 * The titles behind a document's lesson chips: `GET /api/orgs/<orgId>/lessons/titles?ids=a,b` →
 * `{lessons: [{id, title} | {id, unavailable: true}]}`, in the order asked. A lesson the member
 * may not view, another organisation's, or no lesson at all answer alike: unavailable.
 * Malformed ids (not UUIDs, none, more than 50) are a 400; outsiders get 404.
 *
 * With `doc=<documentId>` (the document the chips are in) the answer also has `updatedRefs`: the
 * ids of that document's references whose lesson's library text changed after they were made
 * ("diperbarui"). Empty for a document the user may not view, or of another organisation — the
 * same as one without such references; a malformed `doc` is a 400.
 */
export const GET: RequestHandler = ({ locals, params, url, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { org, membership } = await requireOrg(db, locals.user, params.orgId);
		const parsed = idsParam.safeParse(url.searchParams.get('ids') ?? '');
		if (!parsed.success) return apiError(400, 'invalid_ids', m.error_bad_request());
		const ids = [...new Set(parsed.data)];
		const doc = url.searchParams.get('doc');
		if (doc !== null && !z.uuid().safeParse(doc).success) return apiError(400, 'invalid_doc', m.error_bad_request());
		const titles = await lessonTitles(db, membership, org.id, ids);
		const lessons = ids.map((id) => {
			const title = titles.get(id);
			return title === undefined ? { id, unavailable: true } : { id, title };
		});
		setHeaders({ 'cache-control': 'no-store' });
		if (doc === null) return json({ lessons });
		const access = await loadDocumentAccess(db, locals.user.id, doc);
		const viewable = access !== null && access.document.orgId === org.id && access.role !== null;
		return json({ lessons, updatedRefs: viewable ? await updatedReferences(db, org.id, doc) : [] });
	});
