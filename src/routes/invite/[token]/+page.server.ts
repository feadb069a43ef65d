import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { acceptInvitation, InvitationError, previewInvitation } from '$lib/server/repositories/invitations';
import { requireUser } from '$lib/server/authz';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const preview = await previewInvitation(locals.database.db, params.token, new Date());
		return {
			invitation: {
				orgName: preview.orgName,
				teamName: preview.teamName,
				inviterName: preview.inviterName,
				orgRole: preview.orgRole,
				teamRole: preview.teamRole,
				expiresAt: preview.expiresAt,
				problem: preview.problem
			},
			signedIn: locals.user !== null
		};
	} catch (error) {
		if (error instanceof InvitationError) return { invitation: null, signedIn: locals.user !== null };
		throw error;
	}
};

export const actions: Actions = {
	default: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		try {
			const { orgId, teamId } = await acceptInvitation(locals.database.db, params.token, user.id, new Date());
			redirect(303, teamId ? `/o/${orgId}/teams/${teamId}` : `/o/${orgId}`);
		} catch (error) {
			if (error instanceof InvitationError) return fail(400, { problem: error.problem });
			throw error;
		}
	}
};
