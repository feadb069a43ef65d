import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { awarenessUser } from '$lib/sync/identity';
import { documentStatusSchema, documentVisibilitySchema } from '$lib/document-validation';
import { formValues } from '$lib/validation';
import { can, liveRole } from '$lib/access';
import { documentResource, requireDocument, requireUser } from '$lib/server/authz';
import { problem } from '$lib/server/forms';
import {
	countDocumentHistory,
	deleteDocumentPermanently,
	setDocumentArchived,
	updateDocument
} from '$lib/server/repositories/documents';
import { confirmsName } from '$lib/confirm-delete';
import { findTeam } from '$lib/server/repositories/teams';
import { findDocumentDetails } from '$lib/server/repositories/document-details';
import { loadDocumentSnapshot } from '$lib/server/document-snapshot';
import { reviewActions, loadReview } from './reviews.server';
import { followUpActions } from '$lib/server/open-actions';
import { todayIn } from '$lib/actions/due';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { document, role, membership, sharedRole, teamArchived } = await requireDocument(
		db,
		user,
		params.orgId,
		params.documentId,
		'view'
	);
	const resource = documentResource(document, sharedRole, teamArchived);
	const canDeletePermanently = can(membership, 'deletePermanently', resource);
	const [team, details, snapshot] = await Promise.all([
		findTeam(db, document.orgId, document.teamId),
		findDocumentDetails(db, document.id),
		loadDocumentSnapshot(db, document.id)
	]);
	return {
		document: {
			id: document.id,
			title: document.title,
			type: document.type,
			status: document.status,
			visibility: document.visibility,
			createdAt: document.createdAt,
			updatedAt: document.updatedAt,
			archivedAt: document.archivedAt
		},
		team: team ? { id: team.id, name: team.name, archived: team.archivedAt !== null } : null,
		// The side panel's details: who created it, and the body's words as last projected.
		details,
		// What the editor may do now: an archived document is read-only even for its editors, who
		// keep the settings (restoring it needs them).
		role: liveRole(role, resource.archived ?? false),
		canEdit: can(membership, 'edit', resource),
		// Comment on the text and reply (commenters and editors, not on an archived document).
		canComment: can(membership, 'comment', resource),
		canManage: can(membership, 'manage', resource),
		// What "delete permanently" keeps, shown before an admin confirms it.
		deletion: canDeletePermanently ? await countDocumentHistory(db, document.id) : null,
		// The body as last committed, so the editor is built with it (document-snapshot.ts).
		snapshot,
		// Shown on this user's own caret; the sync server sets the same identity for the others.
		me: awarenessUser(user),
		// The review state, the open request and what this user may do about it.
		review: await loadReview(db, user, document, membership, sharedRole, teamArchived),
		// A retrospective opens with the team's open actions from earlier documents (read live).
		followUp: document.type === 'retrospective' ? await followUpActions(db, user, membership, document, todayIn(new Date())) : null
	};
};

/** Every settings action: signed in, and `manage` on this document (404 outsiders, 403 others). */
async function manage(event: Parameters<Actions[string]>[0]) {
	const user = requireUser(event.locals, event.url);
	const db = event.locals.database.db;
	const access = await requireDocument(db, user, event.params.orgId ?? '', event.params.documentId ?? '', 'manage');
	return { db, user, document: access.document, input: formValues(await event.request.formData()) };
}

export const actions: Actions = {
	// No rename action: the title is the Y.Doc's `title` root, renamed in place in the page's H1
	// and copied into documents.title by the projection (a SQL-only rename would be overwritten).

	status: async (event) => {
		const { db, user, document, input } = await manage(event);
		const parsed = documentStatusSchema.safeParse(input);
		if (!parsed.success) return fail(400, { error: m.error_bad_request() });
		await updateDocument(db, document.id, { status: parsed.data.status }, user.id);
		return { message: m.saved() };
	},

	visibility: async (event) => {
		const { db, user, document, input } = await manage(event);
		const parsed = documentVisibilitySchema.safeParse(input);
		if (!parsed.success) return fail(400, { error: m.error_bad_request() });
		await updateDocument(db, document.id, { visibility: parsed.data.visibility }, user.id);
		return { message: m.saved() };
	},

	archive: async (event) => {
		const { db, user, document } = await manage(event);
		await setDocumentArchived(db, document.id, true, user.id);
		return { message: m.doc_archived_done() };
	},

	unarchive: async (event) => {
		const { db, user, document } = await manage(event);
		await setDocumentArchived(db, document.id, false, user.id);
		return { message: m.doc_unarchived_done() };
	},

	/** Removes the document for good (its lessons and process changes stay as history); admins only. */
	deletePermanently: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { document } = await requireDocument(db, user, params.orgId, params.documentId, 'deletePermanently');
		const confirm = formValues(await request.formData()).confirm ?? '';
		if (!confirmsName(confirm, document.title)) {
			return fail(400, { deleteDocument: problem({ confirm }, {}, m.delete_confirm_mismatch()) });
		}
		await deleteDocumentPermanently(db, document.id);
		redirect(303, `/o/${document.orgId}/teams/${document.teamId}?deleted=document`);
	},

	...reviewActions
};
