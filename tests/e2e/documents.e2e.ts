import { expect, test, type Page } from '@playwright/test';
import {
	createDocumentQuickly,
	createOrg,
	createOrgQuickly,
	createTeam,
	createTeamQuickly,
	hydrated,
	ID,
	newPage,
	newUser,
	ORG_NAME,
	register,
	registerQuickly,
	submitAndWait
} from './helpers';

const TEAM_NAME = 'Bidang Pelayanan Pendaftaran Penduduk';
const SOP_TITLE = 'Perbaikan SOP antrean KTP-el';

async function createDocument(page: Page, orgId: string, teamId: string, type: string, title: string): Promise<string> {
	await page.goto(`/o/${orgId}/teams/${teamId}`);
	const form = page.getByRole('region', { name: 'Dokumen baru' });
	await form.getByLabel('Jenis dokumen').selectOption({ label: type });
	await form.getByLabel('Judul').fill(title);
	await form.getByRole('button', { name: 'Buat dokumen' }).click();
	await expect(page).toHaveURL(new RegExp(`/o/${orgId}/d/[0-9a-f-]{36}$`));
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
	return new URL(page.url()).pathname.split('/')[4];
}

test('a document starts from its template; blocks are edited with the indicator form, the slash menu, paste and the toolbar', async ({ page }) => {
	test.setTimeout(240_000);
	const rina = newUser('rina', 'Rina Kusumawati');
	await register(page, rina);
	const orgId = await createOrg(page, ORG_NAME);
	const teamId = await createTeam(page, orgId, TEAM_NAME);

	// An empty team: the list says so; a document without a title is refused with the reason.
	await expect(page.getByRole('region', { name: 'Dokumen', exact: true })).toContainText('Belum ada dokumen di tim ini.');
	const form = page.getByRole('region', { name: 'Dokumen baru' });
	await form.getByRole('button', { name: 'Buat dokumen' }).click();
	await expect(form.getByLabel('Judul')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByRole('alert')).toHaveText('Wajib diisi.');

	const sopId = await createDocument(page, orgId, teamId, 'Perbaikan SOP', SOP_TITLE);
	const body = page.getByRole('textbox', { name: `Isi dokumen ${SOP_TITLE}` });
	await expect(body.getByRole('heading', { name: 'Perubahan proses dan indikator' })).toBeVisible();

	// The template's process change: fill its indicator through the form; numbers are validated.
	const change = body.locator('[data-type="process-change"]');
	await expect(change).toContainText('Indikator belum diisi.');
	await change.getByRole('button', { name: 'Ubah indikator' }).click();
	const dialog = page.getByRole('dialog', { name: 'Indikator perubahan proses' });
	await expect(dialog).toBeVisible();
	await dialog.getByLabel('Indikator').fill('Waktu tunggu layanan KTP-el');
	await dialog.getByLabel('Satuan').fill('menit');
	await dialog.getByLabel('Nilai awal').fill('dua jam');
	await dialog.getByLabel('Target').fill('45,5');
	await dialog.getByLabel('Arah perbaikan').selectOption({ label: 'Turun (makin rendah makin baik)' });
	await dialog.getByRole('button', { name: 'Terapkan' }).click();
	await expect(dialog.getByLabel('Nilai awal')).toHaveAttribute('aria-invalid', 'true');
	await expect(dialog.getByRole('alert')).toHaveText('Masukkan angka.');
	await dialog.getByLabel('Nilai awal').fill('120');
	await dialog.getByRole('button', { name: 'Terapkan' }).click();
	await expect(dialog).toBeHidden();
	await expect(change).toContainText('Waktu tunggu layanan KTP-el: 120 → 45,5 menit (makin rendah makin baik)');

	// Slash menu: "/" lists blocks, typing filters, arrows move, Enter inserts a lesson.
	await body.locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('/pel');
	const menu = page.getByRole('listbox', { name: 'Sisipkan blok' });
	// The lesson block first (chosen by Enter), then citing a library lesson (lesson-ref.e2e.ts).
	await expect(menu.getByRole('option')).toHaveText(['Pelajaran', 'Sisipkan pelajaran']);
	await expect(menu.getByRole('option', { name: 'Pelajaran', exact: true })).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Enter');
	await expect(menu).toBeHidden();
	const lesson = body.locator('[data-type="lesson"]');
	await expect(lesson).toHaveCount(1);
	await expect(body).not.toContainText('/pel');
	// The caret is in the new lesson's body; its title is a labelled field in the block's header.
	await page.keyboard.type('Petugas cadangan disiapkan sebelum jam sibuk.');
	await lesson.getByRole('textbox', { name: 'Judul pelajaran' }).fill('Siapkan petugas cadangan');

	// Pasting a copy of the lesson (same id in the clipboard HTML) gives the copy a new id; the
	// original keeps its own, which the projection and every reuse already know.
	const originalId = await lesson.getAttribute('data-id');
	expect(originalId).toMatch(/^[0-9a-f-]{36}$/);
	await body.locator(':scope > p').last().click();
	await body.evaluate((el, id) => {
		const data = new DataTransfer();
		data.setData('text/html', `<section data-type="lesson" data-id="${id}" data-title="Salinan"><p>Salinan pelajaran</p></section>`);
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, originalId);
	await expect(lesson).toHaveCount(2);
	await expect(lesson.first()).toHaveAttribute('data-id', originalId!);
	const copyId = await lesson.nth(1).getAttribute('data-id');
	expect(copyId).toMatch(/^[0-9a-f-]{36}$/);
	expect(copyId).not.toBe(originalId);

	// Below the lesson there is always a paragraph to continue in. Escape closes the menu.
	await body.locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('/');
	await expect(menu.getByRole('option')).toHaveCount(10);
	await page.keyboard.press('ArrowDown');
	await expect(menu.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Escape');
	await expect(menu).toBeHidden();
	await page.keyboard.press('Backspace');

	// The toolbar: a heading, marked as pressed while the caret is in it.
	await page.keyboard.type('Catatan rapat');
	const toolbar = page.getByRole('toolbar', { name: 'Format teks' });
	await toolbar.getByRole('button', { name: 'Judul bagian' }).click();
	await expect(body.getByRole('heading', { level: 2, name: 'Catatan rapat' })).toBeVisible();
	await expect(toolbar.getByRole('button', { name: 'Judul bagian' })).toHaveAttribute('aria-pressed', 'true');
	await expect(toolbar.getByRole('button', { name: 'Paragraf' })).toHaveAttribute('aria-pressed', 'false');

	// The indicator form offers the document's lessons to link.
	await change.getByRole('button', { name: 'Ubah indikator' }).click();
	await dialog.getByRole('checkbox', { name: 'Siapkan petugas cadangan' }).check();
	await dialog.getByRole('button', { name: 'Terapkan' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');

	// Everything is in the saved document: a reload shows it from the server.
	await page.reload();
	await expect(body.locator('[data-type="process-change"]')).toContainText('Waktu tunggu layanan KTP-el: 120 → 45,5 menit');
	await expect(body.locator('[data-type="lesson"]').first().getByRole('textbox', { name: 'Judul pelajaran' })).toHaveValue('Siapkan petugas cadangan');
	await expect(body.locator('[data-type="lesson"]').nth(1)).toHaveAttribute('data-id', copyId!);
	await expect(body.getByRole('heading', { level: 2, name: 'Catatan rapat' })).toBeVisible();
});

test('document settings (rename in place, status, visibility, archive), the filtered list, and a reader outside the team', async ({ page, browser }) => {
	// Two accounts (argon2), and the access re-check of an open socket: the longest story here.
	test.setTimeout(240_000);
	const rina = newUser('rina', 'Rina Kusumawati');
	await register(page, rina);
	const orgId = await createOrg(page, ORG_NAME);
	const teamId = await createTeam(page, orgId, TEAM_NAME);
	const sopId = await createDocument(page, orgId, teamId, 'Perbaikan SOP', SOP_TITLE);
	const body = page.getByRole('textbox', { name: `Isi dokumen ${SOP_TITLE}` });
	await body.locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	// The toolbar inserts a lesson block where the caret is.
	await page.getByRole('toolbar', { name: 'Format teks' }).getByRole('button', { name: 'Pelajaran' }).click();
	await page.keyboard.type('Petugas cadangan disiapkan sebelum jam sibuk.');
	await body.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' }).fill('Siapkan petugas cadangan');
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');

	// Rename in place (the H1 is the title), then the status from the "⋯" menu.
	const renamed = `${SOP_TITLE} (revisi)`;
	const title = page.getByRole('heading', { level: 1 });
	await title.click();
	await page.keyboard.press('End');
	await page.keyboard.type(' (revisi)');
	await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
	const docPath = `/o/${orgId}/d/${sopId}`;
	/** The "⋯" menu's item `name` (a menu item or a status radio item), chosen as a user would. */
	const fromMenu = async (role: 'menuitem' | 'menuitemradio', name: string) => {
		await page.getByRole('button', { name: 'Menu dokumen' }).click();
		await submitAndWait(page, () => page.getByRole('menu').getByRole(role, { name }).click(), docPath);
	};
	await fromMenu('menuitemradio', 'Dalam tinjauan');
	await expect(page.getByText('Perbaikan SOP · Dalam tinjauan')).toBeVisible();
	/** Who may read it, from the "Bagikan" popover. */
	const share = async (name: string) => {
		await page.getByRole('button', { name: 'Bagikan' }).click();
		const popover = page.getByRole('dialog');
		await popover.getByRole('radio', { name }).check();
		await submitAndWait(page, () => popover.getByRole('button', { name: 'Simpan' }).click(), docPath);
		await expect(popover).toBeHidden();
	};

	// A second document, then the list: filter by type and status and search, all in the URL.
	await createDocument(page, orgId, teamId, 'Retrospektif tim', 'Retrospektif Mei');
	const teamPath = `/o/${orgId}/teams/${teamId}`;
	await page.goto(teamPath);
	const list = page.getByRole('region', { name: 'Dokumen', exact: true });
	await expect(list.getByRole('row')).toHaveCount(3);
	await list.getByLabel('Jenis').selectOption({ label: 'Perbaikan SOP' });
	await list.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/[?&]type=sop_improvement/);
	await expect(list.getByRole('row')).toHaveCount(2);
	// The list reads documents.title, which the projection writes from the title root once the
	// edits settle (or the room unloads): wait for it rather than assume it is already there.
	await expect(async () => {
		await page.reload();
		await expect(list.getByRole('link', { name: renamed })).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await page.goto(`${teamPath}?status=draft`);
	await expect(list.getByRole('link', { name: 'Retrospektif Mei' })).toBeVisible();
	await expect(list.getByRole('link', { name: renamed })).toHaveCount(0);
	await page.goto(`${teamPath}?q=revisi`);
	await expect(list.getByLabel('Cari judul')).toHaveValue('revisi');
	await expect(list.getByRole('row')).toHaveCount(2);
	await page.goto(`${teamPath}?q=tidak-ada`);
	await expect(list).toContainText('Tidak ada dokumen yang cocok dengan filter ini.');

	// A colleague outside the team: 404 on a team-only document, read-only once it is organisation-wide.
	await page.goto(`/o/${orgId}/members`);
	await page.getByRole('button', { name: ID.inviteCreate }).click();
	const link = await page.getByLabel(ID.inviteLink).inputValue();
	const budi = newUser('budi', 'Budi Santoso');
	const other = await newPage(browser);
	try {
		const page2 = other.page;
		await register(page2, budi, { from: `/register?next=${encodeURIComponent(new URL(link).pathname)}`, landing: /\/invite\// });
		await page2.getByRole('button', { name: ID.inviteAccept }).click();
		await expect(page2).toHaveURL(`/o/${orgId}`);
		const response = await page2.goto(`/o/${orgId}/d/${sopId}`);
		expect(response?.status()).toBe(404);
		await page2.goto(teamPath);
		await expect(page2.getByRole('region', { name: 'Dokumen', exact: true })).toContainText('Belum ada dokumen di tim ini.');

		await page.goto(`/o/${orgId}/d/${sopId}`);
		// "Bagikan" opens its popover only once the page is hydrated; a click before that is lost.
		await hydrated(page);
		await share('Seluruh organisasi');

		await page2.goto(`/o/${orgId}/d/${sopId}`);
		await expect(page2.getByText('Anda dapat membaca dokumen ini, tetapi tidak mengubahnya.')).toBeVisible();
		const readOnly = page2.getByRole('textbox', { name: `Isi dokumen ${renamed}` });
		await expect(readOnly).toHaveAttribute('contenteditable', 'false');
		await expect(readOnly).toHaveAttribute('aria-readonly', 'true');
		await expect(readOnly).toContainText('Petugas cadangan disiapkan sebelum jam sibuk.');
		await expect(page2.getByRole('toolbar')).toHaveCount(0);
		await expect(page2.getByRole('button', { name: 'Bagikan' })).toHaveCount(0);
		await expect(page2.getByRole('heading', { level: 1, name: renamed })).not.toHaveAttribute('contenteditable');
		await expect(readOnly.getByRole('button', { name: 'Ubah indikator' })).toHaveCount(0);
		await expect(readOnly.getByRole('textbox', { name: 'Judul pelajaran' })).not.toBeEditable();
		await expect(page2.locator('.save-status')).toHaveText('Tersimpan');

		// Back to team-only: the open socket loses access and the reader is told why.
		await share('Tim saja');
		await expect(page2.getByRole('alert')).toContainText('Akses Anda ke dokumen ini telah dicabut.');
	} finally {
		await other.context.close();
	}

	// Archive: read-only for everyone (its editor too), hidden from the list unless asked for, and restorable.
	await page.goto(`/o/${orgId}/d/${sopId}`);
	const editorBody = page.getByRole('textbox', { name: `Isi dokumen ${renamed}` });
	await expect(editorBody).toHaveAttribute('contenteditable', 'true');
	await fromMenu('menuitem', 'Arsipkan');
	await expect(page.getByText('Dokumen ini diarsipkan dan hanya dapat dibaca.')).toBeVisible();
	await expect(editorBody).toHaveAttribute('contenteditable', 'false');
	await expect(editorBody).toHaveAttribute('aria-readonly', 'true');
	await expect(page.getByRole('toolbar', { name: 'Format teks' })).toHaveCount(0);
	await expect(editorBody.getByRole('button', { name: 'Ubah indikator' })).toHaveCount(0);
	// No edit forms on an archived document: no sharing, no status, a title that is only a heading.
	await expect(page.getByRole('button', { name: 'Bagikan' })).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveAttribute('contenteditable');
	await page.getByRole('button', { name: 'Menu dokumen' }).click();
	await expect(page.getByRole('menu').getByRole('menuitemradio')).toHaveCount(0);
	await page.keyboard.press('Escape');
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
	await page.reload();
	await expect(editorBody).toHaveAttribute('contenteditable', 'false');
	await expect(editorBody).toContainText('Petugas cadangan disiapkan sebelum jam sibuk.');
	await page.goto(teamPath);
	await expect(list.getByRole('link', { name: renamed })).toHaveCount(0);
	await list.getByLabel('Tampilkan yang diarsipkan').check();
	await list.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/[?&]archived=1/);
	await expect(list.getByRole('row').filter({ hasText: renamed })).toContainText('Diarsipkan');
	await page.goto(`/o/${orgId}/d/${sopId}`);
	// The "⋯" menu opens only once the page is hydrated; a click before that is lost.
	await hydrated(page);
	await fromMenu('menuitem', 'Pulihkan dari arsip');
	await expect(page.getByText('Dokumen ini diarsipkan dan hanya dapat dibaca.')).toBeHidden();
	await expect(editorBody).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByRole('toolbar', { name: 'Format teks' })).toBeVisible();
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
});

test('"/pel" and Enter typed before the slash menu\'s code has arrived still insert the lesson block', async ({ page, context }) => {
	await registerQuickly(context, newUser('cepat', 'Dewi Lestari'));
	const orgId = await createOrgQuickly(context, ORG_NAME);
	const teamId = await createTeamQuickly(context, orgId, TEAM_NAME);
	const title = 'Loket tutup lebih awal';
	const documentId = await createDocumentQuickly(context, orgId, teamId, title, 'sop_improvement');
	await page.goto(`/o/${orgId}/d/${documentId}`);
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
	await hydrated(page);
	const body = page.getByRole('textbox', { name: `Isi dokumen ${title}` });
	const lessons = body.locator('[data-type="lesson"]');
	const before = await lessons.count();

	// A slow line: every script fetched from now on (the slash menu's, on the first "/") takes 1.5 s.
	const delayed: string[] = [];
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		delayed.push(route.request().url());
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		await route.continue();
	});
	await body.locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('/pel');
	await page.keyboard.press('Enter');
	// The menu's script is fetched through the slow route, so the Enter came 1.5 s before it.
	await expect.poll(() => delayed.length).toBeGreaterThan(0);
	await expect(page.getByRole('listbox', { name: 'Sisipkan blok' })).toBeHidden();

	await expect(lessons).toHaveCount(before + 1);
	await expect(body).not.toContainText('/pel');
	// The caret is in the new lesson's body, as after a menu chosen at leisure.
	await page.keyboard.type('Loket buka sampai antrean habis.');
	await expect(lessons.last()).toContainText('Loket buka sampai antrean habis.');
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
});
