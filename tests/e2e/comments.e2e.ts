import { expect, test, type Page } from '@playwright/test';
import { seedWorkspace } from './workspace-seed';

/**
 * Live comments between two people in two browsers: the team's member (an editor) writes, a
 * mentor (a commenter: the body is read-only to them) selects text and comments — with the
 * bubble's "Komentari" and with Ctrl+Alt+M —, the member sees the highlight and the thread
 * appear (and again over the text when the document is opened anew, a click choosing its thread),
 * replies with an @mention chosen by keyboard (the mentor's inbox count rises without a
 * reload), the mentor resolves by keyboard, and
 * deleting the commented text leaves the thread readable with its quote.
 */

const editorOf = (page: Page, title: string) => page.getByRole('textbox', { name: `Isi dokumen ${title}` });

/** Selects `needle` inside the editor's text the way a mouse drag does (a DOM selection). */
async function selectText(page: Page, needle: string): Promise<void> {
	await page.evaluate((text) => {
		const root = document.querySelector('.editor-content');
		if (!root) throw new Error('no editor');
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent?.indexOf(text) ?? -1;
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + text.length);
			const selection = window.getSelection()!;
			selection.removeAllRanges();
			selection.addRange(range);
			return;
		}
		throw new Error(`"${text}" not in the editor`);
	}, needle);
}

