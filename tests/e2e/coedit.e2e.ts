import { expect, test, type Locator, type Page } from '@playwright/test';
import { createOrg, createTeam, ID, newPage, newUser, ORG_NAME, register } from './helpers';

const TEAM_NAME = 'Bidang Pelayanan Pendaftaran Penduduk';
const TITLE = 'Antrean KTP-el melebihi 3 jam pada 12 Mei';

/** The document's editing area (its accessible name carries the title). */
function body(page: Page): Locator {
	return page.getByRole('textbox', { name: `Isi dokumen ${TITLE}` });
}

/** The save status label (role=status, aria-live=polite): Tersimpan / Belum tersimpan / Offline. */
function saveStatus(page: Page): Locator {
	return page.locator('.save-status[role="status"]');
}

/** The document text without the other writers' caret labels (widgets, not content). */
function bodyText(page: Page): Promise<string> {
	return body(page).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
		return copy.textContent ?? '';
	});
}

/** Puts the caret at the end of the document (the template ends with an empty paragraph) and types. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
	// The last paragraph, not the middle of the editor: that may be a block's non-editable header.
	await body(page).locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text, { delay: 15 });
}

test('two colleagues co-edit a failure analysis live; one goes offline, types, comes back, and both converge', async ({ page, browser }) => {
	// Two accounts (argon2), an organisation, a team, an invitation and a document before the
	// editing starts: most of the time goes there, and a loaded CI machine doubles it.
	test.setTimeout(240_000);
	const rina = newUser('rina', 'Rina Kusumawati');
	await register(page, rina);
	const orgId = await createOrg(page, ORG_NAME);
	const teamId = await createTeam(page, orgId, TEAM_NAME);

	// Invite Budi into the team (members page), so both are editors of the team's documents.
	await page.goto(`/o/${orgId}/members`);
	await page.getByLabel(ID.teamOptional).selectOption({ label: TEAM_NAME });
	await page.getByRole('button', { name: ID.inviteCreate }).click();
	const link = await page.getByLabel(ID.inviteLink).inputValue();

	// Rina creates a failure analysis from the team page and lands on it.
	await page.goto(`/o/${orgId}/teams/${teamId}`);
	const form = page.getByRole('region', { name: 'Dokumen baru' });
	await form.getByLabel('Jenis dokumen').selectOption({ label: 'Analisis kegagalan' });
	await form.getByLabel('Judul').fill(TITLE);
	await form.getByRole('button', { name: 'Buat dokumen' }).click();
	await expect(page).toHaveURL(new RegExp(`/o/${orgId}/d/[0-9a-f-]{36}$`));
	const documentPath = new URL(page.url()).pathname;
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	// The template is there: its sections come from the server's seeded state.
	await expect(body(page).getByRole('heading', { name: 'Akar masalah (5 mengapa)' })).toBeVisible();
	await expect(saveStatus(page)).toHaveText('Tersimpan');

	const budi = newUser('budi', 'Budi Santoso');
	const other = await newPage(browser);
	try {
		const page2 = other.page;
		await register(page2, budi, { from: `/register?next=${encodeURIComponent(new URL(link).pathname)}`, landing: /\/invite\// });
		await page2.getByRole('button', { name: ID.inviteAccept }).click();
		await expect(page2).toHaveURL(`/o/${orgId}/teams/${teamId}`);
		// The team's document list links to the new document.
		await page2.getByRole('table').getByRole('link', { name: TITLE }).click();
		await expect(page2).toHaveURL(documentPath);
		await expect(body(page2).getByRole('heading', { name: 'Ringkasan' })).toBeVisible();
		await expect(saveStatus(page2)).toHaveText('Tersimpan');

		// Presence: each sees the other.
		await expect(page.getByRole('region', { name: 'Sedang di sini' })).toContainText(budi.name);
		await expect(page.getByRole('region', { name: 'Sedang di sini' })).toContainText(`${rina.name} (Anda)`);
		await expect(page2.getByRole('region', { name: 'Sedang di sini' })).toContainText(rina.name);
		await expect(page2.getByRole('region', { name: 'Sedang di sini' })).toContainText(`${budi.name} (Anda)`);

		// Live text in both directions, and each sees the other's caret with their name.
		await typeAtEnd(page, 'Layanan terhenti karena server SIAK mati.');
		await expect(body(page2)).toContainText('Layanan terhenti karena server SIAK mati.');
		await typeAtEnd(page2, ' Warga menunggu di ruang tunggu.');
		await expect(body(page)).toContainText('Warga menunggu di ruang tunggu.');
		await expect(page.locator('.collaboration-carets__label', { hasText: budi.name })).toBeVisible();
		await expect(page2.locator('.collaboration-carets__label', { hasText: rina.name })).toBeVisible();
		// Saved means committed on the server (not a timer): both labels come back to Tersimpan.
		await expect(saveStatus(page)).toHaveText('Tersimpan');
		await expect(saveStatus(page2)).toHaveText('Tersimpan');

		// Budi loses the network: the label says so, and he keeps typing.
		await other.context.setOffline(true);
		await expect(saveStatus(page2)).toContainText('Offline');
		await typeAtEnd(page2, ' Ditulis di kereta tanpa sinyal.');
		await typeAtEnd(page, ' Sementara itu Rina menambah catatan.');
		await expect(body(page2)).toContainText('Ditulis di kereta tanpa sinyal.');
		await expect(body(page)).not.toContainText('Ditulis di kereta tanpa sinyal.');
		await expect(body(page2)).not.toContainText('Sementara itu Rina menambah catatan.');

		// Back online: both converge on the same text, and both are saved.
		await other.context.setOffline(false);
		await expect(body(page)).toContainText('Ditulis di kereta tanpa sinyal.');
		await expect(body(page2)).toContainText('Sementara itu Rina menambah catatan.');
		await expect(saveStatus(page2)).toHaveText('Tersimpan');
		await expect(saveStatus(page)).toHaveText('Tersimpan');
		await expect.poll(async () => (await bodyText(page)) === (await bodyText(page2))).toBe(true);

		// A fresh load (from the server and IndexedDB) shows the merged document.
		await page2.reload();
		await expect(body(page2)).toContainText('Ditulis di kereta tanpa sinyal.');
		await expect(body(page2)).toContainText('Sementara itu Rina menambah catatan.');
	} finally {
		await other.context.close();
	}
});
