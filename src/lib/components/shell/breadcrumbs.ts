import { m } from '$lib/paraglide/messages';
import type { Crumb, ShellOrg } from './shell-data';

/** `{id, name}` or `{id, title}` read from page data whose shape the shell does not own. */
function named(value: unknown, key: 'name' | 'title'): { id: string; label: string } | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	const label = v[key];
	return typeof v.id === 'string' && typeof label === 'string' ? { id: v.id, label } : null;
}

/** The top bar's breadcrumbs from the route and its data: organisation → team → page. */
export function breadcrumbsFor(routeId: string | null, shell: ShellOrg | undefined, data: Record<string, unknown>): Crumb[] {
	if (routeId === '/account') return [{ label: m.account_title() }];
	if (routeId === '/orgs/new') return [{ label: m.org_create() }];
	if (!shell || !routeId?.startsWith('/o/[orgId]')) return [];
	const base = `/o/${shell.id}`;
	const crumbs: Crumb[] = [{ label: shell.name, href: base }];
	const team = named(data.team, 'name');
	if (routeId === '/o/[orgId]/members') crumbs.push({ label: m.nav_members() });
	else if (routeId === '/o/[orgId]/settings') crumbs.push({ label: m.nav_settings() });
	else if (team && routeId === '/o/[orgId]/teams/[teamId]') crumbs.push({ label: team.label });
	else if (routeId === '/o/[orgId]/d/[documentId]') {
		if (team) crumbs.push({ label: team.label, href: `${base}/teams/${team.id}` });
		const doc = named(data.document, 'title');
		if (doc) crumbs.push({ label: doc.label });
	}
	return crumbs;
}
