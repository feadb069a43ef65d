import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { seedWorkspace, SEED_NAMES } from './workspace-seed';

/**
 * The 70:20:10 mix's numbers and the rows behind them (issue 15), in Chromium. Rina (admin, in
 * the team) writes an organisation-wide and a team-only document and records a training; Budi (a
 * member outside the team) opens the dashboard: the team's "Dokumen ditulis" 2 opens two rows,
 * the team-only one without its title or author; its JP 8 opens Rina's record without the course.
 * Rina sees both in full. The mix table's CSV equals the table, the drill-down's CSV its rows;
 * the table scrolls by keyboard at phone width; axe finds nothing; Pembelajaran saya's JP opens
 * her own record.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PRIVATE = 'Catatan internal tim pendaftaran';
const COURSE = 'Manajemen Risiko Pelayanan';
const HIDDEN = '(tidak dapat Anda buka)';

const jakartaToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

async function post(context: BrowserContext, origin: string, path: string, form: Record<string, string>): Promise<void> {
	const response = await context.request.post(`${origin}${path}`, {
		form,
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const result = (await response.json()) as { type: string };
	if (result.type !== 'success' && result.type !== 'redirect') throw new Error(`POST ${path} answered ${response.status()} ${JSON.stringify(result)}`);
}

async function axe(page: Page, label: string) {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(results.violations.map((v) => `${label}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A table's body as the page shows it, cell by cell. */
async function shown(page: Page, name: string): Promise<string[][]> {
	return page
		.getByRole('table', { name })
		.locator('tbody tr')
		.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
}

async function downloadCsv(page: Page, linkName: string): Promise<{ name: string; lines: string[][] }> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	// No field here holds a comma or quote: a plain split is the CSV.
	const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n').map((line) => line.split(','));
	return { name: download.suggestedFilename(), lines };
}

