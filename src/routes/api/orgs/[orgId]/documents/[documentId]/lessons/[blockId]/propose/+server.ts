import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiError, apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { CurationError } from '$lib/server/repositories/curation';
import { proposeDocumentLesson } from '$lib/server/repositories/document-lessons';
import { m } from '$lib/paraglide/messages';

/**
 * "Usulkan ke pustaka" on a lesson block: `POST
 * /api/orgs/<orgId>/documents/<documentId>/lessons/<blockId>/propose` → 200 `{lessonId,
 * status}`. Whoever may view the document reaches the lesson rules (access.ts `lesson`
 * propose: a member of the lesson's team, or an admin), which answer 403; a lesson that is no
 * longer a draft answers 409 `not_draft` with its `status`.
 * A block the projection has not written yet answers 409 `not_projected` (`untitled` while its
 * title has not reached the server): the editor asks again a moment later. Outsiders, unknown or
 * malformed ids and other organisations' documents: 404.
 */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document, membership } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'view');
		try {
			const result = await proposeDocumentLesson(db, membership, document, params.blockId);
			if (!result.ok && result.reason === 'not_draft') {
				// Proposed meanwhile (another tab, a teammate) or further along: the editor shows the status.
				return json({ code: 'not_draft', message: m.library_editor_refused(), status: result.status }, { status: 409, headers: { 'cache-control': 'no-store' } });
			}
			if (!result.ok) {
				const message = result.reason === 'untitled' ? m.library_editor_untitled() : m.library_editor_not_saved();
				return apiError(409, result.reason, message);
			}
			return json({ lessonId: result.lessonId, status: result.status }, { headers: { 'cache-control': 'no-store' } });
		} catch (error) {
			if (!(error instanceof CurationError)) throw error;
			if (error.code === 'not_found') return apiError(404, 'not_found', m.error_not_found());
			if (error.code === 'forbidden') return apiError(403, 'forbidden', m.library_editor_forbidden());
			return apiError(409, error.code, m.library_editor_refused());
		}
	});
