import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireDocument, requireUser } from '$lib/server/authz';
import { findChangeIdByBlock } from '$lib/server/repositories/process-changes';
import { isUuid } from '$lib/ids';

/**
 * The editor's "Tindak lanjut" link on a processChange block: the block knows only its own id,
 * the page needs the projected row's, so this resolves (document, block) and redirects. Access is
 * the document's (404 for anyone who may not view it, other organisations included). A block
 * the projection has not written yet (inserted a moment ago) gets a page saying so.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { document } = await requireDocument(db, user, params.orgId, params.documentId);
	const id = isUuid(params.blockId) ? await findChangeIdByBlock(db, document.orgId, document.id, params.blockId) : null;
	if (id) redirect(303, `/o/${document.orgId}/changes/${id}`);
	return { documentHref: `/o/${document.orgId}/d/${document.id}`, documentTitle: document.title };
};
