import { expect, test, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly } from './helpers';

/*
 * The document page of issue 12: the title as an editable H1 synced like the body, the sticky
 * header with the save state, template prompts as placeholders, Tab from a lesson title, and
 * popovers that close with Esc. At the desktop and the phone width; screenshots are attached to
 * the report (artifacts, not committed).
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Workspace {
	context: BrowserContext;
	orgId: string;
	teamId: string;
	path: (documentId: string) => string;
}

async function workspace(browser: Browser, label: string): Promise<Workspace> {
	const context = await browser.newContext({ viewport: DESKTOP });
	await registerQuickly(context, newUser(label, 'Rina Kusumawati'));
	const orgId = await createOrgQuickly(context, ORG_NAME);
	const teamId = await createTeamQuickly(context, orgId, TEAM);
	return { context, orgId, teamId, path: (id) => `/o/${orgId}/d/${id}` };
}

/** The editing area (its accessible name is "Isi dokumen <title>"). */
function body(page: Page): Locator {
	return page.getByRole('textbox', { name: /^Isi dokumen / });
}

function saveStatus(page: Page): Locator {
	return page.locator('.save-status[role="status"]');
}

/**
 * Runs `keys` with no animation frame given to the page, as for a fast typist whose next keys
 * come in the same frame as the one before: focus must move with the key itself.
 */
async function withoutFrames(page: Page, keys: () => Promise<void>): Promise<void> {
	await page.evaluate(() => {
		const w = window as Window & { heldFrame?: typeof requestAnimationFrame };
		w.heldFrame = w.requestAnimationFrame;
		w.requestAnimationFrame = () => 0;
	});
	try {
		await keys();
	} finally {
		await page.evaluate(() => {
			const w = window as Window & { heldFrame?: typeof requestAnimationFrame };
			if (w.heldFrame) w.requestAnimationFrame = w.heldFrame;
		});
	}
}

async function open(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(body(page)).toHaveAttribute('contenteditable', 'true');
	await expect(saveStatus(page)).toHaveText('Tersimpan');
}

/** A screenshot kept in the run's test-results folder (the list reporter keeps no attachment bodies). */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('the title is the H1, renamed in place: the change reaches a second browser at once and the team list after the projection', async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	const ws = await workspace(browser, 'judul');
	const second = await browser.newContext({ viewport: DESKTOP, storageState: await ws.context.storageState() });
	try {
		const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Antrean KTP-el', 'failure_analysis');
		const page = await ws.context.newPage();
		const other = await second.newPage();
		await open(page, ws.path(id));
		await open(other, ws.path(id));

		const title = page.getByRole('heading', { level: 1, name: 'Antrean KTP-el' });
		await expect(title).toHaveAttribute('contenteditable', 'plaintext-only');
		await title.click();
		await page.keyboard.press('End');
		await page.keyboard.type(' melebihi 3 jam');
		// Live in the other browser: its H1, its tab title, its breadcrumb and its editor's name.
		const renamed = 'Antrean KTP-el melebihi 3 jam';
		await expect(other.getByRole('heading', { level: 1 })).toHaveText(renamed);
		await expect(other).toHaveTitle(new RegExp(`^${renamed} · `));
		await expect(other.getByRole('navigation', { name: 'Lokasi dokumen' })).toContainText(renamed);
		await expect(other.getByRole('textbox', { name: `Isi dokumen ${renamed}` })).toBeVisible();
		await expect(saveStatus(page)).toHaveText('Tersimpan');
		// Enter leaves the title for the body (a title is one line), and keys typed at once follow.
		await withoutFrames(page, async () => {
			await page.keyboard.press('Enter');
			await page.keyboard.type('Catatan');
		});
		await expect(body(page)).toBeFocused();
		await expect(body(page)).toContainText('Catatan');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed);

		// The list reads documents.title, written by the projection when the edits settle or the
		// room unloads: both pages leave, and the team list shows the new name.
		await other.close();
		await page.goto(`/o/${ws.orgId}/teams/${ws.teamId}`);
		await expect(async () => {
			await page.reload();
			// The team's list (and the sidebar's recent documents, when the shell shows them).
			await expect(page.getByRole('link', { name: renamed, exact: true }).first()).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 30_000 });

		// A reload of the document shows the synced title from the server, not a stale one.
		await open(page, ws.path(id));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed);
		await screenshot(page, testInfo, 'document-1280');
		await page.setViewportSize(PHONE);
		await screenshot(page, testInfo, 'document-390');
	} finally {
		await second.close();
		await ws.context.close();
	}
});

