import type { PageServerLoad } from './$types';
import { listUserOrganizations } from '$lib/server/repositories/organizations';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { orgs: null };
	return { orgs: await listUserOrganizations(locals.database.db, locals.user.id) };
};
