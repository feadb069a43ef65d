import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	createDocumentQuickly,
	createOrgQuickly,
	createTeamQuickly,
	hydrated,
	newPage,
	newUser,
	ORG_NAME,
	registerQuickly,
	sticksOut
} from './helpers';

/**
 * The app shell and the team page (issue 12): sidebar with teams and recent documents, quick
 * search, the phone drawer, the team page's tabs, sorting and live filtering, the team creator
 * as a member. Screenshots of the main pages at both widths are attached as artifacts.
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const path = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path, fullPage: true });
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** axe-core on the page as it is now: WCAG 2.2 A/AA rules, no violations. */
async function expectAccessible(page: Page, state: string): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(result.violations.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Nothing sticks out of the viewport (see `sticksOut`); on failure the message names what does. */
async function expectNoSideways(page: Page, state: string): Promise<void> {
	expect.soft(await sticksOut(page), state).toEqual([]);
}

async function seed(page: Page, label: string) {
	const user = newUser(label, 'Sari Wulandari');
	const context = page.context();
	await registerQuickly(context, user);
	const orgId = await createOrgQuickly(context, ORG_NAME);
	const teamId = await createTeamQuickly(context, orgId, TEAM);
	const docs = {
		antrean: await createDocumentQuickly(context, orgId, teamId, 'Antrean KTP-el melebihi 3 jam', 'failure_analysis'),
		sop: await createDocumentQuickly(context, orgId, teamId, 'Perbaikan SOP layanan akta', 'sop_improvement'),
		retro: await createDocumentQuickly(context, orgId, teamId, 'Retrospektif bulan Mei', 'retrospective')
	};
	return { user, orgId, teamId, docs };
}

test.describe('desktop, 1280×800', () => {
	test.use({ viewport: DESKTOP });

	test('sidebar lists the teams and their recent documents; quick search opens a document by keyboard', async ({ page, request }, testInfo) => {
		const { orgId, teamId, docs } = await seed(page, 'shell-desk');
		await page.goto(`/o/${orgId}`);
		const nav = page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` });
		await expect(nav.getByRole('link', { name: TEAM })).toHaveAttribute('href', `/o/${orgId}/teams/${teamId}`);
		const recent = nav.getByRole('list', { name: `Dokumen terbaru ${TEAM}` });
		// Newest change first.
		await expect(recent.getByRole('link')).toHaveText(['Retrospektif bulan Mei', 'Perbaikan SOP layanan akta', 'Antrean KTP-el melebihi 3 jam']);
		// Places that exist today, and none that do not.
		await expect(nav.getByRole('link', { name: 'Anggota', exact: true })).toBeVisible();
		await expect(nav.getByRole('link', { name: 'Pengaturan', exact: true })).toBeVisible();
		await expect(nav.getByRole('link', { name: /^Kotak masuk/ })).toHaveAttribute('href', `/o/${orgId}/inbox`);
		await expect(nav.getByRole('link', { name: 'Pustaka pelajaran', exact: true })).toHaveAttribute('href', `/o/${orgId}/library`);
		await expect(nav.getByRole('link', { name: 'Dampak', exact: true })).toHaveAttribute('href', `/o/${orgId}/impact`);
		// The top bar's breadcrumbs.
		await expect(page.getByRole('banner').getByRole('navigation', { name: 'Lokasi halaman' })).toContainText(ORG_NAME);
		await expectAccessible(page, 'organisation page');
		await screenshot(page, testInfo, 'desktop-organisation');

		// Quick search: type part of a title, arrow to the hit, Enter opens it. The field loads its
		// combobox when focused, which needs the page hydrated; it searches as one types, so wait for
		// the answer to the whole query and the highlighted hit before choosing.
		await hydrated(page);
		const search = page.getByRole('combobox', { name: 'Cari dokumen' });
		const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/orgs/${orgId}/documents` && new URL(r.url()).searchParams.get('q') === 'akta');
		await search.focus();
		await page.keyboard.type('akta');
		await answered;
		const hit = page.getByRole('option', { name: /Perbaikan SOP layanan akta/ });
		await expect(hit).toBeVisible();
		await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(1);
		await expectAccessible(page, 'quick search open');
		await page.keyboard.press('ArrowDown');
		await expect(hit).toHaveAttribute('data-highlighted', '');
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(`/o/${orgId}/d/${docs.sop}`);
		await expect(search).toHaveValue('');
		await screenshot(page, testInfo, 'desktop-document');

		// The endpoint behind it answers refusals as {code, message} JSON.
		const outsider = await page.request.get(`/api/orgs/${crypto.randomUUID()}/documents?q=a`);
		expect(outsider.status()).toBe(404);
		expect(await outsider.json()).toMatchObject({ code: 'not_found', message: expect.any(String) });
		// `request` is a client without the page's cookies.
		const signedOut = await request.get(`/api/orgs/${orgId}/documents?q=a`);
		expect(signedOut.status()).toBe(401);
		expect(await signedOut.json()).toMatchObject({ code: 'unauthorized' });

		// Collapsing the sidebar is remembered across a reload.
		await page.goto(`/o/${orgId}`);
		await hydrated(page);
		await page.getByRole('button', { name: 'Sembunyikan bilah samping' }).click();
		await expect(nav).toBeHidden();
		await page.reload();
		await expect(page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` })).toBeHidden();
		// The toggle acts once the page is hydrated; a click before that is lost.
		await hydrated(page);
		await page.getByRole('button', { name: 'Tampilkan bilah samping' }).click();
		await expect(page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` })).toBeVisible();

		await page.goto('/account');
		await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(['Profil', 'Kata sandi', 'Token API', 'Hapus akun']);
		await expectAccessible(page, 'account page');
		await screenshot(page, testInfo, 'desktop-account');
		await page.goto(`/o/${orgId}/members`);
		await expect(page.getByRole('table', { name: 'Anggota organisasi' })).toContainText('Sari Wulandari (Anda)');
		await screenshot(page, testInfo, 'desktop-members');
	});

	test('team page: tabs by keyboard and URL, the list sorts and filters live, the creator is a member', async ({ page, browser }, testInfo) => {
		const { user, orgId, teamId } = await seed(page, 'shell-team');
		const teamPath = `/o/${orgId}/teams/${teamId}`;
		await page.goto(teamPath);
		const documentsTab = page.getByRole('tab', { name: /^Dokumen/ });
		await expect(documentsTab).toHaveAttribute('aria-selected', 'true');
		await expectAccessible(page, 'team page');
		await screenshot(page, testInfo, 'desktop-team');

		// Sorting: by title A→Z, then Z→A; the URL holds the order.
		const list = page.getByRole('region', { name: 'Dokumen', exact: true });
		const titles = list.locator('tbody tr td:first-child a');
		await list.getByRole('link', { name: /^Judul/ }).click();
		await expect(page).toHaveURL(/sort=title&dir=asc/);
		await expect(titles).toHaveText(['Antrean KTP-el melebihi 3 jam', 'Perbaikan SOP layanan akta', 'Retrospektif bulan Mei']);
		await expect(list.getByRole('columnheader', { name: /^Judul/ })).toHaveAttribute('aria-sort', 'ascending');
		await list.getByRole('link', { name: /^Judul/ }).click();
		await expect(page).toHaveURL(/sort=title&dir=desc/);
		await expect(titles).toHaveText(['Retrospektif bulan Mei', 'Perbaikan SOP layanan akta', 'Antrean KTP-el melebihi 3 jam']);
		// Author and last editor: the creator, by name.
		await expect(list.getByRole('row').filter({ hasText: 'Retrospektif bulan Mei' })).toContainText('Sari Wulandari');

		// Live filter: the list follows the typing, no button pressed; the sort stays. That is the
		// page's script, and the sort links above may have been full page loads.
		await hydrated(page);
		await list.getByLabel('Cari judul').pressSequentially('SOP');
		await expect(titles).toHaveText(['Perbaikan SOP layanan akta']);
		await expect(page).toHaveURL(/q=SOP/);
		await expect(page).toHaveURL(/sort=title&dir=desc/);
		await expect(list.getByLabel('Cari judul')).toBeFocused();
		await list.getByLabel('Cari judul').fill('');
		await expect(titles).toHaveCount(3);

		// Tabs by keyboard: arrow past "Tindak lanjut" to "Anggota"; the URL names the tab, and a reload keeps it.
		await documentsTab.focus();
		await page.keyboard.press('ArrowRight');
		await expect(page.getByRole('tab', { name: /^Tindak lanjut/ })).toBeFocused();
		await page.keyboard.press('ArrowRight');
		const membersTab = page.getByRole('tab', { name: /^Anggota/ });
		await expect(membersTab).toBeFocused();
		await expect(membersTab).toHaveAttribute('aria-selected', 'true');
		await expect(page).toHaveURL(/[?&]tab=members/);
		// The creator of the team is its member, and the page says which row is "you", spaced.
		const members = page.getByRole('table', { name: 'Anggota tim' });
		await expect(members.getByRole('row').filter({ hasText: user.name })).toContainText(`${user.name} (Anda)`);
		await expect(members.getByRole('row').filter({ hasText: user.name })).toContainText('Anggota tim');
		await screenshot(page, testInfo, 'desktop-team-members');
		await page.reload();
		await expect(page.getByRole('tab', { name: /^Anggota/ })).toHaveAttribute('aria-selected', 'true');
		await expect(page.getByRole('table', { name: 'Anggota tim' })).toBeVisible();
		// Arrow keys move between tabs once the reloaded page is hydrated.
		await hydrated(page);
		await page.getByRole('tab', { name: /^Anggota/ }).focus();
		await page.keyboard.press('ArrowRight');
		await expect(page.getByRole('tab', { name: 'Pengaturan' })).toHaveAttribute('aria-selected', 'true');
		await expect(page.getByRole('region', { name: 'Arsipkan tim' })).toBeVisible();
		await expectAccessible(page, 'team settings tab');

		// The dark scheme (prefers-color-scheme) keeps AA contrast too.
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.goto(teamPath);
		await expectAccessible(page, 'team page, dark');
		await screenshot(page, testInfo, 'desktop-team-dark');
		await page.emulateMedia({ colorScheme: 'light' });

		// Without JavaScript the tabs are links and the filter a GET form.
		const noJs = await newPage(browser, { javaScriptEnabled: false });
		try {
			await noJs.context.addCookies(await page.context().cookies());
			await noJs.page.goto(teamPath);
			await noJs.page.getByRole('tab', { name: /^Anggota/ }).click();
			await expect(noJs.page).toHaveURL(/[?&]tab=members/);
			await expect(noJs.page.getByRole('table', { name: 'Anggota tim' })).toBeVisible();
			await noJs.page.goto(`${teamPath}?q=antrean`);
			await expect(noJs.page.getByRole('region', { name: 'Dokumen', exact: true }).locator('tbody tr')).toHaveCount(1);
		} finally {
			await noJs.context.close();
		}
	});
});

