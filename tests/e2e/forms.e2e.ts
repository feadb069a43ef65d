import { expect, test } from '@playwright/test';
import { createOrg, fillRegisterForm, ID, newPage, newUser, registerQuickly, submitAndWait } from './helpers';

test('registering with different passwords keeps name and e-mail, never the password, and explains in Indonesian', async ({ page }) => {
	const user = newUser('beda', 'Siti Nurhaliza');
	await page.goto('/register');
	await fillRegisterForm(page, user, 'kata-sandi-yang-lain');
	const main = page.getByRole('main');
	const response = await submitAndWait(page, () => main.getByRole('button', { name: ID.register }).click(), '/register');
	const body = await response.text();
	expect(body).not.toContain(user.password);
	expect(body).not.toContain('kata-sandi-yang-lain');

	const confirm = main.getByLabel(ID.passwordConfirm, { exact: true });
	await expect(main.getByRole('alert')).toHaveText(ID.passwordMismatch);
	await expect(confirm).toHaveAttribute('aria-invalid', 'true');
	await expect(confirm).toHaveAccessibleDescription(ID.passwordMismatch);
	await expect(main.getByLabel(ID.name, { exact: true })).toHaveValue(user.name);
	await expect(main.getByLabel(ID.email, { exact: true })).toHaveValue(user.email);
	await expect(page).toHaveURL('/register');
	await expect(page.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
});

test('without JavaScript the re-rendered form keeps the typed values but not the passwords', async ({ browser }) => {
	const { context, page } = await newPage(browser, { javaScriptEnabled: false });
	try {
		const user = newUser('nojs', 'Ahmad Fauzi');
		await page.goto('/register');
		await fillRegisterForm(page, user, 'kata-sandi-yang-lain');
		const main = page.getByRole('main');
		const response = await submitAndWait(page, () => main.getByRole('button', { name: ID.register }).click(), '/register');
		expect(response.status()).toBe(400);
		expect(await response.text()).not.toContain(user.password);
		await expect(main.getByRole('alert')).toHaveText(ID.passwordMismatch);
		await expect(main.getByLabel(ID.name, { exact: true })).toHaveValue(user.name);
		await expect(main.getByLabel(ID.email, { exact: true })).toHaveValue(user.email);
		await expect(main.getByLabel(ID.password, { exact: true })).toHaveValue('');
		await expect(main.getByLabel(ID.passwordConfirm, { exact: true })).toHaveValue('');
	} finally {
		await context.close();
	}
});

test('an e-mail registered in another letter case is refused as already registered', async ({ context: firstContext, browser }) => {
	const first = newUser('ganda', 'Putri Ayu');
	await registerQuickly(firstContext, first);

	const { context, page: second } = await newPage(browser);
	try {
		const copy = { ...first, name: 'Putri Ayu Lestari', email: first.email.toUpperCase() };
		await second.goto('/register');
		await fillRegisterForm(second, copy);
		const main = second.getByRole('main');
		await main.getByRole('button', { name: ID.register }).click();
		await expect(main.getByRole('alert')).toHaveText(ID.emailTaken);
		await expect(main.getByLabel(ID.email, { exact: true })).toHaveAttribute('aria-invalid', 'true');
		await expect(main.getByLabel(ID.name, { exact: true })).toHaveValue(copy.name);
		await expect(main.getByLabel(ID.email, { exact: true })).toHaveValue(copy.email);
		await expect(second).toHaveURL('/register');
		// Still signed out.
		await expect(second.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	} finally {
		await context.close();
	}
});

test('markup in an organisation name is shown as text, and a 10 000-character name is refused', async ({ page, context }) => {
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await registerQuickly(context, newUser('xss', 'Bambang Wijaya'));

	const markup = '<script>alert(1)</script>';
	const orgId = await createOrg(page, markup);
	await expect(page.getByRole('navigation', { name: `Navigasi ${markup}` }).getByText(markup, { exact: true })).toBeVisible();
	await page.goto('/');
	await expect(page.getByRole('main').getByRole('link', { name: markup, exact: true })).toHaveAttribute('href', `/o/${orgId}`);
	await page.goto(`/o/${orgId}/members`);
	await expect(page).toHaveTitle(`Anggota · ${markup} · Alur`);
	expect(dialogs).toEqual([]);

	// Far past the 200-character limit.
	await page.goto('/orgs/new');
	const main = page.getByRole('main');
	const field = main.getByLabel(ID.orgName);
	await field.fill('A'.repeat(10_000));
	await main.getByRole('button', { name: ID.orgCreate }).click();
	await expect(main.getByRole('alert')).toHaveText(ID.tooLongOrgName);
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(page).toHaveURL('/orgs/new');

	// An empty name is refused too; nothing was created by either attempt.
	await field.fill('   ');
	await main.getByRole('button', { name: ID.orgCreate }).click();
	await expect(main.getByRole('alert')).toHaveText('Wajib diisi.');
	await page.goto('/');
	await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);
});
