import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { problem } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { can } from '$lib/access';
import { ORG_ROLES, TEAM_ROLES } from '$lib/roles';
import { emailField, formValues, validate } from '$lib/validation';
import { isUuid } from '$lib/ids';
import { getConfig } from '$lib/server/config';
import { requireOrg, requireUser } from '$lib/server/authz';
import {
	addOrgMember,
	LastAdminError,
	listOrgMembers,
	removeOrgMember,
	setOrgRole
} from '$lib/server/repositories/organizations';
import { findUserByEmail } from '$lib/server/repositories/users';
import { findTeam, listTeams } from '$lib/server/repositories/teams';
import {
	createInvitation,
	listPendingInvitations,
	revokeInvitation
} from '$lib/server/repositories/invitations';

const roleSchema = z.object({ userId: z.string().refine(isUuid), role: z.enum(ORG_ROLES) });
const addSchema = z.object({ email: emailField, role: z.enum(ORG_ROLES, { error: 'required' }) });
const inviteSchema = z.object({
	orgRole: z.enum(ORG_ROLES),
	teamId: z.string().refine((v) => v === '' || isUuid(v)).default(''),
	teamRole: z.enum(TEAM_ROLES).default('member')
});

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	const canManage = can(membership, 'manageMembers', { kind: 'organisation', orgId: org.id });
	return {
		me: user.id,
		canManage,
		members: await listOrgMembers(db, org.id),
		invitations: canManage ? await listPendingInvitations(db, org.id, new Date()) : [],
		teams: canManage ? (await listTeams(db, org.id, user.id)).map((t) => ({ id: t.id, name: t.name })) : []
	};
};

export const actions: Actions = {
	setRole: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'manageMembers');
		const parsed = roleSchema.safeParse(formValues(await request.formData()));
		if (!parsed.success) return fail(400, { error: m.error_bad_request() });
		try {
			await setOrgRole(db, org.id, parsed.data.userId, parsed.data.role);
		} catch (error) {
			if (error instanceof LastAdminError) return fail(400, { error: m.error_last_admin() });
			throw error;
		}
		return { message: m.saved() };
	},

	remove: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'manageMembers');
		const userId = formValues(await request.formData()).userId ?? '';
		if (!isUuid(userId)) return fail(400, { error: m.error_bad_request() });
		try {
			await removeOrgMember(db, org.id, userId);
		} catch (error) {
			if (error instanceof LastAdminError) return fail(400, { error: m.error_last_admin() });
			throw error;
		}
		return { message: m.member_removed() };
	},

	add: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'manageMembers');
		const input = formValues(await request.formData());
		const values = { email: input.email ?? '', role: input.role ?? 'member' };
		const parsed = validate(addSchema, input);
		if (!parsed.ok) return fail(400, { add: problem(values, parsed.errors) });
		const found = await findUserByEmail(db, parsed.data.email);
		if (!found) return fail(400, { add: problem(values, {}, m.member_add_unknown()) });
		const added = await addOrgMember(db, org.id, found.id, parsed.data.role);
		return { message: added ? m.member_added({ name: found.name }) : m.member_already({ name: found.name }) };
	},

	invite: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'manageMembers');
		const parsed = inviteSchema.safeParse(formValues(await request.formData()));
		if (!parsed.success) return fail(400, { error: m.error_bad_request() });
		const teamId = parsed.data.teamId || null;
		if (teamId && !(await findTeam(db, org.id, teamId))) return fail(400, { error: m.error_bad_request() });
		const expiresAt = new Date(Date.now() + getConfig().INVITATION_DAYS * 86_400_000);
		const { token } = await createInvitation(db, {
			orgId: org.id,
			orgRole: parsed.data.orgRole,
			teamId,
			teamRole: parsed.data.teamRole,
			createdBy: user.id,
			expiresAt
		});
		return { inviteLink: `${url.origin}/invite/${token}`, inviteExpires: expiresAt };
	},

	revokeInvite: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'manageMembers');
		const id = formValues(await request.formData()).id ?? '';
		if (!isUuid(id) || !(await revokeInvitation(db, org.id, id, new Date()))) {
			return fail(400, { error: m.error_bad_request() });
		}
		return { message: m.invite_revoked() };
	},

	leave: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'leave');
		try {
			await removeOrgMember(db, org.id, user.id);
		} catch (error) {
			if (error instanceof LastAdminError) return fail(400, { error: m.error_last_admin_leave() });
			throw error;
		}
		redirect(303, '/');
	}
};