test('a mentor comments on selected text, the member replies with a mention, the mentor resolves; deleted text keeps its quote', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		// The second member becomes the team's mentor: a commenter on its documents.
		const people = await ws.adminContext.request.get(`${origin}/api/orgs/${ws.orgId}/documents/${ws.documentId}/people`);
		expect(people.status()).toBe(200);
		const { people: list } = (await people.json()) as { people: { id: string; name: string }[] };
		const mentorId = list.find((p) => p.name === ws.viewer.name)?.id;
		expect(mentorId).toBeTruthy();
		const setMentor = await ws.adminContext.request.post(`${origin}/o/${ws.orgId}/teams/${ws.teamId}?/setMember`, {
			form: { userId: mentorId!, role: 'mentor' },
			headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
		expect(((await setMentor.json()) as { type: string }).type).toBe('success');
		// An outsider of the organisation learns nothing of the document's people.
		const outsider = await browser.newContext();
		await outsider.request.post(`${origin}/register`, {
			form: { name: 'Orang Luar', email: `luar.${Date.now()}@example.go.id`, password: 'Rahasia-luar-2026!', confirm: 'Rahasia-luar-2026!' },
			headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
		expect((await outsider.request.get(`${origin}/api/orgs/${ws.orgId}/documents/${ws.documentId}/people`)).status()).toBe(404);
		await outsider.close();

		const member = await ws.adminContext.newPage();
		const mentor = await ws.viewerContext.newPage();
		const url = `${origin}/o/${ws.orgId}/d/${ws.documentId}`;
		await member.goto(url);
		await mentor.goto(url);
		const memberBody = editorOf(member, ws.documentTitle);
		const mentorBody = editorOf(mentor, ws.documentTitle);
		await expect(mentorBody).toHaveAttribute('aria-readonly', 'true');
		// The member's page hydrated and synced with the server (the template is in): typing before
		// that would land in an empty local document.
		await expect(member.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// The member writes a sentence; the mentor sees it.
		await memberBody.locator(':scope > p').last().click();
		await member.keyboard.press('Control+End');
		await member.keyboard.type('Antrean panjang karena formulir ganda di loket.', { delay: 5 });
		await expect(mentorBody).toContainText('formulir ganda di loket');

		// The mentor's toolbar offers commenting only.
		const mentorToolbar = mentor.getByRole('toolbar', { name: 'Format teks' });
		await expect(mentorToolbar.getByRole('button')).toHaveText(['Komentari']);

		await test.step('the mentor comments through the bubble button', async () => {
			await selectText(mentor, 'formulir ganda');
			const bubble = mentor.getByRole('toolbar', { name: 'Gaya teks terpilih' });
			await bubble.getByRole('button', { name: 'Komentari' }).click();
			const composer = mentor.getByRole('combobox', { name: 'Komentar pada teks terpilih' });
			await expect(composer).toBeFocused();
			await expect(mentor.locator('.new-thread blockquote')).toHaveText('formulir ganda');
			await composer.fill('Mengapa formulirnya ganda? <script>alert("x")</script>\nBaris kedua.');
			await mentor.keyboard.press('Control+Enter');
		});

		await test.step('the member sees the highlight and the thread live', async () => {
			await expect(member.locator('.comment-highlight')).toHaveText('formulir ganda');
			const toggle = member.getByRole('button', { name: 'Komentar (1 terbuka)' });
			await expect(toggle).toBeVisible();
			await toggle.click();
			const panel = member.getByRole('complementary');
			const thread = panel.locator('li.thread').first();
			await expect(thread).toContainText('“formulir ganda”');
			await expect(thread).toContainText(ws.viewer.name);
			// The body is text: the script tag shows as typed and no script element exists.
			await expect(thread).toContainText('<script>alert("x")</script>');
			await expect(panel.locator('script')).toHaveCount(0);
		});

		await test.step('the mentor comments with Ctrl+Alt+M', async () => {
			await selectText(mentor, 'Antrean panjang');
			await mentor.keyboard.press('Control+Alt+m');
			const composer = mentor.getByRole('combobox', { name: 'Komentar pada teks terpilih' });
			await expect(composer).toBeFocused();
			await mentor.keyboard.type('Berapa lama rata-rata antreannya?');
			await mentor.keyboard.press('Control+Enter');
			await expect(member.locator('.comment-highlight')).toHaveCount(2);
			await expect(member.getByRole('button', { name: 'Komentar (2 terbuka)' })).toBeVisible();
		});

		await test.step('opened again, the document shows its threads over the text; a click chooses one', async () => {
			// The highlights' code is fetched once the comments arrive, not with the editor.
			const again = await ws.adminContext.newPage();
			try {
				await again.goto(url);
				await expect(again.locator('.comment-highlight')).toHaveText(['Antrean panjang', 'formulir ganda']);
				await expect(again.getByRole('button', { name: 'Komentar (2 terbuka)' })).toBeVisible();
				await again.locator('.comment-highlight', { hasText: 'formulir ganda' }).click();
				await expect(again.locator('.comment-highlight.is-active')).toHaveText('formulir ganda');
				await expect(again.getByRole('complementary').getByRole('button', { name: /formulir ganda/ })).toHaveAttribute('aria-expanded', 'true');
			} finally {
				await again.close();
			}
		});

		await test.step('the member replies by keyboard, mentioning the mentor from the list', async () => {
			const panel = member.getByRole('complementary');
			const choose = panel.getByRole('button', { name: /formulir ganda/ });
			await choose.focus();
			await member.keyboard.press('Enter');
			await expect(choose).toHaveAttribute('aria-expanded', 'true');
			// Choosing the thread flashes its text in the editor.
			await expect(member.locator('.comment-highlight.is-active')).toHaveText('formulir ganda');
			const reply = panel.getByRole('combobox', { name: 'Balas' });
			await reply.focus();
			await member.keyboard.type('Sudah dicek, @Bud');
			const options = panel.getByRole('listbox', { name: 'Sebut anggota' }).getByRole('option');
			await expect(options).toHaveText([ws.viewer.name]);
			await expect(reply).toHaveAttribute('aria-activedescendant', /.+/);
			await member.keyboard.press('Enter');
			await expect(reply).toHaveValue(`Sudah dicek, @${ws.viewer.name} `);
			await member.keyboard.type('formulir B dihapus.');
			await member.keyboard.press('Control+Enter');
			await expect(panel.locator('li.thread').filter({ hasText: 'formulir ganda' })).toContainText(`@${ws.viewer.name} formulir B dihapus.`);
		});

		await test.step("the mention and the reply reach the mentor's inbox without a reload", async () => {
			// Written by the projection a few seconds after the reply; the count comes over the stream.
			const inbox = mentor.getByRole('navigation', { name: /^Navigasi / }).getByRole('link', { name: /^Kotak masuk/ });
			await expect(inbox).toHaveAccessibleName(/^Kotak masuk, [1-9]\d* belum dibaca$/, { timeout: 30_000 });
		});

		await test.step('the mentor sees the reply and resolves the thread by keyboard', async () => {
			// The panel stayed open on the comments since the mentor wrote one.
			await expect(mentor.getByRole('button', { name: 'Komentar (2 terbuka)' })).toHaveAttribute('aria-expanded', 'true');
			const panel = mentor.getByRole('complementary');
			const choose = panel.getByRole('button', { name: /formulir ganda/ });
			await expect(choose).toContainText('Balasan: 1');
			await choose.focus();
			await mentor.keyboard.press('Enter');
			const resolve = panel.getByRole('button', { name: 'Tandai selesai' });
			await resolve.focus();
			await mentor.keyboard.press('Enter');
			await expect(panel.getByRole('heading', { name: 'Selesai (1)' })).toBeVisible();
			await expect(panel.getByRole('list', { name: 'Selesai (1)' })).toContainText('formulir ganda');
			await expect(member.getByRole('button', { name: 'Komentar (1 terbuka)' })).toBeVisible();
			// A resolved thread is no longer drawn over the text.
			await expect(member.locator('.comment-highlight')).toHaveText(['Antrean panjang']);
		});

		await test.step('deleting the commented text keeps the thread with its quote', async () => {
			await memberBody.click();
			await selectText(member, 'Antrean panjang');
			await member.keyboard.press('Backspace');
			await expect(mentorBody).not.toContainText('Antrean panjang');
			const thread = mentor.getByRole('complementary').locator('li.thread').filter({ hasText: 'Berapa lama' });
			await expect(thread).toContainText('teks asli telah dihapus');
			await expect(thread).toContainText('“Antrean panjang”');
			await expect(member.locator('.comment-highlight')).toHaveCount(0);
		});
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
