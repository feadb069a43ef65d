import { fail, redirect } from '@sveltejs/kit';
import { problem } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { formValues, loginSchema, validate } from '$lib/validation';
import { findUserByEmail } from '$lib/server/repositories/users';
import { verifyAgainstDummy, verifyPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { currentSessionPolicy } from '$lib/server/auth/policy';
import { safeNext } from '$lib/server/auth/redirect';
import {
	accountKey,
	clearThrottle,
	ipKey,
	recordFailure,
	throttleRetryAfter
} from '$lib/server/auth/throttle';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress, setHeaders }) => {
		const input = formValues(await request.formData());
		const values = { email: input.email ?? '' };
		const parsed = validate(loginSchema, input);
		if (!parsed.ok) return fail(400, problem(values, parsed.errors));

		const db = locals.database.db;
		const keys = [accountKey(parsed.data.email), ipKey(getClientAddress())];
		const throttled = async () => {
			const seconds = await throttleRetryAfter(db, keys, new Date());
			if (seconds === 0) return null;
			setHeaders({ 'retry-after': String(seconds) });
			return fail(429, problem(values, {}, m.login_throttled({ seconds })));
		};
		const before = await throttled();
		if (before) return before;

		const user = await findUserByEmail(db, parsed.data.email);
		const ok = user
			? await verifyPassword(user.passwordHash, parsed.data.password)
			: await verifyAgainstDummy(parsed.data.password);
		if (!user || !ok) {
			const now = new Date();
			await recordFailure(db, 'account', keys[0], now);
			await recordFailure(db, 'ip', keys[1], now);
			// The same answer for an unknown e-mail and a wrong password.
			return (await throttled()) ?? fail(400, problem(values, {}, m.login_failed()));
		}

		await clearThrottle(db, keys[0]);
		const { token, expiresAt } = await createSession(db, user.id, currentSessionPolicy());
		setSessionCookie({ cookies, url }, token, expiresAt);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
