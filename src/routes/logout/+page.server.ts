import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { deleteSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookie';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await deleteSession(locals.database.db, locals.session.id);
		clearSessionCookie({ cookies, url });
		redirect(303, '/');
	}
};
