import type { Actions, PageServerLoad } from './$types';
import { authorize, requireOrg, requireUser } from '$lib/server/authz';
import { curationActions } from '$lib/server/curation-actions';
import { feedbackActions } from '$lib/server/feedback-actions';
import { countProposed, curationQueue, listTags } from '$lib/server/repositories/curation';
import { keepTrueQueue } from '$lib/server/repositories/lesson-feedback';

/**
 * The curation queue (issue 14): proposed lessons, the longest waiting first, each with its
 * source and the curation forms; then the published lessons to keep true — "Perlu diperiksa
 * ulang" (reported outdated, or past their re-check date, with the reason) and "Usulan pensiun"
 * (nobody reused or verified them for a year), both derived by query (keep-true.ts). Knowledge
 * managers and admins only: other members get 403 (they know the library exists), outsiders 404
 * (`requireOrg`).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	authorize(membership, 'curate', { kind: 'library', orgId: org.id });
	const [queue, waiting, tags, keep] = await Promise.all([
		curationQueue(db, org.id),
		countProposed(db, org.id),
		listTags(db, org.id),
		keepTrueQueue(db, org.id)
	]);
	return { orgId: org.id, queue, waiting, tags, recheck: keep.recheck, retire: keep.retire };
};

export const actions: Actions = { ...curationActions, ...feedbackActions };
