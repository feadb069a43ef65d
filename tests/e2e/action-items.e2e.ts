import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly } from './helpers';
import { seedWorkspace } from './workspace-seed';

/**
 * Action items (issue 15) in Chromium: in a retrospective, an action is added from the slash menu,
 * its owner picked by keyboard in the combobox and a past due date set — it says "Terlambat".
 * A new retrospective of the same team opens with it under "Tindak lanjut dari retrospektif
 * sebelumnya" (axe finds nothing there); ticked done in its source document, it leaves the list.
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const OWNER = 'Rina Kusumawati';
const ACTION = 'Perbarui SOP loket antrean';

async function openBody(page: Page, path: string) {
	await page.goto(path);
	const body = page.getByRole('textbox', { name: /^Isi dokumen / });
	// The first connection to the sync server can be slow on a loaded machine.
	await expect(body).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
	return body;
}

async function expectAccessible(page: Page, state: string): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(result.violations.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('an overdue action from one retrospective is followed up in the next, and leaves the list once done at its source', async ({ browser }) => {
	test.setTimeout(240_000);
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	try {
		await registerQuickly(context, newUser('tindakan', OWNER));
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamId = await createTeamQuickly(context, orgId, TEAM);
		const first = await createDocumentQuickly(context, orgId, teamId, 'Retrospektif Januari', 'retrospective');
		const page = await context.newPage();

		// The action, from the slash menu, by keyboard.
		const body = await openBody(page, `/o/${orgId}/d/${first}`);
		// The template's last section, "Yang akan kami coba", ends with an empty paragraph.
		await body.locator('p').last().click();
		await page.keyboard.type('/tindakan');
		await expect(page.getByRole('listbox', { name: 'Sisipkan blok' }).getByRole('option')).toHaveText(['Tindakan']);
		await page.keyboard.press('Enter');
		await page.keyboard.type(ACTION);
		const item = body.locator('li[data-type="taskItem"]', { hasText: ACTION });
		await expect(item).toHaveCount(1);

		// "[ ] " at the start of a new paragraph starts another item.
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await page.keyboard.type('[ ] Latih petugas shift pagi');
		await expect(body.locator('li[data-type="taskItem"]', { hasText: 'Latih petugas shift pagi' })).toHaveCount(1);

		// The owner, by keyboard: the field becomes the combobox, type, arrow, Enter.
		const owner = item.getByRole('combobox', { name: `Penanggung jawab untuk: ${ACTION}` });
		await owner.focus();
		await expect(owner).toBeFocused();
		await page.keyboard.type('rina');
		await expect(page.getByRole('option', { name: OWNER })).toBeVisible();
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await expect(owner).toHaveValue(OWNER);

		// A due date in the past: flagged in words, not only by colour.
		const due = item.getByLabel(`Tenggat untuk: ${ACTION}`);
		await due.fill('2026-01-15');
		await due.blur();
		await expect(item.getByText('Terlambat', { exact: true })).toBeVisible();
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan', { timeout: 30_000 });

		// The next retrospective of the team opens with it.
		const second = await createDocumentQuickly(context, orgId, teamId, 'Retrospektif Februari', 'retrospective');
		await page.goto(`/o/${orgId}/d/${second}`);
		const followUp = page.getByRole('region', { name: 'Tindak lanjut dari retrospektif sebelumnya' });
		const listed = followUp.getByRole('listitem').filter({ hasText: ACTION });
		await expect(async () => {
			await page.reload();
			await expect(listed).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 60_000 });
		await expect(listed).toContainText(`Penanggung jawab: ${OWNER}`);
		await expect(listed).toContainText('Tenggat 15 Jan 2026');
		await expect(listed.getByText('Terlambat', { exact: true })).toBeVisible();
		await expect(followUp.getByRole('listitem').filter({ hasText: 'Latih petugas shift pagi' })).toContainText('Belum ada penanggung jawab');
		await expect(page.getByRole('textbox', { name: /^Isi dokumen / })).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		await expectAccessible(page, 'follow-up shown');

		// Collapsible.
		const toggle = followUp.getByRole('button', { name: 'Tindak lanjut dari retrospektif sebelumnya' });
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-expanded', 'false');
		await expect(listed).toBeHidden();
		await toggle.click();
		await expect(listed).toBeVisible();

		// Done at its source: the link opens it, the tick is there.
		await listed.getByRole('link', { name: 'Retrospektif Januari' }).click();
		await expect(page).toHaveURL(new RegExp(`/d/${first}$`));
		const sourceBody = page.getByRole('textbox', { name: /^Isi dokumen / });
		await expect(sourceBody).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		const done = sourceBody.getByRole('checkbox', { name: `Tandai selesai: ${ACTION}` });
		await done.check();
		await expect(done).toBeChecked();
		// Done is no longer late.
		await expect(sourceBody.locator('li[data-type="taskItem"]', { hasText: ACTION }).getByText('Terlambat', { exact: true })).toBeHidden();
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan', { timeout: 30_000 });

		await page.goto(`/o/${orgId}/d/${second}`);
		await expect(async () => {
			await page.reload();
			await expect(followUp.getByRole('listitem').filter({ hasText: 'Latih petugas shift pagi' })).toBeVisible({ timeout: 1000 });
			await expect(listed).toHaveCount(0, { timeout: 1000 });
		}).toPass({ timeout: 60_000 });
	} finally {
		await context.close();
	}
});

test('a viewer sees an action item read-only: done, owner and due date as text, nothing to change', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		const page = await ws.adminContext.newPage();
		const body = await openBody(page, `/o/${ws.orgId}/d/${ws.documentId}`);
		await body.locator('p').last().click();
		await page.keyboard.type('[ ] Rapat evaluasi loket');
		const item = body.locator('li[data-type="taskItem"]', { hasText: 'Rapat evaluasi loket' });
		const owner = item.getByRole('combobox', { name: 'Penanggung jawab untuk: Rapat evaluasi loket' });
		await owner.focus();
		await page.keyboard.type('rina');
		// The team's people are fetched when the field is first used: choose once they are listed.
		await expect(page.getByRole('option', { name: ws.admin.name })).toBeVisible();
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await expect(owner).toHaveValue(ws.admin.name);
		await item.getByLabel('Tenggat untuk: Rapat evaluasi loket').fill('2030-12-01');
		await expect(item.getByText('Terlambat', { exact: true })).toBeHidden();
		await expect(page.locator('.save-status[role="status"]')).toHaveText('Tersimpan', { timeout: 30_000 });

		const reader = await ws.viewerContext.newPage();
		await reader.goto(`/o/${ws.orgId}/d/${ws.documentId}`);
		const seen = reader.getByRole('textbox', { name: /^Isi dokumen / }).locator('li[data-type="taskItem"]', { hasText: 'Rapat evaluasi loket' });
		await expect(seen).toContainText(`Penanggung jawab: ${ws.admin.name}`, { timeout: 30_000 });
		await expect(seen).toContainText('Tenggat 1 Des 2030');
		await expect(seen.getByRole('checkbox', { name: 'Tandai selesai: Rapat evaluasi loket' })).toBeDisabled();
		await expect(seen.getByRole('combobox')).toHaveCount(0);
		await expect(seen.locator('input[type="date"]')).toHaveCount(0);
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
