import type { Actions, PageServerLoad } from './$types';
import { authorize, requireOrg, requireUser } from '$lib/server/authz';
import { curationActions } from '$lib/server/curation-actions';
import { countProposed, curationQueue, listTags, mergeCandidates } from '$lib/server/repositories/curation';

/**
 * The curation queue (issue 14): proposed lessons, the longest waiting first, each with its
 * source and the curation forms. Knowledge managers and admins only: other members get 403
 * (they know the library exists), outsiders 404 (`requireOrg`).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	authorize(membership, 'curate', { kind: 'library', orgId: org.id });
	const [queue, waiting, tags, candidates] = await Promise.all([
		curationQueue(db, org.id),
		countProposed(db, org.id),
		listTags(db, org.id),
		mergeCandidates(db, org.id)
	]);
	return { orgId: org.id, queue, waiting, tags, candidates };
};

export const actions: Actions = curationActions;