test('every number of the activity mix opens its rows, withheld where the viewer may not look, and exports as shown', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		await post(ws.adminContext, origin, `/o/${ws.orgId}/teams/${ws.teamId}?/createDocument`, { type: 'retrospective', title: PRIVATE });
		await post(ws.adminContext, origin, `/o/${ws.orgId}/learning?/add`, { course: COURSE, organiser: 'BPKP', completedOn: jakartaToday(), hours: '8' });

		const budi = await ws.viewerContext.newPage();
		await budi.setViewportSize({ width: 1280, height: 900 });
		await budi.goto(`${origin}/o/${ws.orgId}/impact`);
		const mixName = 'Campuran belajar per tim: persentase dan angka mentah';
		const mix = budi.getByRole('table', { name: mixName });
		const row = mix.getByRole('row', { name: new RegExp(`^${SEED_NAMES.team}`) });
		await expect(row).toBeVisible();

		await test.step('the mix table exports exactly what it shows', async () => {
			await budi.locator('.activity-mix').screenshot({ path: testInfo.outputPath('activity-mix-1280.png') });
			const table = await shown(budi, mixName);
			const { name, lines } = await downloadCsv(budi, `Unduh CSV: ${mixName}`);
			expect(name).toMatch(/^dampak_activity-mix_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
			expect(lines[0][0]).toBe('Tim');
			expect(lines[0][3]).toBe('Pengalaman (70): Dokumen ditulis');
			expect(lines[0][14]).toBe('Formal (10): JP pelatihan');
			const asShown = lines.slice(1).map((cells) => cells.map((c, i) => (i === 0 ? c : c === '' ? '–' : [1, 6, 13].includes(i) ? `${c} %` : c.replace('.', ','))));
			expect(asShown).toEqual(table);
		});

		await test.step('"Dokumen ditulis" 2 opens two rows; the team-only one without title or author', async () => {
			// Column 4: the team's name, then experience's share, total, documents written.
			const authored = row.getByRole('cell').nth(2);
			await expect(authored).toHaveText('2');
			await authored.getByRole('link').click();
			await expect(budi).toHaveURL(/\/impact\/activity\?kind=documentsAuthored&team=/);
			const title = `Dokumen ditulis: ${SEED_NAMES.team}`;
			await expect(budi.getByRole('heading', { level: 1, name: title })).toBeVisible();
			await expect(budi.getByTestId('activity-rows-count')).toHaveText('2 baris');
			const rows = await shown(budi, title);
			expect(rows.map((r) => r.slice(1))).toEqual(
				expect.arrayContaining([
					['Dokumen ditulis', 'Rina Kusumawati', SEED_NAMES.document, SEED_NAMES.team],
					['Dokumen ditulis', HIDDEN, HIDDEN, SEED_NAMES.team]
				])
			);
			await expect(budi.getByRole('table', { name: title }).getByRole('link', { name: SEED_NAMES.document })).toHaveAttribute('href', `/o/${ws.orgId}/d/${ws.documentId}`);
			await expect(budi.getByText(/^1 baris menyebut dokumen, orang, pelajaran atau pelatihan/)).toBeVisible();
			await axe(budi, 'drill-down');
			await budi.screenshot({ path: testInfo.outputPath('activity-rows.png'), fullPage: true });
			const { name, lines } = await downloadCsv(budi, `Unduh CSV: ${title}`);
			expect(name).toMatch(/^dampak_kegiatan_documentsauthored_bidang-pelayanan-pendaftaran-penduduk_/);
			expect(lines[0]).toEqual(['Tanggal', 'Kegiatan', 'Orang', 'Dokumen', 'Tim']);
			expect(lines.slice(1).map((l) => l.slice(1))).toEqual(rows.map((r) => r.slice(1)));
		});

		await test.step('the team’s JP open Rina’s record: her name and JP, not the course', async () => {
			await budi.goBack();
			await row.getByRole('cell').last().getByRole('link').click();
			await expect(budi.getByRole('heading', { level: 1, name: `JP pelatihan: ${SEED_NAMES.team}` })).toBeVisible();
			await expect(budi.getByTestId('activity-rows-count')).toHaveText('1 catatan pelatihan, 8 JP');
			const rows = await shown(budi, `JP pelatihan: ${SEED_NAMES.team}`);
			expect(rows.map((r) => r.slice(1))).toEqual([['Rina Kusumawati', '(hanya terlihat oleh ybs. dan admin)', '–', '8']]);
		});

		await test.step('at phone width the table scrolls by keyboard, and axe finds nothing', async () => {
			await budi.setViewportSize({ width: 390, height: 900 });
			await budi.goto(`${origin}/o/${ws.orgId}/impact`);
			const region = budi.getByRole('region', { name: 'Tabel campuran belajar per tim, dapat digulir ke samping' });
			await region.focus();
			await expect(region).toBeFocused();
			const before = await region.evaluate((el) => el.scrollLeft);
			await budi.keyboard.press('ArrowRight');
			await budi.keyboard.press('ArrowRight');
			await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before);
			await axe(budi, 'dashboard 390');
			await budi.locator('.activity-mix').screenshot({ path: testInfo.outputPath('activity-mix-390.png') });
		});

		await test.step('Rina, in the team and an admin, sees every title and the course', async () => {
			const rina = await ws.adminContext.newPage();
			await rina.goto(`${origin}/o/${ws.orgId}/impact`);
			const her = rina.getByRole('table', { name: mixName }).getByRole('row', { name: new RegExp(`^${SEED_NAMES.team}`) });
			await her.getByRole('cell').nth(2).getByRole('link').click();
			await expect(rina.getByTestId('activity-rows-count')).toHaveText('2 baris');
			const rows = await shown(rina, `Dokumen ditulis: ${SEED_NAMES.team}`);
			expect(rows.map((r) => r[3]).sort()).toEqual([PRIVATE, SEED_NAMES.document].sort());
			expect(rows.map((r) => r[2])).toEqual(['Rina Kusumawati', 'Rina Kusumawati']);

			// Her own year: the training JP open her record, with the course.
			await rina.goto(`${origin}/o/${ws.orgId}/learning`);
			const year = jakartaToday().slice(0, 4);
			const own = rina.getByRole('table', { name: `Campuran belajar ${year}: persentase dan angka mentah` });
			await own.getByRole('row', { name: /^Formal \(10\)/ }).getByRole('link', { name: '8', exact: true }).click();
			await expect(rina).toHaveURL(new RegExp(`/learning/activity\\?kind=trainingHours&year=${year}$`));
			await expect(rina.getByTestId('activity-rows-count')).toHaveText('1 catatan pelatihan, 8 JP');
			expect((await shown(rina, `JP pelatihan: pembelajaran saya ${year}`)).map((r) => r.slice(1))).toEqual([['Rina Kusumawati', COURSE, 'BPKP', '8']]);
			await axe(rina, 'own rows');
			// And the documents she wrote, from the same table.
			await rina.goBack();
			await own.getByRole('link', { name: '2', exact: true }).first().click();
			await expect(rina.getByTestId('activity-rows-count')).toHaveText('2 baris');
		});

		await test.step('a kind that is not counted, or a team of no organisation of hers, is refused', async () => {
			expect((await budi.goto(`${origin}/o/${ws.orgId}/impact/activity?kind=nonsense&team=${ws.teamId}`))?.status()).toBe(400);
			expect((await budi.goto(`${origin}/o/${ws.orgId}/impact/activity?kind=signOffs`))?.status()).toBe(400);
			expect((await budi.goto(`${origin}/o/${ws.orgId}/impact/activity?kind=signOffs&team=${crypto.randomUUID()}`))?.status()).toBe(404);
		});
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
