import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, hydrated, newUser, registerQuickly } from './helpers';

/**
 * Curation in Chromium (issue 14): a lesson written in a failure analysis is proposed from its
 * lesson page, and a knowledge manager (here the organisation's admin, who curates too) adds a
 * tag in the queue's tag list and publishes the lesson with a library title and that tag; the
 * lesson page then shows the title, the tag and the history. axe-core (WCAG 2.2 AA) finds no
 * violation on the lesson page and the queue, with the forms shown.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axe(page: Page, state: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	const found = results.violations.flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} at ${n.target.join(' ')} ${n.html.slice(0, 120)}`));
	expect(found).toEqual([]);
}

/** Writes the lesson block of a new failure analysis and returns the projected lesson's id. */
async function writeLesson(context: BrowserContext, page: Page, orgId: string, teamId: string, doc: string, title: string, body: string): Promise<string> {
	const documentId = await createDocumentQuickly(context, orgId, teamId, doc, 'failure_analysis');
	await page.goto(`/o/${orgId}/d/${documentId}`);
	const editor = page.getByRole('textbox', { name: /^Isi dokumen / });
	await editor.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' }).click();
	await page.keyboard.type(title);
	await page.keyboard.press('Tab');
	// The editor takes focus a frame after Tab (Tiptap's focus()): type the body once it has it.
	await expect(editor).toBeFocused();
	await page.keyboard.type(body);
	await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');
	let lessonId = '';
	await expect(async () => {
		await page.goto(`/o/${orgId}/library?q=${encodeURIComponent(title)}&status=all`);
		const id = (await page.locator('[id*="-hit-"]').first().getAttribute('id', { timeout: 1000 })) ?? '';
		lessonId = id.slice(-36);
		expect(lessonId).toMatch(/^[0-9a-f-]{36}$/);
	}).toPass({ timeout: 30_000 });
	return lessonId;
}

test('a proposed lesson is published with a tag from the queue; the lesson page shows the tag and the history', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext();
	try {
		await registerQuickly(context, newUser('kurator', 'Fajar Pengelola'));
		const orgId = await createOrgQuickly(context, 'Dinas Kurasi');
		const teamId = await createTeamQuickly(context, orgId, 'Bidang Pelayanan');
		const documentId = await createDocumentQuickly(context, orgId, teamId, 'Antrean KTP-el', 'failure_analysis');
		const page = await context.newPage();

		// The failure analysis template has an empty lesson block: write it.
		await page.goto(`/o/${orgId}/d/${documentId}`);
		const editor = page.getByRole('textbox', { name: /^Isi dokumen / });
		const lessonTitle = editor.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' });
		await lessonTitle.click();
		await page.keyboard.type('Nomor antrean daring');
		await page.keyboard.press('Tab');
		// The editor takes focus a frame after Tab (Tiptap's focus()): type the body once it has it.
		await expect(editor).toBeFocused();
		await page.keyboard.type('Warga mengambil nomor dari rumah, tidak datang subuh.');
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// Found in the library (drafts are the team's and the curators'), once projected.
		let lessonId = '';
		await expect(async () => {
			await page.goto(`/o/${orgId}/library?q=antrean&status=all`);
			const heading = page.locator('[id*="-hit-"]').first();
			const id = (await heading.getAttribute('id', { timeout: 1000 })) ?? '';
			lessonId = id.slice(-36);
			expect(lessonId).toMatch(/^[0-9a-f-]{36}$/);
		}).toPass({ timeout: 30_000 });

		// The lesson page of the draft: proposed from there.
		await page.goto(`/o/${orgId}/library/${lessonId}`);
		await expect(page.getByRole('heading', { level: 1, name: 'Nomor antrean daring' })).toBeVisible();
		await expect(page.getByText('Draf', { exact: true })).toBeVisible();
		await axe(page, 'lesson page, draft');
		await page.getByRole('button', { name: 'Usulkan ke pustaka' }).click();
		await expect(page.getByText('Diusulkan', { exact: true }).first()).toBeVisible();
		await page.getByRole('link', { name: 'Antrean kurasi' }).click();

		// The queue: the lesson beside its source, a tag added, then published with it.
		await expect(page.getByRole('heading', { level: 1, name: 'Antrean kurasi' })).toBeVisible();
		const item = page.getByRole('article', { name: 'Nomor antrean daring' });
		await expect(item.getByRole('link', { name: 'Antrean KTP-el' })).toHaveAttribute('href', new RegExp(`/d/${documentId}\\?lesson=`));
		await axe(page, 'queue');
		await page.getByLabel('Nama tag').fill('Pelayanan');
		await page.getByRole('button', { name: 'Tambah tag' }).click();
		await expect(item.getByRole('checkbox', { name: 'Pelayanan' })).toBeVisible();
		// A refusal keeps what was typed: sending back without a note is stopped by the browser,
		// so try the server's own check with a taken tag name.
		await page.getByLabel('Nama tag').fill('pelayanan');
		await page.getByRole('button', { name: 'Tambah tag' }).click();
		await expect(page.getByText('Nama tag ini sudah dipakai.')).toBeVisible();
		await expect(page.getByLabel('Nama tag')).toHaveValue('pelayanan');
		await axe(page, 'queue with a refused tag');

		await item.getByLabel('Judul pustaka').fill('Antrean daring: ambil nomor dari rumah');
		await item.getByRole('checkbox', { name: 'Pelayanan' }).check();
		await item.getByRole('button', { name: 'Terbitkan' }).click();
		await expect(page.getByText('Tidak ada pelajaran yang menunggu kurasi.')).toBeVisible();

		// The lesson page: the library title, the tag, the curator and every step.
		await page.goto(`/o/${orgId}/library/${lessonId}`);
		await expect(page.getByRole('heading', { level: 1, name: 'Antrean daring: ambil nomor dari rumah' })).toBeVisible();
		await expect(page.getByText('Diterbitkan', { exact: true }).first()).toBeVisible();
		const history = page.getByRole('region', { name: 'Riwayat kurasi' });
		await expect(history.getByRole('listitem')).toHaveCount(4);
		await expect(history.getByRole('listitem').nth(0)).toContainText('Diusulkan ke pustaka');
		await expect(history.getByRole('listitem').nth(2)).toContainText('Tag diubah');
		await expect(history.getByRole('listitem').nth(2)).toContainText('Pelayanan');
		await expect(history.getByRole('listitem').nth(3)).toContainText('Diterbitkan');
		await expect(history.getByRole('listitem').nth(3)).toContainText('Fajar Pengelola');
		await expect(page.locator('.tags li')).toHaveText(['Pelayanan']);
		await axe(page, 'lesson page, published with curation forms');
	} finally {
		await context.close();
	}
});

