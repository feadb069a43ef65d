import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { seedWorkspace } from './workspace-seed';

/**
 * "Pembelajaran saya" and the admin's CSV import (issue 15, 70:20:10): a member records a
 * training (a wrong JP first: the form says why and keeps what was typed), sees it against the
 * 20 JP a year and in the mix table; an admin imports a CSV with one bad row (the row's problem is
 * listed, nothing is stored), then the fixed file (stored, and the member sees it). axe finds
 * nothing on either page.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const jakartaToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

async function axe(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a member records training and sees JP and the mix; an admin’s CSV import is all or nothing', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	const today = jakartaToday();
	const [year, month, day] = today.split('-');
	try {
		const member = await ws.viewerContext.newPage();
		const learningUrl = `${origin}/o/${ws.orgId}/learning`;

		await test.step('the member opens Pembelajaran saya from the sidebar', async () => {
			await member.goto(`${origin}/o/${ws.orgId}`);
			await member.getByRole('navigation', { name: /^Navigasi / }).getByRole('link', { name: 'Pembelajaran saya' }).click();
			await expect(member).toHaveURL(learningUrl);
			await expect(member.getByRole('heading', { level: 1, name: 'Pembelajaran saya' })).toBeVisible();
			await expect(member.locator('#jp-summary')).toContainText('0 dari 20 JP');
			await expect(member.getByText('Belum ada pelatihan tercatat tahun ini.')).toBeVisible();
		});

		await test.step('a JP of 0 is refused with the reason, and what was typed stays', async () => {
			await member.getByLabel('Pelatihan', { exact: true }).fill('Pelayanan Prima');
			await member.getByLabel('Penyelenggara (boleh kosong)').fill('BPSDM Jawa Barat');
			await member.getByLabel('Tanggal selesai').fill(today);
			await member.getByLabel('JP (jam pelajaran)').fill('0');
			await member.getByRole('button', { name: 'Catat', exact: true }).click();
			await expect(member.getByText('JP harus lebih dari 0 dan paling banyak 1000.')).toBeVisible();
			await expect(member.getByLabel('JP (jam pelajaran)')).toHaveAttribute('aria-invalid', 'true');
			await expect(member.getByLabel('Pelatihan', { exact: true })).toHaveValue('Pelayanan Prima');
		});

		await test.step('with 12,5 JP it is recorded: progress, list and mix table follow', async () => {
			await member.getByLabel('JP (jam pelajaran)').fill('12,5');
			await member.getByRole('button', { name: 'Catat', exact: true }).click();
			await expect(member.getByRole('status')).toContainText('Pelatihan "Pelayanan Prima" dicatat.');
			await expect(member.locator('#jp-summary')).toContainText('12,5 dari 20 JP');
			await expect(member.locator('#jp-summary')).toContainText('Kurang 7,5 JP.');
			const training = member.getByRole('table', { name: `Pelatihan ${year}` });
			await expect(training.getByRole('row', { name: /Pelayanan Prima/ })).toContainText('BPSDM Jawa Barat');
			const mix = member.getByRole('table', { name: `Campuran belajar ${year}: persentase dan angka mentah` });
			await expect(mix.getByRole('row', { name: /^Formal \(10\)/ })).toContainText('12,5 JP pelatihan');
			// The training is the only activity recorded: formal is the whole mix.
			await expect(mix.getByRole('row', { name: /^Formal \(10\)/ })).toContainText('100 %');
			const chart = member.getByRole('img', { name: /Grafik batang bertumpuk/ });
			await expect(chart).toBeVisible();
			await expect(chart.locator('svg').first()).toBeVisible();
			await axe(member);
		});

		const admin = await ws.adminContext.newPage();
		const importUrl = `${origin}/o/${ws.orgId}/settings/training`;
		const header = 'email;course;organiser;date;JP';
		const good = `${ws.viewer.email};Analisis Kebijakan;LAN;${day}/${month}/${year};4,5`;
		const bad = `${ws.admin.email};Manajemen Risiko;BPKP;${day}/${month}/2999;8`;

		await test.step('an admin imports a CSV with one bad row: the row is named, nothing is stored', async () => {
			await admin.goto(`${origin}/o/${ws.orgId}/settings`);
			await admin.getByRole('link', { name: 'Impor catatan pelatihan (CSV)' }).click();
			await expect(admin).toHaveURL(importUrl);
			await admin.getByLabel('File CSV').setInputFiles({ name: 'bpsdm.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good, bad].join('\n')) });
			await admin.getByRole('button', { name: 'Impor' }).click();
			await expect(admin.getByRole('heading', { name: 'Tidak ada yang disimpan' })).toBeVisible();
			const errors = admin.getByRole('table', { name: 'Kesalahan per baris' });
			await expect(errors.getByRole('row')).toHaveCount(2);
			await expect(errors.getByRole('row').nth(1)).toContainText('3');
			await expect(errors.getByRole('row').nth(1)).toContainText('date');
			await expect(errors.getByRole('row').nth(1)).toContainText('Tanggal tidak boleh di masa depan.');
			await axe(admin);
			await member.reload();
			await expect(member.locator('#jp-summary')).toContainText('12,5 dari 20 JP');
		});

		await test.step('the fixed file is stored, and the member sees the imported record', async () => {
			const fixed = bad.replace('/2999;', `/${year};`);
			await admin.getByLabel('File CSV').setInputFiles({ name: 'bpsdm.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good, fixed].join('\n')) });
			await admin.getByRole('button', { name: 'Impor' }).click();
			await expect(admin.getByRole('status')).toContainText('2 catatan pelatihan disimpan untuk 2 orang, jumlah 12,5 JP.');
			await expect(admin.getByRole('heading', { name: 'Tidak ada yang disimpan' })).toHaveCount(0);
			await member.reload();
			await expect(member.locator('#jp-summary')).toContainText('17 dari 20 JP');
			await expect(member.getByRole('row', { name: /Analisis Kebijakan/ })).toContainText('Diimpor admin');
		});

		await test.step('the year downloads as CSV evidence, and another year shows its own figures', async () => {
			const downloading = member.waitForEvent('download');
			await member.getByRole('link', { name: `Unduh bukti ${year} (CSV)` }).click();
			const download = await downloading;
			expect(download.suggestedFilename()).toBe(`pembelajaran_budi-santoso_${year}.csv`);
			const bytes = readFileSync(await download.path());
			expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = bytes.toString('utf8');
			expect(text).toContain(`pelatihan,Analisis Kebijakan,4.5,JP,LAN,${today},Diimpor admin`);
			expect(text).toContain('ringkasan,JP pelatihan,17,JP');

			const lastYear = String(Number(year) - 1);
			await member.getByLabel('Tahun', { exact: true }).selectOption(lastYear);
			await member.getByRole('button', { name: 'Tampilkan' }).click();
			await expect(member).toHaveURL(`${learningUrl}?year=${lastYear}`);
			await expect(member.getByRole('heading', { name: `JP pelatihan ${lastYear}` })).toBeVisible();
			await expect(member.locator('#jp-summary')).toContainText('0 dari 20 JP');
		});

		await test.step('a member cannot open the import page', async () => {
			const response = await member.goto(importUrl);
			expect(response?.status()).toBe(403);
		});
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
