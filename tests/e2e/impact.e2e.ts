import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly } from './helpers';

/**
 * The impact funnel end to end (issue 15) in Chromium: a lesson written in a failure analysis is
 * proposed and published; another team cites it with "[[" inside the process change of its SOP
 * improvement; the change is marked implemented on its page and two measurements are recorded.
 * After each step the dashboard's funnel moves by exactly one stage, the drill-down behind
 * "Membaik" lists exactly that lesson and that change, a downloaded CSV equals the table, and
 * axe finds nothing on the dashboard.
 */

const TITLE = 'Nomor antrean daring mengurangi antrean subuh';
const INDICATOR = 'Waktu tunggu izin usaha';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const STAGES = ['Diterbitkan', 'Dipakai ulang', 'Ditautkan ke perubahan proses', 'Terukur', 'Membaik'] as const;

async function post(context: BrowserContext, path: string, form: Record<string, string>): Promise<void> {
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const response = await context.request.post(path, {
		form,
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const result = (await response.json()) as { type: string };
	if (result.type !== 'success') throw new Error(`POST ${path} answered ${response.status()} ${JSON.stringify(result)}`);
}

async function openBody(page: Page, path: string) {
	await page.goto(path);
	const body = page.getByRole('textbox', { name: /^Isi dokumen / });
	await expect(body).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
	return body;
}

/** The funnel table's counts, stage by stage, as the page shows them. */
async function funnel(page: Page): Promise<number[]> {
	const table = page.getByRole('table', { name: 'Corong dampak' });
	const counts: number[] = [];
	for (const stage of STAGES) counts.push(Number(await table.getByRole('row', { name: new RegExp(`^${stage} `) }).getByRole('cell').first().innerText()));
	return counts;
}

/** Reloads the dashboard until the funnel shows `expected` (the projection runs after edits settle). */
async function expectFunnel(page: Page, url: string, expected: number[]): Promise<void> {
	await expect(async () => {
		await page.goto(url);
		expect(await funnel(page)).toEqual(expected);
	}).toPass({ timeout: 60_000 });
}

test('a published lesson reused in another team’s process change, implemented and measured, moves the funnel one stage at a time', async ({ browser }, testInfo) => {
	test.setTimeout(300_000);
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	try {
		await registerQuickly(context, newUser('dampak', 'Rina Kusumawati'));
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamA = await createTeamQuickly(context, orgId, 'Bidang Pendaftaran Penduduk');
		const teamB = await createTeamQuickly(context, orgId, 'Bidang Perizinan Usaha');
		const analysis = await createDocumentQuickly(context, orgId, teamA, 'Antrean KTP-el melebihi 3 jam', 'failure_analysis');
		const sop = await createDocumentQuickly(context, orgId, teamB, 'Perbaikan SOP izin usaha', 'sop_improvement');
		const page = await context.newPage();
		const dashboard = `/o/${orgId}/impact`;

		// Nothing yet: the dashboard says what to do, and the sidebar leads to it.
		await page.goto(`/o/${orgId}`);
		await page.getByRole('navigation').getByRole('link', { name: 'Dampak' }).click();
		await expect(page).toHaveURL(dashboard);
		await expect(page.getByRole('heading', { name: 'Belum ada data dampak untuk periode ini' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Buka pustaka pelajaran' })).toBeVisible();

		// 1. The lesson, written in the failure analysis, proposed and published.
		let body = await openBody(page, `/o/${orgId}/d/${analysis}`);
		await body.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' }).click();
		await page.keyboard.type(TITLE);
		await page.keyboard.press('Tab');
		// The editor takes focus a frame after Tab (Tiptap's focus()): type the body once it has it.
		await expect(body).toBeFocused();
		await page.keyboard.type('Warga datang subuh untuk mengambil nomor antrean.');
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');
		await page.goto(`/o/${orgId}/library?status=draft`);
		const draft = page.getByRole('link', { name: TITLE });
		await expect(async () => {
			await page.reload();
			await expect(draft).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		const lessonPath = (await draft.getAttribute('href')) ?? '';
		await post(context, `${lessonPath}?/propose`, {});
		await post(context, `${lessonPath}?/publish`, { libraryTitle: '', librarySummary: '' });
		await expectFunnel(page, dashboard, [1, 0, 0, 0, 0]);
		await expect(page.getByRole('region', { name: 'Rasio dampak' })).toContainText('Belum ada pelajaran yang dipakai ulang');

		// 2. Another team cites it with "[[" inside the process change of its SOP improvement.
		body = await openBody(page, `/o/${orgId}/d/${sop}`);
		const change = body.locator('[data-type="process-change"]');
		await change.getByRole('button', { name: 'Ubah indikator' }).click();
		const dialog = page.getByRole('dialog', { name: 'Indikator perubahan proses' });
		await dialog.getByLabel('Indikator').fill(INDICATOR);
		await dialog.getByLabel('Satuan').fill('hari');
		await dialog.getByLabel('Nilai awal').fill('14');
		await dialog.getByLabel('Target').fill('5');
		await dialog.getByLabel('Arah perbaikan').selectOption({ label: 'Turun (makin rendah makin baik)' });
		await dialog.getByRole('button', { name: 'Terapkan' }).click();
		await expect(dialog).toBeHidden();
		await change.locator('p').first().click();
		await page.keyboard.press('End');
		await page.keyboard.type('Berdasarkan [[');
		const search = page.getByRole('combobox', { name: 'Cari pelajaran terbit' });
		await expect(search).toBeFocused();
		// Enter only once the answer to the whole query is in and its option is the active one.
		const answered = page.waitForResponse((r) => r.url().includes('/lessons/search') && new URL(r.url()).searchParams.get('q') === 'antrean daring');
		await page.keyboard.type('antrean daring');
		await answered;
		const option = page.getByRole('listbox', { name: 'Pelajaran terbit' }).getByRole('option', { name: TITLE });
		await expect(option).toHaveAttribute('aria-selected', 'true');
		// The picker ignores Enter until it has parsed that answer (a moment after the response); the
		// field points at the option (aria-activedescendant) only once it has, so one Enter now holds.
		await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? '');
		await page.keyboard.press('Enter');
		await expect(change.locator('a.lesson-ref-chip')).toHaveText(TITLE, { timeout: 15_000 });
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');
		const blockId = (await change.getAttribute('data-id')) ?? '';
		// Cited inside the change: reused and linked in the same step.
		await expectFunnel(page, dashboard, [1, 1, 1, 0, 0]);
		await expect(page.getByTestId('impact-headline')).toHaveText('0%');

		// 3. Marked implemented on the change's page: no stage moves until it is measured.
		await page.goto(`/o/${orgId}/changes/by-block/${sop}/${blockId}`);
		await expect(page).toHaveURL(new RegExp(`/o/${orgId}/changes/[0-9a-f-]{36}$`));
		const changePath = new URL(page.url()).pathname;
		await page.getByRole('button', { name: 'Tandai sudah diterapkan' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Tersimpan' })).toBeVisible();
		await expectFunnel(page, dashboard, [1, 1, 1, 0, 0]);
		await expect(page.getByTestId('impact-median')).toHaveText('0 hari');

		// 4. A first measurement, no better than the baseline: measurable, not improved.
		await page.goto(changePath);
		await page.getByLabel(/^Nilai/).fill('14');
		await page.getByRole('button', { name: 'Catat pengukuran' }).click();
		await expect(page.getByRole('table').filter({ hasText: '14' })).toBeVisible();
		await expectFunnel(page, dashboard, [1, 1, 1, 1, 0]);
		await expect(page.getByTestId('impact-headline')).toHaveText('100%');

		// 5. A second one, below the target: improved.
		await page.goto(changePath);
		await page.getByLabel(/^Nilai/).fill('4,5');
		await page.getByRole('button', { name: 'Catat pengukuran' }).click();
		await expect(page.getByRole('table').filter({ hasText: '4,5' })).toBeVisible();
		await expectFunnel(page, dashboard, [1, 1, 1, 1, 1]);
		await expect(page.getByRole('table', { name: 'Corong dampak' }).getByRole('row', { name: /^Mencapai target / }).getByRole('cell').first()).toHaveText('1');

		// axe on the dashboard with data: charts hidden from assistive technology, tables beside them.
		// Light and dark, desktop and phone width; each state's screenshot is kept for a reviewer.
		for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await page.setViewportSize({ width, height: 900 });
			await page.reload();
			await expect(page.getByRole('table', { name: 'Corong dampak' })).toBeVisible();
			const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
			expect(results.violations.map((v) => `${scheme} ${width}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			await page.screenshot({ path: testInfo.outputPath(`dashboard-${scheme}-${width}.png`), fullPage: true });
		}
		await page.emulateMedia({ colorScheme: 'light' });
		await page.setViewportSize({ width: 1280, height: 900 });

		// The drill-down behind "Membaik": exactly that lesson and that change.
		await page.getByRole('table', { name: 'Corong dampak' }).getByRole('row', { name: /^Membaik / }).getByRole('link', { name: '1' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Pelajaran: Membaik' })).toBeVisible();
		await expect(page.getByTestId('impact-rows-count')).toHaveText('1 baris');
		const rows = page.getByRole('table', { name: 'Pelajaran: Membaik' }).locator('tbody tr');
		await expect(rows).toHaveCount(1);
		await expect(rows.getByRole('link', { name: TITLE })).toHaveAttribute('href', lessonPath);
		await expect(rows.getByRole('link', { name: `${INDICATOR} (hari)` })).toHaveAttribute('href', changePath);
		await expect(rows.getByRole('link', { name: 'Antrean KTP-el melebihi 3 jam' })).toHaveAttribute('href', `/o/${orgId}/d/${analysis}`);

		// A CSV export equals the table it belongs to.
		await page.goto(dashboard);
		const table = page.getByRole('table', { name: 'Corong dampak' });
		const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh CSV: Corong dampak' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^dampak_funnel_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
		const bytes = await readFile((await download.path())!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n').map((line) => line.split(','));
		expect(lines[0]).toEqual(['Tahap', 'Pelajaran', 'Konversi dari tahap sebelumnya']);
		// Same rows: the stage, its count, and the conversion (the page's "100%" is the file's 100).
		expect(lines.slice(1).map(([stage, count, rate]) => [stage, count, rate === '' ? '–' : `${rate.replace('.', ',')}%`])).toEqual(shown);

		// The same figures through the API, with a personal token made (and then revoked) on the account page.
		await page.goto('/account');
		await page.getByRole('link', { name: 'Token API untuk angka dampak' }).click();
		await page.getByLabel('Nama token').fill('Laporan triwulan');
		await page.getByLabel('Organisasi').selectOption({ label: ORG_NAME });
		await page.getByRole('button', { name: 'Buat token' }).click();
		const secret = page.getByRole('textbox', { name: 'Token baru' });
		await expect(secret).toHaveValue(/^alur_[0-9a-f-]{36}\.[a-z2-9]{24}$/);
		const token = await secret.inputValue();
		const tokenAxe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(tokenAxe.violations.map((v) => v.id)).toEqual([]);
		const api = await context.request.get('/api/v1/metrics', { headers: { authorization: `Bearer ${token}` } });
		expect(api.status()).toBe(200);
		const json = (await api.json()) as { version: string; funnel: { counts: Record<string, number> } };
		expect(json.funnel.counts).toEqual({ captured: 1, reused: 1, linked: 1, measurable: 1, improved: 1, targetMet: 1 });
		await page.reload();
		await expect(page.getByRole('row', { name: /Laporan triwulan/ })).toBeVisible();
		await page.getByRole('button', { name: 'Cabut token Laporan triwulan' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Token dicabut' })).toBeVisible();
		await expect(page.getByRole('row', { name: /Laporan triwulan/ })).toHaveCount(0);
		const revoked = await context.request.get('/api/v1/metrics', { headers: { authorization: `Bearer ${token}` } });
		expect(revoked.status()).toBe(401);
	} finally {
		await context.close();
	}
});
