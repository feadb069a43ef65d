import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { seedWorkspace } from './workspace-seed';

/**
 * A commenter (the team's mentor) comments with the keyboard alone (WCAG 2.1.1): Tab into the
 * body, arrows to move, Shift+ArrowRight to select a word, Ctrl+Alt+M, type, Ctrl+Enter. Their
 * body is editable for the browser (that is what gives it a caret) but filtered
 * (src/lib/editor/read-only-body.ts): typing, Enter, Backspace, Delete, paste, drop, cut, Ctrl+B,
 * Ctrl+Z and IME composition change nothing — in their page, in the member's page, and on the
 * server, which would close a socket that wrote to the body (4006): the mentor's stays open.
 */

const editorOf = (page: Page, title: string) => page.getByRole('textbox', { name: `Isi dokumen ${title}` });

const SENTENCE = 'Antrean panjang karena formulir ganda di loket.';

/**
 * The body as the document has it: each block's tag and text, and the marks in it. Others'
 * carets and the comment highlights are decorations (not the document), so they are left out.
 */
async function bodyShape(page: Page, title: string): Promise<string> {
	return editorOf(page, title).evaluate((root) => {
		const copy = root.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.collaboration-carets__caret, .prompt-text, .ProseMirror-gapcursor, .block-head button').forEach((el) => el.remove());
		const blocks = [...copy.children].map((el) => `${el.tagName}:${el.textContent}`);
		const marks = copy.querySelectorAll('strong, em, s, u, code, a, h1, h2, h3').length;
		return JSON.stringify({ blocks, marks });
	});
}

/** Moves the caret down from the top, by ArrowDown alone, to the start of the block holding `text`. */
async function caretToBlockWith(page: Page, text: string): Promise<void> {
	await page.keyboard.press('Control+Home');
	for (let i = 0; i < 60; i++) {
		const block = await page.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest('p, h2, h3, li')?.textContent ?? '');
		if (block.includes(text)) {
			await page.keyboard.press('Home');
			return;
		}
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`ArrowDown never reached "${text}"`);
}

