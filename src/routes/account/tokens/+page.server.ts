import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/authz';
import { formValues } from '$lib/validation';
import { getOrgRole, listUserOrganizations } from '$lib/server/repositories/organizations';
import {
	API_TOKEN_NAME_MAX,
	TooManyApiTokensError,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/auth/api-tokens';
import { m } from '$lib/paraglide/messages';

/**
 * Personal API tokens (issue 15's metrics API): a user makes a token for one organisation they
 * belong to, sees its secret once, lists their live tokens (name, organisation, created, last
 * used) and revokes them. Only their own: every query is by the signed-in user's id. Forms are
 * posts from this origin (hooks.server.ts refuses cross-site posts).
 */

const createSchema = z.object({
	name: z.string().trim().min(1).max(API_TOKEN_NAME_MAX),
	orgId: z.uuid()
});

type TokenFormErrors = { name?: string; orgId?: string };

function refused(values: { name: string; orgId: string }, errors: TokenFormErrors) {
	return fail(400, { create: { values, errors } });
}

export const load = (async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const [orgs, tokens] = await Promise.all([listUserOrganizations(db, user.id), listApiTokens(db, user.id)]);
	return {
		orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
		tokens,
		/** For the usage example: the address this server answers on. */
		origin: url.origin
	};
}) satisfies PageServerLoad;

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const input = formValues(await request.formData());
		const values = { name: input.name ?? '', orgId: input.orgId ?? '' };
		const parsed = createSchema.safeParse(values);
		const errors: TokenFormErrors = {};
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				if (issue.path[0] === 'name') errors.name = m.impact_tokens_error_name();
				if (issue.path[0] === 'orgId') errors.orgId = m.impact_tokens_error_org();
			}
			return refused(values, errors);
		}
		// An organisation the user does not belong to is refused like a malformed one: nothing says it exists.
		if (!(await getOrgRole(db, parsed.data.orgId, user.id))) {
			return refused(values, { orgId: m.impact_tokens_error_org() });
		}
		try {
			const { token } = await createApiToken(db, { userId: user.id, orgId: parsed.data.orgId, name: parsed.data.name });
			return { created: { name: parsed.data.name, token, orgId: parsed.data.orgId } };
		} catch (e) {
			if (e instanceof TooManyApiTokensError) return refused(values, { name: m.impact_tokens_error_max() });
			throw e;
		}
	},

	revoke: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const input = formValues(await request.formData());
		const revoked = await revokeApiToken(locals.database.db, user.id, input.id ?? '');
		if (!revoked) return fail(404, { revoke: { message: m.impact_tokens_not_found() } });
		return { revoked: true };
	}
};
