import type { LayoutServerLoad } from './$types';
import { listUserOrganizations } from '$lib/server/repositories/organizations';
import { SIDEBAR_COOKIE } from '$lib/components/shell/sidebar-state';

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
	// Read on the server so a collapsed sidebar is collapsed in the first paint, without a flash.
	const sidebarCollapsed = cookies.get(SIDEBAR_COOKIE) === 'collapsed';
	if (!locals.user) return { user: null, orgs: [], sidebarCollapsed };
	const orgs = await listUserOrganizations(locals.database.db, locals.user.id);
	return { user: locals.user, orgs: orgs.map((o) => ({ id: o.id, name: o.name })), sidebarCollapsed };
};
