import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { documentViewers } from '$lib/server/access-loader';
import { listOrgMembers } from '$lib/server/repositories/organizations';
import { listTeamMembers } from '$lib/server/repositories/teams';

/**
 * The people of a document: `GET /api/orgs/<orgId>/documents/<documentId>/people` → `{people:
 * [{id, name, teamMember}]}`, the organisation's members who may view the document (by name). The
 * comments panel names authors with it and offers it for @mentions: a mention of anyone else would
 * notify nobody (the projection checks again). `teamMember`: a member (not a mentor) of the
 * document's team — the people an action item may be given to (the projection checks again). Outsiders, and members who may not view the document,
 * get 404; signed-out callers 401.
 */
export const GET: RequestHandler = ({ locals, params, setHeaders }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'view');
		const members = await listOrgMembers(db, document.orgId);
		const [viewers, team] = await Promise.all([
			documentViewers(db, document, members.map((member) => member.userId)),
			listTeamMembers(db, document.teamId)
		]);
		const teamMembers = new Set(team.filter((t) => t.role === 'member').map((t) => t.userId));
		const people = members
			.filter((member) => viewers.has(member.userId))
			.map((member) => ({ id: member.userId, name: member.name, teamMember: teamMembers.has(member.userId) }));
		setHeaders({ 'cache-control': 'no-store' });
		return json({ people });
	});
