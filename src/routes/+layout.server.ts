import type { LayoutServerLoad } from './$types';
import { listUserOrganizations } from '$lib/server/repositories/organizations';

export const load: LayoutServerLoad = async ({ locals }) => {
	if (!locals.user) return { user: null, orgs: [] };
	const orgs = await listUserOrganizations(locals.database.db, locals.user.id);
	return { user: locals.user, orgs: orgs.map((o) => ({ id: o.id, name: o.name })) };
};
