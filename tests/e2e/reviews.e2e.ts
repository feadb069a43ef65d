import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { hydrated } from './helpers';
import { registerUser, seedWorkspace } from './workspace-seed';

/**
 * Review and sign-off in two browsers: the team's member (the document's creator) asks for
 * review from the review chip's panel — the mentor ticked, a knowledge manager added through
 * the combobox by keyboard —, the mentor approves with a note, the document and the team's list
 * say "Disetujui", and an edit of the body afterwards makes it "Diubah setelah disetujui".
 */

async function action(request: APIRequestContext, origin: string, path: string, form: Record<string, string>): Promise<void> {
	const response = await request.post(`${origin}${path}`, {
		form,
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	expect(((await response.json()) as { type: string }).type, path).toBe('success');
}

const chip = (page: Page) => page.getByRole('button', { name: /^Tinjauan: / });

test('the member asks for review, the mentor approves with a note, an edit afterwards shows as changed', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	const managerContext = await browser.newContext();
	try {
		const manager = await registerUser(managerContext, origin, 'pengelola', 'Sinta Pengelola');
		await action(ws.adminContext.request, origin, `/o/${ws.orgId}/members?/add`, { email: manager.email, role: 'knowledge_manager' });

		// The admin (a member of the team, who created the document) makes the viewer its mentor.
		const member = await ws.adminContext.newPage();
		await member.goto(`/o/${ws.orgId}/teams/${ws.teamId}?tab=members`);
		await member.getByLabel('Orang').selectOption({ label: `${ws.viewer.name} (${ws.viewer.email})` });
		await member.getByLabel('Peran di tim').last().selectOption({ label: 'Mentor' });
		await member.getByRole('button', { name: 'Tambahkan ke tim' }).click();
		await expect(member.getByRole('status')).toHaveText('Tersimpan.');

		await test.step('the member asks the mentor and the knowledge manager', async () => {
			await member.goto(`/o/${ws.orgId}/d/${ws.documentId}`);
			await expect(chip(member)).toHaveText('Belum ditinjau');
			// Hydrated and connected: the chip's handler is there.
			await expect(member.locator('.save-status')).toHaveText('Tersimpan');
			await chip(member).click();
			const panel = member.getByRole('region', { name: 'Tinjauan' });
			await expect(panel).toBeFocused();
			await expect(panel.getByRole('checkbox', { name: /Budi Santoso/ })).toBeChecked();
			// Added through the combobox, by keyboard.
			const add = panel.getByRole('combobox', { name: 'Tambah peninjau' });
			await add.focus();
			await member.keyboard.type('Sinta');
			await expect(member.getByRole('option', { name: /Sinta Pengelola/ })).toBeVisible();
			// Esc with the list open closes the list, not the side panel around it.
			await member.keyboard.press('Escape');
			await expect(member.getByRole('listbox')).toHaveCount(0);
			await expect(panel).toBeVisible();
			await member.keyboard.type(' ');
			await expect(member.getByRole('option', { name: /Sinta Pengelola/ })).toBeVisible();
			await member.keyboard.press('ArrowDown');
			await member.keyboard.press('Enter');
			await expect(panel.getByRole('checkbox', { name: /Sinta Pengelola/ })).toBeChecked();
			await panel.getByLabel('Catatan (opsional)').fill('Mohon ditinjau bagian akar masalah.');
			await panel.getByRole('button', { name: 'Minta tinjauan' }).click();
			await expect(panel.getByRole('status')).toHaveText('Permintaan tinjauan dikirim.');
			await expect(chip(member)).toHaveText('Menunggu tinjauan');
			await expect(panel.getByRole('list', { name: 'Peninjau' }).getByRole('listitem')).toHaveText([
				/Budi Santoso\s*Belum memberi keputusan/,
				/Sinta Pengelola\s*Belum memberi keputusan/
			]);
			// The creator cannot decide on their own document.
			await expect(panel.getByRole('button', { name: 'Disetujui' })).toHaveCount(0);
		});

		const mentor = await ws.viewerContext.newPage();
		await test.step('the mentor approves with a note', async () => {
			await mentor.goto(`/o/${ws.orgId}/d/${ws.documentId}`);
			await expect(chip(mentor)).toHaveText('Menunggu tinjauan');
			await expect(mentor.locator('.save-status')).toHaveText('Tersimpan');
			await chip(mentor).click();
			const panel = mentor.getByRole('region', { name: 'Tinjauan' });
			await expect(panel).toContainText('Mohon ditinjau bagian akar masalah.');
			await panel.getByLabel('Catatan (opsional)').fill('Sudah jelas, lanjutkan.');
			await panel.getByRole('button', { name: 'Disetujui' }).click();
			await expect(panel.getByRole('status')).toHaveText('Keputusan Anda tercatat.');
			await expect(chip(mentor)).toHaveText('Disetujui');
			const budi = panel.getByRole('list', { name: 'Peninjau' }).getByRole('listitem').first();
			await expect(budi).toContainText('Sudah jelas, lanjutkan.');
			await expect(budi).toContainText(/Disetujui, \d/);
		});

		await test.step("the document and the team's list show it", async () => {
			await member.goto(`/o/${ws.orgId}/teams/${ws.teamId}`);
			const row = member.getByRole('row', { name: new RegExp(ws.documentTitle) });
			await expect(row.getByRole('cell').nth(3)).toHaveText('Disetujui');
			// The filter applies as it changes only once the page is hydrated (without script it waits for "Terapkan").
			await hydrated(member);
			await member.getByLabel('Tinjauan').selectOption({ label: 'Menunggu tinjauan' });
			await expect(member.getByText('Tidak ada dokumen yang cocok')).toBeVisible();
		});

		await test.step('an edit of the body afterwards shows as changed after approval', async () => {
			await member.goto(`/o/${ws.orgId}/d/${ws.documentId}`);
			const body = member.getByRole('textbox', { name: `Isi dokumen ${ws.documentTitle}` });
			await expect(body).toHaveAttribute('contenteditable', 'true');
			await body.click();
			await member.keyboard.type('Loket dua dibuka pukul tujuh. ');
			await expect(member.locator('.save-status')).toHaveText('Tersimpan');
			// The projection follows the edits within its debounce; the page reads it on load.
			await expect(async () => {
				await mentor.reload();
				await expect(chip(mentor)).toHaveText('Diubah setelah disetujui', { timeout: 1000 });
			}).toPass({ timeout: 30_000 });
		});
	} finally {
		await managerContext.close();
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
