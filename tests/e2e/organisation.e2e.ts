import { expect, test } from '@playwright/test';
import {
	createOrg,
	createOrgQuickly,
	createTeam,
	createTeamQuickly,
	ID,
	newPage,
	newUser,
	ORG_NAME,
	register,
	registerQuickly
} from './helpers';

const TEAM_NAME = 'Bidang Pelayanan Pendaftaran Penduduk';

test('an admin invites a colleague by link into a team; the colleague registers through it and lands on the team', async ({ page, browser }) => {
	// Two users, an organisation, a team and an invitation: a long story for one test.
	test.slow();
	const admin = newUser('admin', 'Rina Kusumawati');
	await register(page, admin);
	await expect(page.getByRole('heading', { level: 1, name: ID.orgsTitle })).toBeVisible();

	const orgId = await createOrg(page, ORG_NAME);
	await expect(page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` })).toBeVisible();
	const teamId = await createTeam(page, orgId, TEAM_NAME);

	// Members page: an invitation link for the team.
	await page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` }).getByRole('link', { name: 'Anggota' }).click();
	await expect(page).toHaveURL(`/o/${orgId}/members`);
	await expect(page.getByRole('heading', { level: 1, name: 'Anggota organisasi' })).toBeVisible();
	await page.getByLabel(ID.teamOptional).selectOption({ label: TEAM_NAME });
	await page.getByRole('button', { name: ID.inviteCreate }).click();
	const linkField = page.getByLabel(ID.inviteLink);
	await expect(linkField).toHaveValue(/^http:\/\/localhost:\d+\/invite\/[a-z2-9]{48}$/);
	const link = await linkField.inputValue();
	const invitePath = new URL(link).pathname;
	await expect(page.getByRole('heading', { name: 'Undangan yang belum dipakai' })).toBeVisible();

	// The colleague, in their own browser context, opens the link without an account.
	const colleague = newUser('staf', 'Budi Santoso');
	const other = await newPage(browser);
	try {
		const guest = other.page;
		await guest.goto(link);
		await expect(guest.getByRole('heading', { level: 1, name: 'Undangan' })).toBeVisible();
		await expect(guest.getByText(`${admin.name} mengundang Anda bergabung dengan ${ORG_NAME}.`)).toBeVisible();
		await expect(guest.getByText(`Tim: ${TEAM_NAME} (Anggota tim)`)).toBeVisible();
		const registerLink = guest.getByRole('main').getByRole('link', { name: ID.register });
		await expect(registerLink).toHaveAttribute('href', `/register?next=${encodeURIComponent(invitePath)}`);
		await registerLink.click();
		await expect(guest).toHaveURL(`/register?next=${encodeURIComponent(invitePath)}`);

		await register(guest, colleague, { from: guest.url(), landing: new RegExp(`${invitePath}$`) });
		await guest.getByRole('button', { name: ID.inviteAccept }).click();

		await expect(guest).toHaveURL(`/o/${orgId}/teams/${teamId}`);
		await expect(guest.getByRole('heading', { level: 1, name: TEAM_NAME })).toBeVisible();
		// Members are on the team page's second tab.
		await guest.getByRole('tab', { name: /^Anggota/ }).click();
		await expect(guest).toHaveURL(`/o/${orgId}/teams/${teamId}?tab=members`);
		const members = guest.getByRole('table', { name: 'Anggota tim' });
		await expect(members.getByRole('row').filter({ hasText: colleague.name })).toContainText('Anggota tim');

		// The link works once.
		await guest.goto(link);
		await expect(guest.getByRole('alert')).toHaveText('Undangan ini sudah dipakai.');
	} finally {
		await other.context.close();
	}

	// The admin sees the new member.
	await page.goto(`/o/${orgId}/members`);
	await expect(page.getByRole('table', { name: 'Anggota organisasi' }).getByRole('row').filter({ hasText: colleague.email })).toBeVisible();
});

test('a user of another organisation gets 404 on the first organisation\'s pages and actions', async ({ context, browser, baseURL }) => {
	// The first organisation is only the scenery here: made through the same actions, without pages.
	await registerQuickly(context, newUser('pemilik', 'Dewi Lestari'));
	const orgId = await createOrgQuickly(context, ORG_NAME);
	const teamId = await createTeamQuickly(context, orgId, TEAM_NAME);

	const other = await newPage(browser);
	try {
		const outsider = other.page;
		await register(outsider, newUser('luar', 'Agus Pratama'));
		const ownOrg = await createOrg(outsider, 'Badan Kepegawaian Daerah Kota Bogor');
		expect(ownOrg).not.toBe(orgId);

		for (const path of [`/o/${orgId}`, `/o/${orgId}/members`, `/o/${orgId}/settings`, `/o/${orgId}/teams/${teamId}`]) {
			const response = await outsider.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(outsider.getByRole('heading', { level: 1, name: '404' })).toBeVisible();
			await expect(outsider.getByRole('alert')).toHaveText(ID.notFound);
			// Nothing about the other organisation leaks into the page.
			await expect(outsider.locator('body')).not.toContainText(ORG_NAME);
			await expect(outsider.locator('body')).not.toContainText(TEAM_NAME);
		}

		// Form actions answer the same: an outsider cannot mint an invitation to the organisation.
		const post = await outsider.request.post(`/o/${orgId}/members?/invite`, {
			form: { orgRole: 'admin', teamId: '', teamRole: 'member' },
			headers: { origin: baseURL!, 'x-sveltekit-action': 'true' },
			maxRedirects: 0
		});
		expect(post.status()).toBe(404);
		expect(await post.text()).not.toMatch(/\/invite\/[a-z2-9]{48}/);

		// Their own organisation still works.
		const own = await outsider.goto(`/o/${ownOrg}`);
		expect(own?.status()).toBe(200);
		await expect(outsider.getByRole('heading', { level: 1, name: 'Tim (unit kerja)' })).toBeVisible();
	} finally {
		await other.context.close();
	}
});
