import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieName, cookieMaxAge, isLocale } from '$lib/paraglide/runtime';
import { safeNext } from '$lib/server/auth/redirect';

/** Language switch that works without JavaScript: remember the choice in Paraglide's cookie. */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: false });
	}
	const back = form.get('redirect');
	redirect(303, safeNext(typeof back === 'string' ? back : '/'));
};
