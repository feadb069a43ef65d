import { expect, test } from '@playwright/test';
import { hydrated, ID, newPage, newUser, register, registerQuickly, SESSION_COOKIE, submitAndWait } from './helpers';

test('ten wrong passwords lock the account: the page says so and the answer is 429 with Retry-After', async ({ context, browser }) => {
	// Ten attempts and three browser contexts: more than the default budget on a busy machine.
	test.slow();
	const victim = newUser('korban', 'Sri Wahyuni');
	await registerQuickly(context, victim);

	// Without JavaScript every attempt is a real form post, so the HTTP status is the page's own.
	const attacker = await newPage(browser, { javaScriptEnabled: false });
	try {
		const login = attacker.page;
		const statuses: number[] = [];
		for (let attempt = 1; attempt <= 10; attempt++) {
			// A fresh page per attempt: the last one must show its own answer, not the one before.
			await login.goto('/login');
			const main = login.getByRole('main');
			await main.getByLabel(ID.email, { exact: true }).fill(victim.email);
			await main.getByLabel(ID.password, { exact: true }).fill(`salah-${attempt}-bukan-sandinya`);
			const response = await submitAndWait(login, () => main.getByRole('button', { name: ID.login }).click(), '/login');
			statuses.push(response.status());
			if (attempt < 10) continue;

			expect(response.status()).toBe(429);
			expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
			await expect(login.getByRole('alert')).toHaveText(ID.throttled);
			// The e-mail is kept, the password is not.
			await expect(main.getByLabel(ID.email, { exact: true })).toHaveValue(victim.email);
			await expect(main.getByLabel(ID.password, { exact: true })).toHaveValue('');
		}
		// Five free failures, then locked (the lock is checked before the password).
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
	} finally {
		await attacker.context.close();
	}

	// Even the right password is refused while locked, and the enhanced form shows the same message.
	const later = await newPage(browser);
	try {
		const login = later.page;
		await login.goto('/login');
		// The answer must be the enhanced form's (an action result as JSON): before hydration the
		// click would post natively and get the page back instead.
		await hydrated(login);
		const main = login.getByRole('main');
		await main.getByLabel(ID.email, { exact: true }).fill(victim.email.toUpperCase());
		await main.getByLabel(ID.password, { exact: true }).fill(victim.password);
		const response = await submitAndWait(login, () => main.getByRole('button', { name: ID.login }).click(), '/login');
		expect(await response.json()).toMatchObject({ type: 'failure', status: 429 });
		await expect(login.getByRole('alert')).toHaveText(ID.throttled);
		await expect(login).toHaveURL('/login');
		expect((await later.context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	} finally {
		await later.context.close();
	}
});

test('a wrong password and an unknown e-mail get the same answer', async ({ page, context }) => {
	const user = newUser('sama', 'Hendra Gunawan');
	await registerQuickly(context, user);
	// Signing out from the page ends the session.
	await page.goto('/');
	await page.getByRole('banner').getByRole('button', { name: ID.logout }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	// A navigation before the signed-out page has started was aborted once (see quick-start.e2e).
	await hydrated(page);

	for (const email of [user.email, `tidak.ada.${Date.now()}@example.go.id`]) {
		await page.goto('/login');
		const main = page.getByRole('main');
		await main.getByLabel(ID.email, { exact: true }).fill(email);
		await main.getByLabel(ID.password, { exact: true }).fill('bukan-kata-sandinya');
		await main.getByRole('button', { name: ID.login }).click();
		await expect(page.getByRole('alert')).toHaveText(ID.loginFailed);
		await expect(main.getByLabel(ID.email, { exact: true })).toHaveValue(email);
	}

	// The right password signs in (the e-mail in another letter case).
	await page.goto('/login');
	const main = page.getByRole('main');
	await main.getByLabel(ID.email, { exact: true }).fill(user.email.toUpperCase());
	await main.getByLabel(ID.password, { exact: true }).fill(user.password);
	await main.getByRole('button', { name: ID.login }).click();
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('banner').getByRole('link', { name: user.name })).toBeVisible();
});

test('a tampered session cookie is simply signed out', async ({ page, context, baseURL }) => {
	const user = newUser('kue', 'Yusuf Maulana');
	await register(page, user);

	const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
	// Not Secure: the test server is plain http (Secure follows the origin; tests/unit/session-cookie.test.ts).
	expect(cookie, 'session cookie after registering').toMatchObject({ httpOnly: true, secure: false, sameSite: 'Lax', path: '/' });

	// Same session id, one character of the secret changed.
	const [id, secret] = cookie!.value.split('.');
	const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
	for (const value of [`${id}.${flipped}`, 'bukan-token', `${id}.${secret}.x`]) {
		await context.clearCookies({ name: SESSION_COOKIE });
		await context.addCookies([{ ...cookie!, value }]);
		const response = await page.goto('/');
		expect(response?.status(), value).toBe(200);
		await expect(page.getByRole('heading', { level: 1, name: ID.homeTitle })).toBeVisible();
		await expect(page.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
		await expect(page.getByRole('banner').getByRole('link', { name: user.name })).toHaveCount(0);
		await expect(page.getByRole('alert')).toHaveCount(0);
		// The server cleared the bad cookie.
		expect((await context.cookies(baseURL!)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	}

	// Pages that need a session send the visitor to sign in, and back afterwards.
	await page.goto('/orgs/new');
	await expect(page).toHaveURL(`/login?next=${encodeURIComponent('/orgs/new')}`);
});
