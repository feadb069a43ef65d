import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly } from './helpers';

/**
 * Reuse while writing (issue 14) in Chromium: a lesson written in one document is published
 * through the lesson page's actions; a member of the team then cites it in another document from
 * the keyboard ("/" → "Sisipkan pelajaran" → type → Enter). The chip shows the library title and
 * links to the lesson page, and once the projection runs the lesson page lists the reuse. Typing
 * "[[" opens the same search.
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const TITLE = 'Layanan antrean perlu nomor urut daring';

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

async function openBody(page: Page, path: string) {
	await page.goto(path);
	const body = page.getByRole('textbox', { name: /^Isi dokumen / });
	// The first connection to the sync server can be slow on a loaded machine.
	await expect(body).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
	return body;
}

test('a lesson is cited from the slash menu by keyboard: the chip links to it and the lesson page lists the reuse', async ({ browser }) => {
	test.setTimeout(180_000);
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	try {
		await registerQuickly(context, newUser('rujukan', 'Rina Kusumawati'));
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamId = await createTeamQuickly(context, orgId, TEAM);
		const source = await createDocumentQuickly(context, orgId, teamId, 'Antrean KTP-el melebihi 3 jam', 'failure_analysis');
		const citing = await createDocumentQuickly(context, orgId, teamId, 'Perbaikan SOP antrean', 'sop_improvement');
		const page = await context.newPage();

		// The lesson, written where it was learned.
		let body = await openBody(page, `/o/${orgId}/d/${source}`);
		const lesson = body.locator('[data-type="lesson"]');
		await lesson.getByRole('textbox', { name: 'Judul pelajaran' }).click();
		await page.keyboard.type(TITLE);
		await page.keyboard.press('Tab');
		// The editor takes focus a frame after Tab (Tiptap's focus()): type the body once it has it.
		await expect(body).toBeFocused();
		await page.keyboard.type('Warga datang subuh untuk mengambil nomor antrean.');
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// The projection brings it to the library as a draft; the curator publishes it.
		await page.goto(`/o/${orgId}/library?status=draft`);
		const link = page.getByRole('link', { name: TITLE });
		await expect(async () => {
			await page.reload();
			await expect(link).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		const lessonPath = (await link.getAttribute('href')) ?? '';
		expect(lessonPath).toMatch(new RegExp(`^/o/${orgId}/library/[0-9a-f-]{36}$`));
		await curate(context, `${lessonPath}?/propose`);
		await curate(context, `${lessonPath}?/publish`);

		// Cited in another document, from the keyboard only.
		body = await openBody(page, `/o/${orgId}/d/${citing}`);
		await body.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.press('Enter');
		await page.keyboard.type('Dasar perubahan: /');
		await expect(page.getByRole('listbox', { name: 'Sisipkan blok' }).getByRole('option', { name: 'Sisipkan pelajaran' })).toBeVisible();
		await page.keyboard.type('sisipkan');
		await expect(page.getByRole('listbox', { name: 'Sisipkan blok' }).getByRole('option')).toHaveText(['Sisipkan pelajaran']);
		await page.keyboard.press('Enter');
		const search = page.getByRole('combobox', { name: 'Cari pelajaran terbit' });
		await expect(search).toBeFocused();
		// The picker first lists the newest lessons (this one among them) and ignores Enter while the
		// typed query is loading: choose once the answer to the whole query is in and shown, which is
		// when the field points at its option (aria-activedescendant).
		let answered = page.waitForResponse((r) => r.url().includes('/lessons/search') && new URL(r.url()).searchParams.get('q') === 'antrean');
		await page.keyboard.type('antrean');
		await answered;
		const option = page.getByRole('listbox', { name: 'Pelajaran terbit' }).getByRole('option', { name: TITLE });
		await expect(option).toHaveAttribute('aria-selected', 'true');
		await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? '');
		await page.keyboard.press('Enter');

		// The chip: the library title, a link to the lesson page; the caret is back in the text after it.
		const chip = body.locator('a.lesson-ref-chip');
		await expect(chip).toHaveText(TITLE);
		await expect(chip).toHaveAttribute('href', lessonPath);
		await expect(search).toHaveCount(0);
		await expect(body).toBeFocused();
		await page.keyboard.type(' tetap berlaku.');
		await expect(body.locator('p', { has: page.locator('a.lesson-ref-chip') })).toHaveText(`Dasar perubahan: ${TITLE} tetap berlaku.`);
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// Escape closes the search without inserting anything.
		await page.keyboard.type(' /sisipkan');
		await page.keyboard.press('Enter');
		await expect(search).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(search).toHaveCount(0);
		await expect(body).toBeFocused();
		await expect(body.locator('a.lesson-ref-chip')).toHaveCount(1);
		await page.keyboard.press('Backspace'); // the space typed before "/sisipkan"

		// "[[" opens the same search; Escape keeps the brackets as typed, a choice replaces them.
		await page.keyboard.type(' [[');
		await expect(search).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(body).toBeFocused();
		await expect(body.locator('p', { has: page.locator('a.lesson-ref-chip') })).toContainText('berlaku. [[');
		await page.keyboard.press('Backspace');
		await page.keyboard.press('Backspace');
		await page.keyboard.type('[[');
		await expect(search).toBeFocused();
		answered = page.waitForResponse((r) => r.url().includes('/lessons/search') && new URL(r.url()).searchParams.get('q') === 'nomor urut');
		await page.keyboard.type('nomor urut');
		await answered;
		await expect(option).toHaveAttribute('aria-selected', 'true');
		await expect(search).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? '');
		await page.keyboard.press('Enter');
		await expect(body.locator('a.lesson-ref-chip')).toHaveCount(2);
		await expect(body.locator('p', { has: page.locator('a.lesson-ref-chip') })).toHaveText(
			`Dasar perubahan: ${TITLE} tetap berlaku. ${TITLE}`
		);
		// One atom: a single Backspace takes the reference out again (one reuse in this document).
		await page.keyboard.press('Backspace');
		await expect(body.locator('a.lesson-ref-chip')).toHaveCount(1);
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// The chip opens the lesson page, which lists the reuse once the projection has run.
		await chip.first().click();
		await expect(page).toHaveURL(lessonPath);
		await expect(async () => {
			await page.reload();
			await expect(page.getByRole('heading', { name: 'Dipakai ulang 1× di 1 dokumen' })).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		const reuses = page.getByRole('region', { name: 'Dipakai ulang 1× di 1 dokumen' });
		await expect(reuses.getByRole('link', { name: 'Perbaikan SOP antrean' })).toHaveAttribute('href', `/o/${orgId}/d/${citing}`);
	} finally {
		await context.close();
	}
});
