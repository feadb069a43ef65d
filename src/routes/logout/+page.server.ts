import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { deleteSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookie';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url, setHeaders }) => {
		// The browser's offline copies of documents (IndexedDB) must not stay behind for the next
		// person on a shared PC. The page deletes them before posting; this covers sign-out without
		// JavaScript (browsers honour it on https and localhost, not on a plain-http LAN address).
		setHeaders({ 'clear-site-data': '"storage"' });
		if (locals.session) await deleteSession(locals.database.db, locals.session.id);
		clearSessionCookie({ cookies, url });
		redirect(303, '/');
	}
};