test('a mentor selects and comments with the keyboard only, and cannot change the body', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		// The second member becomes the team's mentor: a commenter on its documents.
		const people = await ws.adminContext.request.get(`${origin}/api/orgs/${ws.orgId}/documents/${ws.documentId}/people`);
		const { people: list } = (await people.json()) as { people: { id: string; name: string }[] };
		const mentorId = list.find((p) => p.name === ws.viewer.name)?.id;
		expect(mentorId).toBeTruthy();
		const setMentor = await ws.adminContext.request.post(`${origin}/o/${ws.orgId}/teams/${ws.teamId}?/setMember`, {
			form: { userId: mentorId!, role: 'mentor' },
			headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
		expect(((await setMentor.json()) as { type: string }).type).toBe('success');

		const url = `${origin}/o/${ws.orgId}/d/${ws.documentId}`;
		const member = await ws.adminContext.newPage();
		await member.goto(url);
		const memberBody = editorOf(member, ws.documentTitle);
		// Hydrated and synced with the server (the template is in): typing before that would land in
		// an empty local document.
		await expect(member.locator('.save-status[role="status"]')).toHaveText('Tersimpan');

		// The member writes a sentence and a lesson with a title.
		await memberBody.locator(':scope > p').last().click();
		await member.keyboard.press('Control+End');
		await member.keyboard.type(SENTENCE, { delay: 5 });
		await member.keyboard.press('Enter');
		await member.keyboard.type('/pel');
		// The menu's code comes with the first "/" of a visit: Enter chooses once the menu is shown.
		await expect(member.getByRole('listbox', { name: 'Sisipkan blok' }).getByRole('option', { name: 'Pelajaran', exact: true })).toHaveAttribute('aria-selected', 'true');
		await member.keyboard.press('Enter');
		await member.keyboard.type('Petugas cadangan disiapkan.');
		const memberTitle = memberBody.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' });
		await memberTitle.fill('Siapkan petugas cadangan');

		// The mentor opens the document; every sync socket it opens is watched (a 4006 closes it,
		// and the provider's reconnect would open another).
		const mentor = await ws.viewerContext.newPage();
		const sockets: WebSocket[] = [];
		mentor.on('websocket', (socket) => sockets.push(socket));
		await mentor.goto(url);
		const mentorBody = editorOf(mentor, ws.documentTitle);
		await expect(mentorBody).toContainText('Petugas cadangan disiapkan.');
		const mentorTitle = mentorBody.locator('[data-type="lesson"]').getByRole('textbox', { name: 'Judul pelajaran' });
		await expect(mentorTitle).toHaveValue('Siapkan petugas cadangan');
		// Read-only to screen readers, though the browser lets a caret through it.
		await expect(mentorBody).toHaveAttribute('aria-readonly', 'true');
		await expect(mentorBody).toHaveAttribute('contenteditable', 'true');
		await expect(mentorTitle).not.toBeEditable();
		// The template's process-change block: its indicator form is the member's, not the mentor's.
		await expect(member.getByRole('button', { name: 'Ubah indikator' })).toHaveCount(1);
		await expect(mentor.getByRole('button', { name: 'Ubah indikator' })).toHaveCount(0);
		// Template prompts invite writing: the member sees them, the mentor does not.
		await expect(member.locator('.prompt-text').first()).toBeVisible();
		await expect(mentor.locator('.prompt-text').first()).toBeHidden();
		const original = await bodyShape(mentor, ws.documentTitle);
		expect(await bodyShape(member, ws.documentTitle)).toBe(original);

		await test.step('Tab reaches the body; arrows move; Shift+ArrowRight selects a word; Ctrl+Alt+M comments', async () => {
			let reached = false;
			for (let i = 0; i < 60 && !reached; i++) {
				await mentor.keyboard.press('Tab');
				reached = await mentorBody.evaluate((el) => el === document.activeElement);
			}
			expect(reached, 'the body is a Tab stop').toBe(true);
			await caretToBlockWith(mentor, SENTENCE);
			// "Antrean panjang …": eight steps right put the caret before "panjang".
			for (let i = 0; i < 8; i++) await mentor.keyboard.press('ArrowRight');
			for (let i = 0; i < 7; i++) await mentor.keyboard.press('Shift+ArrowRight');
			expect(await mentor.evaluate(() => window.getSelection()?.toString())).toBe('panjang');
			await mentor.keyboard.press('Control+Alt+m');
			const composer = mentor.getByRole('combobox', { name: 'Komentar pada teks terpilih' });
			await expect(composer).toBeFocused();
			await expect(mentor.locator('.new-thread blockquote')).toHaveText('panjang');
			await mentor.keyboard.type('Berapa menit antreannya?');
			await mentor.keyboard.press('Control+Enter');
			await expect(member.locator('.comment-highlight')).toHaveText(['panjang']);
		});

		await test.step('typing, Enter, Backspace, Delete, Ctrl+B, paste, cut, drop, undo and IME input change nothing', async () => {
			// (Keyboard reach was proved above; here the keys that would edit.)
			await mentorBody.focus();
			await caretToBlockWith(mentor, SENTENCE);
			await mentor.keyboard.press('ArrowRight');
			await mentor.keyboard.type('xyz');
			await mentor.keyboard.press('Enter');
			await mentor.keyboard.press('Backspace');
			await mentor.keyboard.press('Delete');
			for (let i = 0; i < 7; i++) await mentor.keyboard.press('Shift+ArrowRight');
			await mentor.keyboard.press('Control+b');
			await mentor.keyboard.press('Control+i');
			await mentor.keyboard.press('Control+c');
			await mentor.keyboard.press('Control+v');
			await mentor.keyboard.press('Control+x');
			await mentor.keyboard.press('Control+z');
			await mentor.keyboard.press('Control+Shift+z');
			await mentor.keyboard.press('Control+Alt+2');
			// Whatever is on the system clipboard, a paste and a drop carrying text and HTML.
			await mentorBody.evaluate((el) => {
				const data = new DataTransfer();
				data.setData('text/plain', 'tempelan');
				data.setData('text/html', '<p><strong>tempelan</strong></p>');
				el.querySelector('p')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
				const rect = el.querySelector('p')!.getBoundingClientRect();
				const drop = new DataTransfer();
				drop.setData('text/plain', 'jatuhan');
				el.querySelector('p')?.dispatchEvent(
					new DragEvent('drop', { dataTransfer: drop, clientX: rect.left + 5, clientY: rect.top + 5, bubbles: true, cancelable: true })
				);
			});
			// An input method composing and committing text (what a Japanese or Chinese IME does).
			const cdp = await mentor.context().newCDPSession(mentor);
			await cdp.send('Input.imeSetComposition', { text: 'かな', selectionStart: 2, selectionEnd: 2 });
			await cdp.send('Input.insertText', { text: '仮名' });
			// And one abandoned half-way (the IME cancels it: empty composition text).
			await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
			await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
			await cdp.detach();
			// The title field takes no typing either.
			await mentorTitle.focus();
			await mentor.keyboard.type('abc');
			await mentor.keyboard.press('Backspace');

			await expect(mentorTitle).toHaveValue('Siapkan petugas cadangan');
			expect(await bodyShape(mentor, ws.documentTitle)).toBe(original);
			await expect(mentorBody).not.toContainText('xyz');
			await expect(mentorBody).not.toContainText('tempelan');
			await expect(mentorBody).not.toContainText('仮名');
		});

		await test.step('the member saw nothing change and the server closed nobody', async () => {
			// A later comment from the same socket is the barrier: the server handles a socket's
			// messages in order, so once the member sees it, any body write before it was refused
			// (and the socket closed) already.
			await mentorBody.focus();
			await caretToBlockWith(mentor, SENTENCE);
			await mentor.keyboard.press('End');
			await mentor.keyboard.press('ArrowLeft');
			for (let i = 0; i < 8; i++) await mentor.keyboard.press('Shift+ArrowLeft');
			expect(await mentor.evaluate(() => window.getSelection()?.toString())).toBe('di loket');
			await mentor.keyboard.press('Control+Alt+m');
			const composer = mentor.getByRole('combobox', { name: 'Komentar pada teks terpilih' });
			await expect(composer).toBeFocused();
			await mentor.keyboard.type('Sejak kapan?');
			await mentor.keyboard.press('Control+Enter');
			await expect(member.locator('.comment-highlight')).toHaveText(['panjang', 'di loket']);

			expect(await bodyShape(member, ws.documentTitle)).toBe(original);
			await expect(memberTitle).toHaveValue('Siapkan petugas cadangan');
			const sync = sockets.filter((s) => s.url().includes('/sync'));
			expect(sync).toHaveLength(1);
			expect(sync[0].isClosed()).toBe(false);
			await expect(mentor.locator('.editor-notice')).toHaveCount(0);
		});
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