test('a duplicate is merged from the queue with the combobox, by keyboard; its page then redirects to the survivor', async ({ browser }) => {
	test.setTimeout(150_000);
	const context = await browser.newContext();
	try {
		await registerQuickly(context, newUser('penggabung', 'Gita Kurator'));
		const orgId = await createOrgQuickly(context, 'Dinas Gabung');
		const teamId = await createTeamQuickly(context, orgId, 'Bidang Perizinan');
		const page = await context.newPage();
		const survivor = await writeLesson(context, page, orgId, teamId, 'Berkas izin', 'Berkas dicek di satu meja', 'Satu meja memeriksa kelengkapan berkas.');
		const duplicate = await writeLesson(context, page, orgId, teamId, 'Berkas izin lagi', 'Pemeriksaan berkas sekali saja', 'Berkas tidak dicek tiga kali.');
		for (const id of [survivor, duplicate]) {
			await page.goto(`/o/${orgId}/library/${id}`);
			await page.getByRole('button', { name: 'Usulkan ke pustaka' }).click();
			await expect(page.getByText('Diusulkan', { exact: true }).first()).toBeVisible();
		}
		await page.goto(`/o/${orgId}/library/queue`);
		// The merge combobox below searches only once the page is hydrated (before that a click
		// opens nothing and typing asks nothing); hydrated, "Terbitkan" posts without a reload.
		await hydrated(page);
		const first = page.getByRole('article', { name: 'Berkas dicek di satu meja' });
		await first.getByRole('button', { name: 'Terbitkan' }).click();
		await expect(first).toHaveCount(0);

		// Merging into itself is not offered; into the published one, chosen by keyboard.
		const item = page.getByRole('article', { name: 'Pemeriksaan berkas sekali saja' });
		const combobox = item.getByRole('combobox', { name: 'Gabungkan ke pelajaran' });
		// Opening lists every candidate, and each burst of typing asks again: wait for the answer to
		// the whole query, so no late answer redraws the list between the keys that choose.
		const answered = page.waitForResponse((r) => r.url().includes('/lessons/search?') && new URL(r.url()).searchParams.get('q') === 'satu meja');
		await combobox.click();
		await page.keyboard.type('satu meja');
		await answered;
		await expect(page.getByRole('listbox').getByRole('option')).toHaveText([/Berkas dicek di satu meja/]);
		await page.keyboard.press('ArrowDown');
		await expect(page.getByRole('option', { name: /Berkas dicek di satu meja/ })).toHaveAttribute('data-highlighted', '');
		await page.keyboard.press('Enter');
		await expect(combobox).toHaveValue('Berkas dicek di satu meja');
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await axe(page, `queue with a survivor chosen (${scheme})`);
		}
		await item.getByRole('button', { name: 'Gabungkan' }).click();
		await expect(page.getByText('Tidak ada pelajaran yang menunggu kurasi.')).toBeVisible();

		await page.goto(`/o/${orgId}/library/${duplicate}`);
		await expect(page).toHaveURL(new RegExp(`/library/${survivor}$`));
		await expect(page.getByText('Pelajaran yang digabung ke sini: Pemeriksaan berkas sekali saja')).toBeVisible();
		await page.setViewportSize({ width: 390, height: 844 });
		await axe(page, 'lesson page with merged lessons, phone');
	} finally {
		await context.close();
	}
});
