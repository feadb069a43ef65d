import { expect, test, type BrowserContext, type Locator, type Page, type WebSocket } from '@playwright/test';
import { createDocumentQuickly, createOrgQuickly, createTeamQuickly, newUser, ORG_NAME, registerQuickly, type TestUser } from './helpers';

/*
 * Moving between documents inside the app (client-side navigation: the sidebar's recent
 * documents, browser Back) swaps the whole editing session: the next document's editor is
 * writable and shows its own text, title, save state and presence, and nothing of the previous
 * one stays connected — its WebSocket closes and is not reopened, and its IndexedDB copy takes no
 * more writes. No page error on the way.
 */

const TEAM = 'Bidang Pelayanan Pendaftaran Penduduk';
const NAME = 'Rina Kusumawati';
const TITLE_A = 'Analisis kegagalan antrean Januari';
const TITLE_B = 'Retrospektif pelayanan Februari';
const TEXT_A = 'Antrean memanjang karena server NIK lambat.';
const TEXT_B = 'Loket tambahan membantu pada jam sibuk.';

function body(page: Page): Locator {
	return page.getByRole('textbox', { name: /^Isi dokumen / });
}

function saveStatus(page: Page): Locator {
	return page.locator('.save-status[role="status"]');
}

/** The document's sync room: y-websocket opens `/sync/<documentId>?user=…`. */
function roomOf(socket: WebSocket): string {
	return new URL(socket.url()).pathname.split('/').pop() ?? '';
}

/** Signs a second context in as `user` (its own cookies and IndexedDB). */
async function signIn(context: BrowserContext, user: TestUser): Promise<void> {
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const response = await context.request.post('/login', {
		form: { email: user.email, password: user.password },
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	expect(((await response.json()) as { type: string }).type).toBe('redirect');
}

/** How many updates the browser's offline copy of a document holds (y-indexeddb's `updates` store). */
async function storedUpdates(page: Page, name: string): Promise<number> {
	return page.evaluate(
		(db) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(db);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const handle = open.result;
					const count = handle.transaction('updates', 'readonly').objectStore('updates').count();
					count.onsuccess = () => {
						handle.close();
						resolve(count.result);
					};
					count.onerror = () => reject(count.error);
				};
			}),
		name
	);
}

