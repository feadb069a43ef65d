import { m } from '$lib/paraglide/messages';
import type { Crumb, ShellOrg } from './shell-data';

/** `{id, name}` read from page data whose shape the shell does not own. */
function named(value: unknown): { id: string; label: string } | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	return typeof v.id === 'string' && typeof v.name === 'string' ? { id: v.id, label: v.name } : null;
}

/** The top bar's breadcrumbs from the route and its data: organisation → team → page. */
export function breadcrumbsFor(routeId: string | null, shell: ShellOrg | undefined, data: Record<string, unknown>): Crumb[] {
	if (routeId === '/account') return [{ label: m.account_title() }];
	if (routeId === '/orgs/new') return [{ label: m.org_create() }];
	if (routeId === '/account/tokens') return [{ label: m.account_title(), href: '/account' }, { label: m.impact_tokens_title() }];
	if (!shell || !routeId?.startsWith('/o/[orgId]')) return [];
	const base = `/o/${shell.id}`;
	const crumbs: Crumb[] = [{ label: shell.name, href: base }];
	const team = named(data.team);
	if (routeId === '/o/[orgId]/members') crumbs.push({ label: m.nav_members() });
	else if (routeId === '/o/[orgId]/settings') crumbs.push({ label: m.nav_settings() });
	else if (routeId === '/o/[orgId]/inbox') crumbs.push({ label: m.nav_inbox() });
	else if (routeId === '/o/[orgId]/library') crumbs.push({ label: m.nav_library() });
	else if (routeId === '/o/[orgId]/impact') crumbs.push({ label: m.impact_nav() });
	else if (routeId === '/o/[orgId]/learning') crumbs.push({ label: m.learning_nav() });
	else if (routeId === '/o/[orgId]/settings/training') crumbs.push({ label: m.nav_settings(), href: `${base}/settings` }, { label: m.training_import_title() });
	else if (routeId === '/o/[orgId]/impact/rows') crumbs.push({ label: m.impact_nav(), href: `${base}/impact` });
	else if (team && routeId === '/o/[orgId]/teams/[teamId]') crumbs.push({ label: team.label });
	else if (routeId === '/o/[orgId]/changes/[id]') {
		if (team) crumbs.push({ label: team.label, href: `${base}/teams/${team.id}?tab=followup` });
		crumbs.push({ label: m.change_page_title() });
	}
	// The document page's sticky header carries its own trail (organisation, team, title), which
	// stays in view while one writes; the top bar repeating it would only take room.
	else if (routeId === '/o/[orgId]/d/[documentId]') return [];
	return crumbs;
}
