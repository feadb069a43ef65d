import { expect, test } from '@playwright/test';
import { hydrated, ID, newUser, registerQuickly } from './helpers';

test('a form post that gets no answer says so in Indonesian and keeps what was typed; sent again, it goes through', async ({ page, context }) => {
	await registerQuickly(context, newUser('offline', 'Dewi Lestari'));
	await page.goto('/orgs/new');
	// Before hydration the form would post natively, and offline the browser shows its own error page.
	await hydrated(page);
	const name = page.getByRole('main').getByLabel(ID.orgName);
	await name.fill('Badan Kepegawaian Daerah');

	await context.setOffline(true);
	await page.getByRole('main').getByRole('button', { name: ID.orgCreate }).click();
	const alert = page.locator('.form-failure');
	await expect(alert).toHaveText(/Formulir tidak terkirim: tidak ada koneksi ke server\./);
	await expect(alert).toHaveAttribute('role', 'alert');
	await expect(page).toHaveURL(/\/orgs\/new$/);
	await expect(name).toHaveValue('Badan Kepegawaian Daerah');

	await context.setOffline(false);
	await page.getByRole('main').getByRole('button', { name: ID.orgCreate }).click();
	await expect(page).toHaveURL(/\/o\/[0-9a-f-]{36}$/);
	await expect(alert).toBeHidden();
});

test('a refused post (another origin) is explained instead of dropped, in the shape each caller reads', async ({ request }) => {
	const base = `http://localhost:${process.env.E2E_PORT}`;
	// As `use:enhance` sends it: an action result the form shows.
	const enhanced = await request.post(`${base}/orgs/new`, {
		form: { name: 'x' },
		headers: { origin: 'http://situs-lain.test', 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	expect(enhanced.status()).toBe(403);
	expect(await enhanced.json()).toEqual({
		type: 'error',
		status: 403,
		error: { code: 'bad_origin', message: expect.stringContaining('dikirim dari situs lain') }
	});
	// A JSON client of /api/*: {code, message}.
	const api = await request.post(`${base}/api/anything`, { data: {}, headers: { origin: 'http://situs-lain.test' } });
	expect(api.status()).toBe(403);
	expect(await api.json()).toMatchObject({ code: 'bad_origin' });
	// No Origin at all (not a browser): refused too.
	const bare = await request.post(`${base}/orgs/new`, { form: { name: 'x' }, headers: { origin: '' } });
	expect(bare.status()).toBe(403);
});

test('/api/* answers an unknown path or method as {code, message} JSON in Indonesian, never the HTML error page', async ({ request }) => {
	const base = `http://localhost:${process.env.E2E_PORT}`;
	const unknown = await request.get(`${base}/api/tidak-ada`);
	expect(unknown.status()).toBe(404);
	expect(unknown.headers()['content-type']).toContain('application/json');
	expect(await unknown.json()).toEqual({ code: 'not_found', message: 'Halaman tidak ditemukan.' });
	// /api/session has GET only.
	const wrongMethod = await request.put(`${base}/api/session`, { data: {}, headers: { origin: base } });
	expect(wrongMethod.status()).toBe(405);
	expect(await wrongMethod.json()).toMatchObject({ code: 'method_not_allowed' });
});