test('switching documents in the app gives each its own editor and leaves nothing of the previous one open', async ({ browser }) => {
	test.setTimeout(180_000);
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const other = await browser.newContext();
	try {
		const user = newUser('pindah', NAME);
		await registerQuickly(context, user);
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamId = await createTeamQuickly(context, orgId, TEAM);
		const a = await createDocumentQuickly(context, orgId, teamId, TITLE_A, 'failure_analysis');
		const b = await createDocumentQuickly(context, orgId, teamId, TITLE_B, 'retrospective');

		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		const sockets: WebSocket[] = [];
		/** Frames each room's sockets carried, and when (Date.now()). */
		const frames: { room: string; at: number }[] = [];
		page.on('websocket', (socket) => {
			sockets.push(socket);
			const note = () => frames.push({ room: roomOf(socket), at: Date.now() });
			socket.on('framesent', note);
			socket.on('framereceived', note);
		});
		const open = (room: string) => sockets.filter((s) => roomOf(s) === room && !s.isClosed());

		// Document A, written in.
		await page.goto(`/o/${orgId}/d/${a}`);
		await expect(body(page)).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		await body(page).locator('h2[data-section="fa_summary"] + p').click();
		await page.keyboard.type(TEXT_A);
		await expect(body(page)).toContainText(TEXT_A);
		await expect(saveStatus(page)).toHaveText('Tersimpan', { timeout: 30_000 });
		expect(open(a)).toHaveLength(1);
		const userId = new URL(open(a)[0].url()).searchParams.get('user') ?? '';
		const storeA = `alur-doc-${userId}-${a}`;

		// To B through the sidebar's recent documents: a client-side navigation, not a page load.
		const loads: string[] = [];
		page.on('load', () => loads.push(page.url()));
		await page
			.getByRole('navigation', { name: /^Navigasi / })
			.getByRole('list', { name: `Dokumen terbaru ${TEAM}` })
			.getByRole('link', { name: TITLE_B })
			.click();
		await expect(page).toHaveURL(new RegExp(`/d/${b}$`));
		const left = Date.now();

		// B's own editor: its title, its template (no text of A), writable, saving, me present once.
		await expect(page.getByRole('heading', { level: 1, name: TITLE_B })).toBeVisible();
		await expect(page).toHaveTitle(new RegExp(`^${TITLE_B} · `));
		const bodyB = page.getByRole('textbox', { name: `Isi dokumen ${TITLE_B}` });
		await expect(bodyB).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		await expect(bodyB.getByRole('heading', { name: 'Yang akan kami coba' })).toBeVisible();
		await expect(bodyB).not.toContainText(TEXT_A);
		await expect(page.getByRole('toolbar', { name: 'Format teks' })).toBeVisible();
		await bodyB.locator('h2[data-section="retro_well"] + p').click();
		await page.keyboard.type(TEXT_B);
		await expect(bodyB).toContainText(TEXT_B);
		await expect(saveStatus(page)).toHaveText('Tersimpan', { timeout: 30_000 });
		const presence = page.getByRole('region', { name: 'Sedang di sini' });
		await expect(presence.getByText(`${NAME} (Anda)`)).toHaveCount(1);
		expect(loads).toEqual([]);

		// Nothing of A is open: its socket closed and was not reopened (y-websocket would reconnect
		// within 2.5 s), even while someone else writes in A, and A's offline copy takes no writes.
		await expect.poll(() => open(a).length).toBe(0);
		expect(open(b)).toHaveLength(1);
		const storedA = await storedUpdates(page, storeA);
		await signIn(other, user);
		const otherPage = await other.newPage();
		await otherPage.goto(`/o/${orgId}/d/${a}`);
		await expect(body(otherPage)).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		await body(otherPage).locator('h2[data-section="fa_impact"] + p').click();
		await otherPage.keyboard.type('Warga menunggu lebih dari dua jam.');
		await expect(saveStatus(otherPage)).toHaveText('Tersimpan', { timeout: 30_000 });
		// The other tab's edit reached the server; a socket of A still open here would get it now.
		await expect(page.getByRole('region', { name: 'Sedang di sini' }).getByText(NAME, { exact: true })).toHaveCount(0);
		await expect.poll(() => Date.now() - left, { timeout: 10_000 }).toBeGreaterThan(3_000);
		expect(open(a)).toHaveLength(0);
		expect(sockets.filter((s) => roomOf(s) === a)).toHaveLength(1);
		expect(frames.filter((f) => f.room === a && f.at > left + 500)).toEqual([]);
		expect(await storedUpdates(page, storeA)).toBe(storedA);

		// Back to A with the browser's Back: A's text (and the other tab's), writable, B let go.
		await page.goBack();
		await expect(page).toHaveURL(new RegExp(`/d/${a}$`));
		await expect(page.getByRole('heading', { level: 1, name: TITLE_A })).toBeVisible();
		const bodyA = page.getByRole('textbox', { name: `Isi dokumen ${TITLE_A}` });
		await expect(bodyA).toHaveAttribute('contenteditable', 'true', { timeout: 30_000 });
		await expect(bodyA).toContainText(TEXT_A);
		await expect(bodyA).toContainText('Warga menunggu lebih dari dua jam.');
		await expect(bodyA).not.toContainText(TEXT_B);
		await bodyA.getByText(TEXT_A).click();
		await page.keyboard.press('End');
		await page.keyboard.type(' Sudah dilaporkan.');
		await expect(bodyA).toContainText(`${TEXT_A} Sudah dilaporkan.`);
		await expect(saveStatus(page)).toHaveText('Tersimpan', { timeout: 30_000 });
		await expect.poll(() => open(b).length).toBe(0);
		expect(open(a)).toHaveLength(1);
		expect(loads).toEqual([]);
		expect(errors).toEqual([]);
	} finally {
		await other.close();
		await context.close();
	}
});