for (const viewport of [DESKTOP, PHONE]) {
	test(`at ${viewport.width}×${viewport.height}: the text starts on the first screen, and the save state stays visible at the end of a long document`, async ({ browser }, testInfo) => {
		test.setTimeout(120_000);
		const ws = await workspace(browser, `lang-${viewport.width}`);
		try {
			const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Retrospektif Mei', 'retrospective');
			const page = await ws.context.newPage();
			await page.setViewportSize(viewport);
			await open(page, ws.path(id));
			// The document's first section starts within the first screen (phones included).
			const first = body(page).getByRole('heading', { name: 'Yang berjalan baik' });
			const box = await first.boundingBox();
			expect(box, 'first heading laid out').not.toBeNull();
			expect(box!.y + box!.height).toBeLessThan(viewport.height);

			// A long document: sixty paragraphs under the first section.
			await body(page).locator('h2[data-section="retro_well"] + p').click();
			for (let i = 1; i <= 60; i += 1) {
				await page.keyboard.type(`Catatan ${i}: layanan berjalan baik hari ini.`);
				await page.keyboard.press('Enter');
			}
			await page.keyboard.press('Control+End');
			await page.keyboard.type('Akhir dokumen.');
			await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
			await expect(body(page).getByText('Akhir dokumen.')).toBeInViewport();
			// The header stuck at the top: the save state is on screen and says what happened.
			await expect(saveStatus(page)).toBeInViewport();
			await expect(saveStatus(page)).toHaveText('Tersimpan');
			await expect(page.getByRole('toolbar', { name: 'Format teks' })).toBeInViewport();
			await screenshot(page, testInfo, `long-document-end-${viewport.width}`);
		} finally {
			await ws.context.close();
		}
	});
}

test("a section's prompt is a placeholder: gone when the section is typed into, back when it is emptied, never text", async ({ browser }) => {
	test.setTimeout(120_000);
	const ws = await workspace(browser, 'petunjuk');
	try {
		const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Antrean KTP-el', 'failure_analysis');
		const page = await ws.context.newPage();
		await open(page, ws.path(id));
		const summary = body(page).locator('h2[data-section="fa_summary"] + p');
		const prompt = 'Tanpa menyalahkan: apa yang terjadi, dalam tiga sampai lima kalimat?';
		await expect(summary).toHaveClass(/prompt-placeholder/);
		await expect(summary).toHaveAttribute('data-placeholder', prompt);
		// Decorations, not content: the paragraph is empty, the text is a widget beside it.
		await expect(summary).toHaveText('');
		const shown = body(page).locator('.prompt-text', { hasText: prompt });
		await expect(shown).toBeVisible();
		await expect(shown).toHaveAttribute('contenteditable', 'false');
		// Laid over the empty paragraph's line, not below it.
		const [line, text] = [await summary.boundingBox(), await shown.boundingBox()];
		expect(Math.abs(line!.y - text!.y)).toBeLessThan(4);
		// The empty lesson block shows its own prompt.
		await expect(body(page).locator('[data-type="lesson"] .prompt-placeholder')).toHaveCount(1);

		await summary.click();
		await page.keyboard.type('Antrean mencapai 3 jam.');
		await expect(summary).not.toHaveClass(/prompt-placeholder/);
		await expect(summary).toHaveText('Antrean mencapai 3 jam.');
		await expect(shown).toHaveCount(0);
		// The other sections keep theirs.
		await expect(body(page).locator('h2[data-section="fa_impact"] + p')).toHaveClass(/prompt-placeholder/);

		await page.keyboard.press('Shift+Home');
		await page.keyboard.press('Backspace');
		await expect(summary).toHaveClass(/prompt-placeholder/);
		await expect(summary).toHaveAttribute('data-placeholder', prompt);
		await expect(saveStatus(page)).toHaveText('Tersimpan');
		// What was saved has no prompt in it either (a fresh load from the server).
		await page.reload();
		await expect(summary).toHaveClass(/prompt-placeholder/);
		await expect(summary).toHaveText('');
		await expect(shown).toBeVisible();
	} finally {
		await ws.context.close();
	}
});

test('the page carries the saved body: with the sync server not answering, a fresh browser shows the text and takes keys', async ({ browser }) => {
	test.setTimeout(120_000);
	const ws = await workspace(browser, 'snapshot');
	// Cookies only: no IndexedDB copy in this browser, so the text can only come from the page.
	const fresh = await browser.newContext({ viewport: PHONE, storageState: await ws.context.storageState() });
	try {
		const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Antrean KTP-el', 'failure_analysis');
		const writer = await ws.context.newPage();
		await open(writer, ws.path(id));
		const summary = body(writer).locator('h2[data-section="fa_summary"] + p');
		await summary.click();
		await writer.keyboard.type('Antrean mencapai 3 jam.');
		await expect(saveStatus(writer)).toHaveText('Tersimpan');

		const page = await fresh.newPage();
		// The socket opens but nothing answers it: no sync step from the server.
		let socketOpened = false;
		await page.routeWebSocket(/\/sync/, () => {
			socketOpened = true;
		});
		await page.goto(ws.path(id));
		const text = body(page).locator('h2[data-section="fa_summary"] + p');
		await expect(text).toHaveText('Antrean mencapai 3 jam.');
		await expect(body(page)).toHaveAttribute('contenteditable', 'true');
		expect(socketOpened).toBe(true);
		await text.click();
		await page.keyboard.press('End');
		await page.keyboard.type(' Loket 3 tutup.');
		await expect(text).toHaveText('Antrean mencapai 3 jam. Loket 3 tutup.');
		// Nothing confirmed this edit: it is not shown as saved.
		await expect(saveStatus(page)).not.toHaveText('Tersimpan');
	} finally {
		await fresh.close();
		await ws.context.close();
	}
});

