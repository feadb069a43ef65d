import { expect, test, type Page } from '@playwright/test';
import { createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly, submitAndWait } from './helpers';

const TEAM = 'Bidang Pelayanan Akta';

async function createDocument(page: Page, orgId: string, teamId: string, title: string): Promise<string> {
	await page.goto(`/o/${orgId}/teams/${teamId}`);
	const form = page.getByRole('region', { name: 'Dokumen baru' });
	await form.getByLabel('Jenis dokumen').selectOption({ label: 'Perbaikan SOP' });
	await form.getByLabel('Judul').fill(title);
	await form.getByRole('button', { name: 'Buat dokumen' }).click();
	await expect(page).toHaveURL(new RegExp(`/o/${orgId}/d/[0-9a-f-]{36}$`));
	await expect(page.locator('.save-status')).toHaveText('Tersimpan');
	return new URL(page.url()).pathname.split('/')[4];
}

/** Puts the focus on a control and activates it with Enter, as a keyboard user does. */
async function pressWithKeyboard(page: Page, control: ReturnType<Page['getByRole']>): Promise<void> {
	await control.focus();
	await expect(control).toBeFocused();
	await page.keyboard.press('Enter');
}

test('an admin archives and restores a team, and deletes a document and then the team permanently after typing their names', async ({ page, context }) => {
	test.setTimeout(180_000);
	const admin = newUser('arsip', 'Dewi Admin');
	await registerQuickly(context, admin);
	const orgId = await createOrgQuickly(context, ORG_NAME);
	const teamId = await createTeamQuickly(context, orgId, TEAM);
	const sopTitle = 'SOP penerbitan akta kelahiran';
	const sopId = await createDocument(page, orgId, teamId, sopTitle);
	const body = page.getByRole('textbox', { name: `Isi dokumen ${sopTitle}` });
	await expect(body).toHaveAttribute('contenteditable', 'true');

	// Archive: the team leaves the organisation's list, its document turns read-only.
	const teamPath = `/o/${orgId}/teams/${teamId}`;
	// Archiving, restoring and deleting are on the team page's settings tab.
	const settingsPath = `${teamPath}?tab=settings`;
	await page.goto(settingsPath);
	const archivePanel = page.getByRole('region', { name: 'Arsipkan tim' });
	await expect(archivePanel).toContainText('Tidak ada yang dihapus');
	await submitAndWait(page, () => pressWithKeyboard(page, archivePanel.getByRole('button', { name: 'Arsipkan tim' })), teamPath);
	await expect(page.getByRole('status')).toHaveText('Tim diarsipkan.');
	await expect(page.getByText('Tim ini diarsipkan: dokumennya hanya dapat dibaca.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Dokumen baru' })).toHaveCount(0);

	await page.goto(`/o/${orgId}`);
	await expect(page.getByRole('main').getByRole('heading', { level: 2, name: TEAM })).toHaveCount(0);
	const archived = page.getByRole('region', { name: 'Tim yang diarsipkan' });
	await expect(archived.getByRole('link', { name: TEAM })).toBeVisible();

	await page.goto(`/o/${orgId}/d/${sopId}`);
	await expect(page.getByText('Tim dokumen ini diarsipkan, jadi dokumen ini hanya dapat dibaca.')).toBeVisible();
	await expect(body).toHaveAttribute('contenteditable', 'false');
	await expect(body).toHaveAttribute('aria-readonly', 'true');

	// Restore: back in the list, the document editable again.
	await page.goto(settingsPath);
	const restorePanel = page.getByRole('region', { name: 'Pulihkan tim' });
	await submitAndWait(page, () => pressWithKeyboard(page, restorePanel.getByRole('button', { name: 'Pulihkan tim' })), teamPath);
	await expect(page.getByRole('status')).toHaveText('Tim dipulihkan.');
	await page.goto(`/o/${orgId}`);
	await expect(page.getByRole('main').getByRole('heading', { level: 2, name: TEAM })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Tim yang diarsipkan' })).toHaveCount(0);
	await page.goto(`/o/${orgId}/d/${sopId}`);
	await expect(body).toHaveAttribute('contenteditable', 'true');

	// Delete a second document permanently from its page: it says what goes and what stays.
	const retroTitle = 'Retrospektif triwulan';
	const retroId = await createDocument(page, orgId, teamId, retroTitle);
	const docPath = `/o/${orgId}/d/${retroId}`;
	// It sits in the document's details panel, opened from the header.
	await page.getByRole('button', { name: 'Panel rincian' }).click();
	const docDelete = page.getByRole('region', { name: 'Hapus dokumen secara permanen' });
	await expect(docDelete).toContainText('Isi dokumen, utas komentar, berbagi, dan riwayat suntingannya');
	await expect(docDelete).toContainText('Perubahan proses: ');
	const docConfirm = docDelete.getByLabel(`Ketik «${retroTitle}» untuk mengonfirmasi`);
	await docConfirm.fill('Retrospektif');
	await submitAndWait(page, () => docDelete.getByRole('button', { name: 'Hapus dokumen secara permanen' }).click(), docPath);
	// Refused, with the reason, and what was typed is still there.
	await expect(docDelete.getByRole('alert')).toHaveText('Yang Anda ketik tidak sama dengan nama yang diminta. Tidak ada yang dihapus.');
	await expect(docConfirm).toHaveValue('Retrospektif');
	await expect(docConfirm).toHaveAttribute('aria-invalid', 'true');
	await docConfirm.fill(retroTitle);
	await docConfirm.press('Enter');
	await expect(page).toHaveURL(`${teamPath}?deleted=document`);
	await expect(page.getByRole('status')).toHaveText('Dokumen dihapus secara permanen.');
	expect((await page.request.get(docPath)).status()).toBe(404);

	// Delete the team permanently: the counts of what goes and what stays, then the typed name.
	await page.goto(settingsPath);
	const teamDelete = page.getByRole('region', { name: 'Hapus tim secara permanen' });
	await expect(teamDelete).toContainText('riwayat suntingannya: 1');
	// The admin who created the team is its one member.
	await expect(teamDelete).toContainText('Keanggotaan tim: 1');
	await expect(teamDelete).toContainText('Pemakaian ulang pelajaran-pelajaran itu di dokumen lain dan semua angka metrik tidak berubah');
	const teamConfirm = teamDelete.getByLabel(`Ketik «${TEAM}» untuk mengonfirmasi`);
	await teamConfirm.fill(TEAM.toUpperCase());
	await submitAndWait(page, () => teamDelete.getByRole('button', { name: 'Hapus tim secara permanen' }).click(), teamPath);
	await expect(teamDelete.getByRole('alert')).toBeVisible();
	await expect(teamConfirm).toHaveValue(TEAM.toUpperCase());
	await teamConfirm.fill(TEAM);
	await teamConfirm.press('Enter');
	await expect(page).toHaveURL(`/o/${orgId}?deleted=team`);
	await expect(page.getByRole('status')).toHaveText('Tim dihapus secara permanen.');
	await expect(page.getByRole('main').getByRole('heading', { level: 2, name: TEAM })).toHaveCount(0);
	expect((await page.request.get(teamPath)).status()).toBe(404);
	expect((await page.request.get(`/o/${orgId}/d/${sopId}`)).status()).toBe(404);
});
