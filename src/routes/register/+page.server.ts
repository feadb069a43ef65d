import { fail, redirect } from '@sveltejs/kit';
import { problem } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { formValues, registerSchema, validate } from '$lib/validation';
import { createUser, EmailTakenError } from '$lib/server/repositories/users';
import { hashPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { currentSessionPolicy } from '$lib/server/auth/policy';
import { safeNext } from '$lib/server/auth/redirect';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const input = formValues(await request.formData());
		// Typed values come back on error, never the passwords.
		const values = { name: input.name ?? '', email: input.email ?? '' };
		const parsed = validate(registerSchema, input);
		if (!parsed.ok) return fail(400, problem(values, parsed.errors));

		const db = locals.database.db;
		let userId: string;
		try {
			const user = await createUser(db, {
				email: parsed.data.email,
				name: parsed.data.name,
				passwordHash: await hashPassword(parsed.data.password)
			});
			userId = user.id;
		} catch (error) {
			if (error instanceof EmailTakenError) {
				return fail(400, problem(values, { email: 'email_taken' }));
			}
			throw error;
		}
		const { token, expiresAt } = await createSession(db, userId, currentSessionPolicy());
		setSessionCookie({ cookies, url }, token, expiresAt);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
