import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { formValues, orgNameSchema, validate } from '$lib/validation';
import { requireOrg, requireUser } from '$lib/server/authz';
import { renameOrganization } from '$lib/server/repositories/organizations';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { org } = await requireOrg(locals.database.db, user, params.orgId, 'rename');
	return { name: org.name };
};

export const actions: Actions = {
	rename: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId, 'rename');
		const input = formValues(await request.formData());
		const parsed = validate(orgNameSchema, input);
		if (!parsed.ok) return fail(400, { values: { name: input.name ?? '' }, errors: parsed.errors });
		await renameOrganization(db, org.id, parsed.data.name);
		return { saved: m.saved() };
	}
};