test('Tab from a lesson title goes on into the lesson body, keys typed in the same frame too; selected text gets the bubble menu', async ({ browser }) => {
	test.setTimeout(120_000);
	const ws = await workspace(browser, 'tab');
	try {
		const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Retrospektif Mei', 'retrospective');
		const page = await ws.context.newPage();
		await open(page, ws.path(id));
		const lesson = body(page).locator('[data-type="lesson"]');
		const lessonTitle = lesson.getByRole('textbox', { name: 'Judul pelajaran' });
		await lessonTitle.click();
		await page.keyboard.type('Siapkan petugas cadangan');
		await withoutFrames(page, async () => {
			await page.keyboard.press('Tab');
			await page.keyboard.type('Petugas');
		});
		// Still in the editor, in the lesson's body: what is typed next lands there.
		await expect(body(page)).toBeFocused();
		await page.keyboard.type(' cadangan disiapkan sebelum jam sibuk.');
		await expect(lesson.locator('.block-body')).toHaveText('Petugas cadangan disiapkan sebelum jam sibuk.');
		await expect(lessonTitle).toHaveValue('Siapkan petugas cadangan');

		// Selecting text brings up the bubble menu; its "Tebal" makes the selection bold.
		await lesson.locator('.block-body p').getByText('Petugas cadangan disiapkan sebelum jam sibuk.').dblclick({ position: { x: 5, y: 5 } });
		const bubble = page.getByRole('toolbar', { name: 'Gaya teks terpilih' });
		await expect(bubble).toBeVisible();
		await bubble.getByRole('button', { name: 'Tebal' }).click();
		await expect(lesson.locator('.block-body strong')).toHaveText('Petugas');
		await expect(bubble.getByRole('button', { name: 'Tebal' })).toHaveAttribute('aria-pressed', 'true');
	} finally {
		await ws.context.close();
	}
});

test('the header popovers and menus open from the keyboard, close with Esc and give focus back', async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	const ws = await workspace(browser, 'esc');
	try {
		const id = await createDocumentQuickly(ws.context, ws.orgId, ws.teamId, 'Perbaikan SOP antrean', 'sop_improvement');
		const page = await ws.context.newPage();
		await open(page, ws.path(id));

		/** Opens `trigger` with Enter, checks `opened` appears, closes it with Esc. */
		const roundTrip = async (trigger: Locator, opened: Locator) => {
			await trigger.focus();
			await page.keyboard.press('Enter');
			await expect(opened).toBeVisible();
			await expect(trigger).toHaveAttribute('aria-expanded', 'true');
			await page.keyboard.press('Escape');
			await expect(opened).toBeHidden();
			await expect(trigger).toBeFocused();
		};
		const share = page.getByRole('button', { name: 'Bagikan' });
		await roundTrip(share, page.getByRole('dialog').getByRole('radio', { name: 'Seluruh organisasi' }));
		const menu = page.getByRole('button', { name: 'Menu dokumen' });
		await roundTrip(menu, page.getByRole('menu').getByRole('menuitemradio', { name: 'Final' }));

		// The details panel, toggled from the header: the document's details, and back.
		const toggle = page.getByRole('button', { name: 'Panel rincian' });
		await toggle.click();
		const panel = page.getByRole('complementary', { name: 'Rincian dokumen' });
		await expect(panel).toContainText('Perbaikan SOP');
		await expect(panel).toContainText('Rina Kusumawati');
		await expect(panel).toContainText(TEAM);
		await expect(toggle).toHaveAttribute('aria-expanded', 'true');
		await expect(panel).toBeFocused();
		await screenshot(page, testInfo, 'details-panel-1280');
		// Esc inside the panel closes it and gives focus back to its button, like a popover.
		await page.keyboard.press('Escape');
		await expect(panel).toHaveCount(0);
		await expect(toggle).toBeFocused();
		await expect(toggle).toHaveAttribute('aria-expanded', 'false');

		// On a phone the toolbar keeps one row; what does not fit is in "Lainnya", a menu too.
		await page.setViewportSize(PHONE);
		const toolbar = page.getByRole('toolbar', { name: 'Format teks' });
		const more = toolbar.getByRole('button', { name: /Lainnya/ });
		await expect(more).toBeVisible();
		const rows = await toolbar.evaluate((el) => el.getBoundingClientRect().height);
		expect(rows).toBeLessThan(60);
		await roundTrip(more, page.getByRole('menu').getByRole('menuitem').first());
		await screenshot(page, testInfo, 'toolbar-390');
	} finally {
		await ws.context.close();
	}
});