test.describe('phone, 390×844', () => {
	test.use({ viewport: PHONE });

	test('the sidebar is a drawer: it opens from the top bar, keeps focus inside, and Esc closes it and returns focus', async ({ page, browser }, testInfo) => {
		const { orgId, teamId, docs } = await seed(page, 'shell-phone');
		await page.goto(`/o/${orgId}/teams/${teamId}`);
		// No sidebar column on a phone: the organisation's navigation is behind the menu button.
		await expect(page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` })).toBeHidden();
		await expectAccessible(page, 'phone team page');
		await expectNoSideways(page, 'phone team page');
		// Two columns on a phone: the title carries type, status, review state and author on a second line.
		await expect(page.getByRole('main').getByText('Retrospektif tim · Draf · Belum ditinjau · Sari Wulandari')).toBeVisible();
		await expect(page.getByRole('columnheader', { name: /^Penulis/ })).toBeHidden();
		await screenshot(page, testInfo, 'phone-team');

		// The menu button opens the drawer once the page is hydrated; a press before that is lost.
		await hydrated(page);
		const menu = page.getByRole('button', { name: 'Buka menu' });
		await menu.focus();
		await page.keyboard.press('Enter');
		const drawer = page.getByRole('dialog', { name: 'Alur' });
		await expect(drawer).toBeVisible();
		await expect(drawer.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` }).getByRole('link', { name: TEAM })).toBeVisible();
		await expectAccessible(page, 'phone drawer');
		await screenshot(page, testInfo, 'phone-drawer');
		// Focus is trapped: tabbing through every control stays inside the drawer.
		for (let i = 0; i < 15; i += 1) {
			await page.keyboard.press('Tab');
			expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
		}
		await page.keyboard.press('Escape');
		await expect(drawer).toBeHidden();
		await expect(menu).toBeFocused();

		// A link followed in the drawer closes it.
		await menu.click();
		await drawer.getByRole('link', { name: 'Retrospektif bulan Mei' }).click();
		await expect(page).toHaveURL(`/o/${orgId}/d/${docs.retro}`);
		await expect(drawer).toBeHidden();
		await screenshot(page, testInfo, 'phone-document');
		await expectNoSideways(page, 'phone document');

		for (const [name, path] of [
			['phone-organisation', `/o/${orgId}`],
			['phone-members', `/o/${orgId}/members`],
			['phone-account', '/account']
		] as const) {
			await page.goto(path);
			await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
			await screenshot(page, testInfo, name);
			await expectNoSideways(page, name);
		}
		await expectAccessible(page, 'phone account page');

		// Without JavaScript there is no drawer: the sidebar follows the content, links work.
		const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
		try {
			await noJs.addCookies(await page.context().cookies());
			const plain = await noJs.newPage();
			await plain.goto(`/o/${orgId}`);
			await expect(plain.getByRole('button', { name: 'Buka menu' })).toBeHidden();
			await plain.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` }).getByRole('link', { name: TEAM }).click();
			await expect(plain).toHaveURL(`/o/${orgId}/teams/${teamId}`);
		} finally {
			await noJs.close();
		}
	});
});

test('the document header keeps the save state and every control on screen: one row for one person on a phone, and five people from 390 to 1280 px', async ({ page }, testInfo) => {
	const { orgId, docs } = await seed(page, 'shell-header');
	const path = `/o/${orgId}/d/${docs.sop}`;
	// A header that is no landmark (a <header> inside <main>), so found by its class.
	const header = page.locator('header.doc-header');
	// The header's items are centred in their row, so one row is one vertical centre.
	const rows = () =>
		header.locator('.doc-header-end > *').evaluateAll((items) => new Set(items.map((item) => Math.round(item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2))).size);
	// Alone on a phone, the save state and every control fit one row: sharing is an icon there, still named.
	await page.setViewportSize(PHONE);
	await page.goto(path);
	await expect(header.getByRole('status')).toHaveText('Tersimpan');
	await expect(header.getByRole('button', { name: 'Bagikan' })).toBeVisible();
	expect(await rows()).toBe(1);

	// Five tabs of one person are five people here (one caret each): four avatars and "+1".
	const others: Page[] = [];
	for (let i = 0; i < 4; i += 1) {
		const other = await page.context().newPage();
		await other.goto(path);
		others.push(other);
	}
	await page.goto(path);
	await expect(header.getByRole('button', { name: '1 orang lagi' })).toBeVisible();
	await expect(header.getByRole('status')).toHaveText('Tersimpan');

	for (const viewport of [PHONE, { width: 820, height: 1180 }, { width: 1024, height: 768 }, DESKTOP]) {
		await page.setViewportSize(viewport);
		// Every control and the save state, its dot included, lies inside the viewport: a row that
		// overflows to the left cannot even be scrolled to.
		expect(await sticksOut(page), `${viewport.width} px`).toEqual([]);
		await screenshot(page, testInfo, `document-header-${viewport.width}`);
	}
	await Promise.all(others.map((other) => other.close()));
});
