import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, hydrated, newUser, registerQuickly } from './helpers';
import { addDays, jakartaDay } from '../../src/lib/impact/calendar';

/**
 * A process change's follow-through (issue 15): its indicator written in an SOP improvement, the
 * block's "Tindak lanjut" link to its page, the owner picked by name with the keyboard, the change
 * marked implemented, two measurements recorded — a bad one first, refused with the field's error
 * and every typed value kept — then the chart's table listing them. axe-core (WCAG 2.2 AA) finds
 * no violation on the page, empty and with measurements.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axe(page: Page, state: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	const found = results.violations.flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} at ${n.target.join(' ')} ${n.html.slice(0, 120)}`));
	expect(found).toEqual([]);
}

test('a process change is followed from its block: owner, implemented, measured, charted', async ({ page, context }, testInfo) => {
	test.setTimeout(180_000);
	const rina = newUser('pc-owner', 'Rina Kusumawati');
	await registerQuickly(context, rina);
	const orgId = await createOrgQuickly(context, 'Disdukcapil Kota Bandung');
	const teamId = await createTeamQuickly(context, orgId, 'Bidang Pelayanan');
	const documentId = await createDocumentQuickly(context, orgId, teamId, 'Perbaikan SOP KTP-el', 'sop_improvement');
	const today = jakartaDay(new Date());

	await page.goto(`/o/${orgId}/d/${documentId}`);
	const block = page.getByRole('textbox', { name: /^Isi dokumen / }).locator('[data-type="process-change"]');
	await block.getByRole('button', { name: 'Ubah indikator' }).click();
	const dialog = page.getByRole('dialog', { name: 'Indikator perubahan proses' });
	await dialog.getByLabel('Indikator').fill('Waktu layanan KTP-el');
	await dialog.getByLabel('Satuan').fill('hari');
	await dialog.getByLabel('Nilai awal').fill('14');
	await dialog.getByLabel('Target').fill('3');
	await dialog.getByLabel('Arah perbaikan').selectOption({ label: 'Turun (makin rendah makin baik)' });
	await dialog.getByRole('button', { name: 'Terapkan' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

	// The block's link; until the projection wrote the row the page says so, then it redirects.
	const link = block.getByRole('link', { name: 'Tindak lanjut' });
	const href = await link.getAttribute('href');
	expect(href).toMatch(new RegExp(`^/o/${orgId}/changes/by-block/${documentId}/[0-9a-f-]{36}$`));
	await link.click();
	await expect
		.poll(
			async () => {
				if (!/\/changes\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname)) await page.goto(href!);
				return new URL(page.url()).pathname;
			},
			{ timeout: 30_000 }
		)
		.toMatch(new RegExp(`^/o/${orgId}/changes/[0-9a-f-]{36}$`));

	await expect(page.getByRole('heading', { level: 1, name: 'Waktu layanan KTP-el' })).toBeVisible();
	await expect(page.getByText('Makin rendah makin baik')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Sunting di dokumen' }).first()).toHaveAttribute('href', `/o/${orgId}/d/${documentId}`);
	await expect(page.locator('.stage')).toHaveText('Direncanakan');
	await axe(page, 'change page, planned');

	// Owner by name through the combobox, with the keyboard; planned and baseline dates. The page
	// may have been a fresh load (the poll above): the combobox opens only once it is hydrated.
	await hydrated(page);
	const owner = page.getByRole('combobox', { name: 'Penanggung jawab' });
	await owner.click();
	await owner.pressSequentially('rina');
	await expect(page.getByRole('option', { name: /Rina Kusumawati/ })).toBeVisible();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await expect(owner).toHaveValue('Rina Kusumawati');
	await page.getByLabel('Tanggal rencana').fill(addDays(today, -12));
	await page.getByLabel('Tanggal pengukuran baseline').fill(addDays(today, -20));
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Tersimpan.' })).toBeVisible();
	// Planned date passed and not implemented: flagged.
	await expect(page.getByText('Lewat tanggal rencana').first()).toBeVisible();

	// Implemented ten days ago.
	await page.getByLabel('Tanggal diterapkan').fill(addDays(today, -10));
	await page.getByRole('button', { name: 'Tandai sudah diterapkan' }).click();
	await expect(page.locator('.stage')).toHaveText('Diterapkan');
	await expect(page.getByText('Lewat tanggal rencana')).toHaveCount(0);

	await page.reload();
	await expect(page.getByRole('combobox', { name: 'Penanggung jawab' })).toHaveValue('Rina Kusumawati');

	// A bad measurement: the value's error, and everything typed is still there.
	const form = page.getByRole('form', { name: 'Catat pengukuran baru' });
	await form.getByLabel('Nilai (hari)').fill('dua belas');
	await form.getByLabel('Tanggal pengukuran').fill(addDays(today, -5));
	await form.getByLabel('Catatan').fill('Rata-rata minggu pertama');
	await form.getByLabel('Sumber data').fill('Register SIAK');
	await form.getByRole('button', { name: 'Catat pengukuran' }).click();
	await expect(form.getByLabel('Nilai (hari)')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByText('Isi dengan angka, misalnya 12,5.')).toBeVisible();
	await expect(form.getByLabel('Nilai (hari)')).toHaveValue('dua belas');
	await expect(form.getByLabel('Tanggal pengukuran')).toHaveValue(addDays(today, -5));
	await expect(form.getByLabel('Catatan')).toHaveValue('Rata-rata minggu pertama');
	await expect(form.getByLabel('Sumber data')).toHaveValue('Register SIAK');
	await expect(page.getByText('Belum ada pengukuran.')).toBeVisible();

	// Corrected with a decimal comma; then a second one.
	await form.getByLabel('Nilai (hari)').fill('12,5');
	await form.getByRole('button', { name: 'Catat pengukuran' }).click();
	const table = page.getByRole('table', { name: 'Pengukuran Waktu layanan KTP-el' });
	await expect(table.getByRole('row')).toHaveCount(2);
	await expect(page.locator('.stage')).toHaveText('Diukur');
	await form.getByLabel('Nilai (hari)').fill('9');
	await form.getByLabel('Tanggal pengukuran').fill(today);
	await form.getByLabel('Catatan').fill('');
	await form.getByLabel('Sumber data').fill('');
	await form.getByRole('button', { name: 'Catat pengukuran' }).click();
	await expect(table.getByRole('row')).toHaveCount(3);
	const cells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim())));
	expect(cells.map((c) => c.slice(1))).toEqual([
		['12,5 hari', 'Rata-rata minggu pertama', 'Register SIAK'],
		['9 hari', '', '']
	]);
	await expect(table).toContainText('Rina Kusumawati');
	// The chart beside it: an image named for the indicator, with a line and a point per measurement.
	const chart = page.getByRole('img', { name: /Grafik pengukuran Waktu layanan KTP-el/ });
	await expect(chart).toBeVisible();
	await expect(chart.locator('circle')).toHaveCount(2);
	await axe(page, 'change page, measured');
	// For looking at, not asserting: the page with its chart (the test's output folder).
	await page.screenshot({ path: testInfo.outputPath('change-page.png'), fullPage: true });

	// The team's follow-up tab lists it.
	await page.goto(`/o/${orgId}/teams/${teamId}?tab=followup`);
	const row = page.getByRole('row', { name: /Waktu layanan KTP-el/ });
	await expect(row).toContainText('Diukur');
	await expect(row).toContainText('Rina Kusumawati');
	await axe(page, 'team follow-up tab');
});
