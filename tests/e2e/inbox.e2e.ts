import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { seedWorkspace } from './workspace-seed';

/**
 * The inbox, in two browsers: the document's editor mentions a colleague in a comment; the
 * colleague's unread count (the sidebar's "Kotak masuk" and the top bar's bell) rises without a
 * reload, the inbox lists the mention and opens its thread, and marking read lowers the count
 * everywhere. axe finds nothing on the inbox, full and empty.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test('a mention raises the other user’s unread count live; the inbox lists it, opens its thread and marks it read', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		const writer = await ws.adminContext.newPage();
		const reader = await ws.viewerContext.newPage();
		const inboxHref = `/o/${ws.orgId}/inbox`;
		// The reader is somewhere else in the organisation, with no notification yet.
		const streamOpened = reader.waitForResponse((r) => r.url().endsWith(`/api/orgs/${ws.orgId}/notifications/stream`));
		await reader.goto(`${origin}/o/${ws.orgId}`);
		const sidebarInbox = reader.getByRole('navigation', { name: /^Navigasi / }).getByRole('link', { name: /^Kotak masuk/ });
		const bell = reader.getByRole('banner').getByRole('link', { name: /^Kotak masuk/ });
		await expect(sidebarInbox).toHaveAccessibleName('Kotak masuk');
		await expect(bell).toHaveAccessibleName('Kotak masuk');
		await expect(bell).toHaveAttribute('href', inboxHref);
		// Hydrated, with the stream open (the first count arrived): what follows must come live.
		expect((await streamOpened).status()).toBe(200);
		const readerUrl = reader.url();

		await test.step('the writer mentions the reader in a document-level comment', async () => {
			await writer.goto(`${origin}/o/${ws.orgId}/d/${ws.documentId}`);
			// The editor is up: the page is hydrated and its buttons act.
			await expect(writer.getByRole('textbox', { name: `Isi dokumen ${ws.documentTitle}` })).toBeVisible();
			const toggle = writer.getByRole('button', { name: /^Komentar \(/ });
			await toggle.click();
			await expect(toggle).toHaveAttribute('aria-expanded', 'true');
			const composer = writer.getByRole('complementary').getByRole('combobox', { name: 'Komentar umum' });
			await composer.focus();
			await writer.keyboard.type('Mohon dicek, @Bud');
			await expect(writer.getByRole('listbox', { name: 'Sebut anggota' }).getByRole('option')).toHaveText([ws.viewer.name]);
			await writer.keyboard.press('Enter');
			await writer.keyboard.type('bagian antrean.');
			await writer.keyboard.press('Control+Enter');
			await expect(writer.getByRole('complementary').locator('li.thread')).toContainText(`@${ws.viewer.name} bagian antrean.`);
		});

		await test.step('the reader’s count rises without a reload', async () => {
			await expect(bell).toHaveAccessibleName('Kotak masuk, 1 belum dibaca', { timeout: 20_000 });
			await expect(sidebarInbox).toHaveAccessibleName('Kotak masuk, 1 belum dibaca');
			expect(reader.url()).toBe(readerUrl);
		});

		await test.step('the inbox lists the mention, unread, and axe finds nothing', async () => {
			await bell.click();
			await expect(reader).toHaveURL(`${origin}${inboxHref}`);
			await expect(reader.getByRole('heading', { level: 1, name: 'Kotak masuk' })).toBeVisible();
			const list = reader.getByRole('list', { name: 'Pemberitahuan' });
			const item = list.getByRole('listitem');
			await expect(item).toHaveCount(1);
			const link = item.getByRole('link');
			await expect(link).toHaveAccessibleName(`Belum dibaca: ${ws.admin.name} menyebut Anda di ${ws.documentTitle}`);
			await expect(item).toContainText(`@${ws.viewer.name} bagian antrean.`);
			await expect(item.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
			const results = await new AxeBuilder({ page: reader }).withTags(TAGS).analyze();
			expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			await reader.screenshot({ path: testInfo.outputPath('inbox-unread.png'), fullPage: true });
			await reader.setViewportSize({ width: 390, height: 844 });
			await reader.screenshot({ path: testInfo.outputPath('inbox-unread-phone.png'), fullPage: true });
			await reader.setViewportSize({ width: 1280, height: 720 });
		});

		await test.step('marking it read lowers the count everywhere', async () => {
			await reader.getByRole('button', { name: 'Tandai sudah dibaca' }).click();
			await expect(bell).toHaveAccessibleName('Kotak masuk');
			await expect(reader.getByRole('button', { name: 'Tandai sudah dibaca' })).toHaveCount(0);
			await expect(reader.getByRole('main').getByRole('status')).toHaveText('Semua pemberitahuan sudah dibaca.');
		});

		await test.step('opening an item goes to its thread', async () => {
			const link = reader.getByRole('list', { name: 'Pemberitahuan' }).getByRole('link');
			await link.click();
			await expect(reader).toHaveURL(new RegExp(`/o/${ws.orgId}/d/${ws.documentId}\\?thread=[0-9a-f-]{36}$`));
		});

		await test.step('mark all read, and the empty inbox', async () => {
			// A second mention, read with "mark all".
			const composer = writer.getByRole('complementary').getByRole('combobox', { name: 'Komentar umum' });
			await composer.focus();
			await writer.keyboard.type('Satu lagi, @Bud');
			await writer.keyboard.press('Enter');
			await writer.keyboard.press('Control+Enter');
			// The reader is on the document now: its shell's count rises there too.
			await expect(bell).toHaveAccessibleName('Kotak masuk, 1 belum dibaca', { timeout: 20_000 });
			await reader.goto(`${origin}${inboxHref}`);
			await expect(reader.getByRole('list', { name: 'Pemberitahuan' }).getByRole('listitem')).toHaveCount(2);
			await reader.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
			await expect(bell).toHaveAccessibleName('Kotak masuk');
			await expect(reader.getByRole('button', { name: /^Tandai/ })).toHaveCount(0);

			// Someone with no notification at all: the empty state, also clean for axe.
			const empty = await ws.adminContext.newPage();
			await empty.goto(`${origin}${inboxHref}`);
			await expect(empty.getByText(/^Belum ada pemberitahuan\./)).toBeVisible();
			const results = await new AxeBuilder({ page: empty }).withTags(TAGS).analyze();
			expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		});
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
