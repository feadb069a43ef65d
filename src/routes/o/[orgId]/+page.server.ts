import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/access';
import { formValues, teamSchema, validate } from '$lib/validation';
import { requireOrg, requireUser } from '$lib/server/authz';
import { createTeam, listTeams } from '$lib/server/repositories/teams';
import { TEAM_ROLES, type TeamRole } from '$lib/roles';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	// Archived teams are out of the list; those who may restore one (admins) see them apart.
	const archived = (await listTeams(db, org.id, user.id, { archived: true })).filter((t) =>
		can(membership, 'archive', { kind: 'team', orgId: org.id, teamId: t.id, archived: true })
	);
	return {
		teams: await listTeams(db, org.id, user.id),
		archivedTeams: archived.map((t) => ({ id: t.id, name: t.name, archivedAt: t.archivedAt })),
		canCreateTeam: can(membership, 'createTeam', { kind: 'organisation', orgId: org.id })
	};
};

export const actions: Actions = {
	createTeam: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'createTeam');
		const input = formValues(await request.formData());
		const parsed = validate(teamSchema, input);
		// The creator joins the team as they chose; a missing or unknown value means member (the default).
		const creatorRole: TeamRole = TEAM_ROLES.find((r) => r === input.creatorRole) ?? 'member';
		if (!parsed.ok) {
			return fail(400, {
				values: { name: input.name ?? '', description: input.description ?? '', creatorRole },
				errors: parsed.errors
			});
		}
		const team = await createTeam(db, org.id, parsed.data, { userId: user.id, role: creatorRole });
		redirect(303, `/o/${org.id}/teams/${team.id}`);
	}
};
