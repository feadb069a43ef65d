import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formValues, orgNameSchema, validate } from '$lib/validation';
import { requireUser } from '$lib/server/authz';
import { createOrganization } from '$lib/server/repositories/organizations';

export const load: PageServerLoad = ({ locals, url }) => {
	requireUser(locals, url);
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const input = formValues(await request.formData());
		const parsed = validate(orgNameSchema, input);
		if (!parsed.ok) return fail(400, { values: { name: input.name ?? '' }, errors: parsed.errors });
		const org = await createOrganization(locals.database.db, parsed.data.name, user.id);
		redirect(303, `/o/${org.id}`);
	}
};
