import type { LayoutServerLoad } from './$types';
import { requireOrg, requireUser } from '$lib/server/authz';
import { can } from '$lib/access';

// Layout data feeds the navigation only; every page below checks access in its own load.
export const load: LayoutServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { org, membership } = await requireOrg(locals.database.db, user, params.orgId);
	return {
		org: { id: org.id, name: org.name },
		orgRole: membership.orgRole,
		canManage: can(membership, 'manageMembers', { kind: 'organisation', orgId: org.id })
	};
};
