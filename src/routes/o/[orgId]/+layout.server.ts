import type { LayoutServerLoad } from './$types';
import { requireOrg, requireUser } from '$lib/server/authz';
import { can } from '$lib/access';
import { listTeams } from '$lib/server/repositories/teams';
import { listRecentTeamDocuments } from '$lib/server/repositories/documents';
import { countUnread } from '$lib/server/repositories/notifications';
import type { ShellOrg } from '$lib/components/shell/shell-data';

/** Recent documents per team in the sidebar: enough to jump back, few enough to scan. */
const RECENT_PER_TEAM = 5;

// Layout data feeds the navigation only; every page below checks access in its own load.
// It depends on the organisation only, not on the URL: otherwise every navigation inside the
// organisation (a tab, each keystroke of the team list's live filter) would re-read the
// membership, the teams and their recent documents. Form actions still refresh it.
export const load: LayoutServerLoad = async ({ locals, url, params, untrack }) => {
	const user = untrack(() => requireUser(locals, url));
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	const canManage = can(membership, 'manageMembers', { kind: 'organisation', orgId: org.id });
	// The user's own live teams: a member or mentor may open all of a team's documents.
	const teams = (await listTeams(db, org.id, user.id)).filter((t) => t.myRole !== null);
	const recent = await listRecentTeamDocuments(
		db,
		teams.map((t) => t.id),
		RECENT_PER_TEAM
	);
	const shell: ShellOrg = {
		id: org.id,
		name: org.name,
		canManage,
		unread: await countUnread(db, user.id, org.id),
		teams: teams.map((t) => ({
			id: t.id,
			name: t.name,
			documents: recent.filter((d) => d.teamId === t.id).map((d) => ({ id: d.id, title: d.title }))
		}))
	};
	return {
		org: { id: org.id, name: org.name },
		orgRole: membership.orgRole,
		canManage,
		shell
	};
};
