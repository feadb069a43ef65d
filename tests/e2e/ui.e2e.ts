import { expect, test } from '@playwright/test';
import { hydrated, ID, newUser, registerQuickly } from './helpers';

test('the language switch turns the interface to English and back', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await expect(page.getByRole('heading', { level: 1, name: ID.homeTitle })).toBeVisible();

	await page.getByRole('button', { name: 'Ganti bahasa: English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Learning inside the work, judged by its impact' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page).toHaveURL('/');
	const banner = page.getByRole('banner');
	await expect(banner.getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(banner.getByRole('link', { name: 'Register' })).toBeVisible();

	// A page the browser renders itself (client-side navigation) is in English too: the English
	// messages are a module of their own, fetched before hydration (vite/lazy-english-messages.ts).
	// The switch was a full page load: before hydration the link would load the page from the server.
	await hydrated(page);
	await banner.getByRole('link', { name: 'Register' }).click();
	await expect(page).toHaveURL('/register');
	await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
	await expect(page.getByLabel('Password', { exact: true })).toBeVisible();

	// The choice sticks across pages, and forms speak English too.
	await page.goto('/register');
	await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
	await page.getByRole('main').getByRole('button', { name: 'Register' }).click();
	await expect(page.getByRole('main').getByRole('alert').first()).toHaveText('Required.');

	await page.getByRole('button', { name: 'Change language: Bahasa Indonesia' }).click();
	await expect(page).toHaveURL('/register');
	await expect(page.getByRole('heading', { level: 1, name: 'Buat akun' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1, name: ID.homeTitle })).toBeVisible();
});

test('the skip link is the first Tab stop and moves focus to the main content', async ({ page, context }) => {
	for (const signedIn of [false, true]) {
		if (signedIn) await registerQuickly(context, newUser('papan', 'Wulan Sari'));
		await page.goto('/');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: ID.skipLink });
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('main')).toBeFocused();
		await expect(page).toHaveURL(/#main$/);
	}
});
