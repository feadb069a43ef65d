import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, hydrated, newUser, ORG_NAME, registerQuickly } from './helpers';

/**
 * The library search page (issue 14 "Find") in Chromium: lessons written in documents reach the
 * library through the real projection (editor → sync server → SQL); a search with a typo finds
 * them with the matching words highlighted; sort and filters change the URL, which reproduces
 * the search when opened elsewhere, with or without JavaScript; axe finds nothing.
 *
 * The lessons are drafts first (listed to their own team under the "Draf" status); one is then
 * proposed and published through the lesson page's form actions and found in the default view.
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const DESKTOP = { width: 1280, height: 800 };

async function expectAccessible(page: Page, state: string): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(result.violations.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Writes the document's lesson block (its template has one) and waits until it is saved. */
async function writeLesson(page: Page, path: string, title: string, text: string): Promise<void> {
	await page.goto(path);
	const body = page.getByRole('textbox', { name: /^Isi dokumen / });
	// The first connection to the sync server can be slow on a loaded machine.
	await expect(body).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
	const lesson = body.locator('[data-type="lesson"]');
	await lesson.getByRole('textbox', { name: 'Judul pelajaran' }).click();
	await page.keyboard.type(title);
	await expect(lesson.getByRole('textbox', { name: 'Judul pelajaran' })).toHaveValue(title);
	await page.keyboard.press('Tab');
	// In the editor, in the lesson's body, before the body is typed.
	await expect(body).toBeFocused();
	await page.keyboard.type(text);
	await expect(lesson.locator('.block-body')).toHaveText(text);
	await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');
}

/** A form action of the lesson page, posted as `use:enhance` does; anything but success throws. */
async function curate(context: BrowserContext, path: string): Promise<void> {
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const response = await context.request.post(path, {
		form: { libraryTitle: '', librarySummary: '' },
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const result = (await response.json()) as { type: string };
	if (result.type !== 'success') throw new Error(`POST ${path} answered ${response.status()} ${JSON.stringify(result)}`);
}

function results(page: Page) {
	// The list's own items (each result holds a list of its details too).
	return page.getByRole('list', { name: 'Hasil pencarian' }).locator(':scope > li');
}

test('a typo finds lessons with the matching words marked; sort and filters live in the URL; axe finds nothing', async ({ browser }) => {
	test.setTimeout(180_000);
	const context: BrowserContext = await browser.newContext({ viewport: DESKTOP });
	try {
		await registerQuickly(context, newUser('pustaka', 'Rina Kusumawati'));
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamId = await createTeamQuickly(context, orgId, TEAM);
		const failure = await createDocumentQuickly(context, orgId, teamId, 'Antrean KTP-el melebihi 3 jam', 'failure_analysis');
		const retro = await createDocumentQuickly(context, orgId, teamId, 'Retrospektif bulan Mei', 'retrospective');
		const page = await context.newPage();

		// Before anything is written, the library says it is empty.
		await page.goto(`/o/${orgId}/library`);
		await expect(page.getByText('Belum ada pelajaran di pustaka organisasi ini.')).toBeVisible();
		await expectAccessible(page, 'empty library');

		await writeLesson(
			page,
			`/o/${orgId}/d/${failure}`,
			'Layanan antrean perlu nomor urut daring',
			'Pelayanan pagi kewalahan: warga datang subuh untuk mengambil nomor antrean.'
		);
		await writeLesson(page, `/o/${orgId}/d/${retro}`, 'Petugas cadangan saat jam sibuk', 'Petugas yang melayani pemohon perlu pengganti saat istirahat.');

		// The sidebar's place leads to the library.
		await page.goto(`/o/${orgId}`);
		await page.getByRole('navigation', { name: `Navigasi ${ORG_NAME}` }).getByRole('link', { name: 'Pustaka pelajaran', exact: true }).click();
		await expect(page).toHaveURL(`/o/${orgId}/library`);
		await expect(page.getByRole('heading', { level: 1, name: 'Pustaka pelajaran' })).toBeVisible();

		// Drafts are not published: the default view finds none of them, and says so.
		await expect(page.getByText('Tidak ada pelajaran yang cocok dengan saringan ini.')).toBeVisible();

		// Status "Draf" applies at once; focus stays on the filter. That is the page's script (without
		// it the filters wait for "Cari"), and the link above may have been a full page load.
		await hydrated(page);
		const status = page.getByLabel('Status', { exact: true });
		await status.focus();
		await status.selectOption({ label: 'Draf' });
		await expect(page).toHaveURL(`/o/${orgId}/library?status=draft`);
		await expect(status).toBeFocused();

		// A typo ("pelyanan"), typed and sent with Enter. The projection runs a few seconds after
		// the last edit: reload until both lessons are there.
		const field = page.getByRole('searchbox', { name: 'Cari pelajaran' });
		await field.fill('pelyanan');
		await field.press('Enter');
		await expect(page).toHaveURL(`/o/${orgId}/library?q=pelyanan&status=draft`);
		await expect(async () => {
			await page.reload();
			await expect(results(page)).toHaveCount(2, { timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		await expect(page.getByRole('status').filter({ hasText: 'pelajaran untuk' })).toHaveText('2 pelajaran untuk “pelyanan”');
		await expect(page.getByText('Tidak ada yang persis cocok; ini hasil untuk kata yang mirip.')).toBeVisible();
		await expect(field).toHaveValue('pelyanan');

		// The words found are marked, whatever their affixes (stem "layan").
		const layanan = results(page).filter({ hasText: 'Layanan antrean perlu nomor urut daring' });
		await expect(layanan.locator('h2 mark')).toHaveText(['Layanan']);
		await expect(layanan.locator('p mark')).toHaveText(['Pelayanan']);
		await expect(layanan).toContainText('Draf');
		await expect(layanan).toContainText(TEAM);
		await expect(layanan).toContainText('Analisis kegagalan');
		await expect(layanan).toContainText('Dipakai ulang 0×');
		await expect(layanan.getByRole('time')).toHaveText(/^Ditulis \d{1,2} [A-Z][a-z]{2} 20\d\d$/);
		const petugas = results(page).filter({ hasText: 'Petugas cadangan saat jam sibuk' });
		await expect(petugas.locator('p mark')).toHaveText(['melayani']);
		await expectAccessible(page, 'results');

		// Newest first: the retrospective's lesson was written last. The reloads above left a page
		// that applies the sort at once only when hydrated.
		await hydrated(page);
		const sort = page.getByLabel('Urutkan');
		await sort.selectOption({ label: 'Terbaru' });
		await expect(page).toHaveURL(`/o/${orgId}/library?q=pelyanan&status=draft&sort=newest`);
		await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(['Petugas cadangan saat jam sibuk', 'Layanan antrean perlu nomor urut daring']);

		// Document type: failure analyses only.
		await page.getByLabel('Jenis dokumen').selectOption({ label: 'Analisis kegagalan' });
		await expect(page).toHaveURL(`/o/${orgId}/library?q=pelyanan&type=failure_analysis&status=draft&sort=newest`);
		await expect(results(page)).toHaveCount(1);
		await expect(page.getByRole('status').filter({ hasText: 'pelajaran untuk' })).toHaveText('1 pelajaran untuk “pelyanan”');

		// A result opens the lesson's page.
		await results(page).getByRole('link', { name: 'Layanan antrean perlu nomor urut daring' }).click();
		await expect(page).toHaveURL(new RegExp(`/o/${orgId}/library/[0-9a-f-]{36}$`));
		const lessonId = page.url().split('/').pop() ?? '';
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Layanan antrean perlu nomor urut daring');

		// Proposed and published (the lesson page's own form actions, as the curator): now the
		// default view — published lessons — finds it through the same typo.
		await curate(context, `/o/${orgId}/library/${lessonId}?/propose`);
		await curate(context, `/o/${orgId}/library/${lessonId}?/publish`);
		await page.goto(`/o/${orgId}/library?q=pelyanan`);
		await expect(results(page)).toHaveCount(1);
		await expect(results(page).first()).toContainText('Diterbitkan');
		await expect(results(page).first().locator('h2 mark')).toHaveText(['Layanan']);
		await expect(results(page).first().getByRole('time')).toHaveText(/^Diterbitkan \d{1,2} [A-Z][a-z]{2} 20\d\d$/);

		// A query that matches nothing: said so, with a hint.
		await page.goto(`/o/${orgId}/library?q=${encodeURIComponent('kapal selam "ke bulan" & | !:*()<>')}&status=draft`);
		await expect(page.getByText(/^Tidak ada pelajaran yang cocok dengan “kapal selam/)).toBeVisible();
		await expect(page.getByText('Coba kata lain atau lebih sedikit kata, periksa ejaan, atau hapus saringan.')).toBeVisible();
		await expectAccessible(page, 'no match');
		// Hostile input: a page, never an error.
		for (const q of ['a'.repeat(10_000), '\u0000', '🚀🙂', '%_\\', '""']) {
			const response = await page.goto(`/o/${orgId}/library?q=${encodeURIComponent(q)}`);
			expect(response?.status(), q.slice(0, 20)).toBe(200);
		}
	} finally {
		await context.close();
	}
});

test('without JavaScript the search is a plain GET form whose URL holds the query and filters', async ({ browser }) => {
	test.setTimeout(60_000);
	const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
	try {
		await registerQuickly(context, newUser('pustaka-nojs', 'Budi Santoso'));
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const page = await context.newPage();
		await page.goto(`/o/${orgId}/library`);
		await page.getByRole('searchbox', { name: 'Cari pelajaran' }).fill('antrean KTP-el');
		await page.getByLabel('Urutkan').selectOption({ label: 'Paling sering dipakai ulang' });
		await page.getByRole('button', { name: 'Cari', exact: true }).click();
		await expect(page).toHaveURL(/\/library\?q=antrean\+KTP-el&tag=&team=&type=&status=published&period=&sort=most_reused$/);
		await expect(page.getByRole('searchbox', { name: 'Cari pelajaran' })).toHaveValue('antrean KTP-el');
		await expect(page.getByLabel('Urutkan')).toHaveValue('most_reused');
		await expect(page.getByText('Belum ada pelajaran di pustaka organisasi ini.')).toBeVisible();
	} finally {
		await context.close();
	}
});
