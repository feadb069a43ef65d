import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { createOrgQuickly, createTeamQuickly, hydrated, ID, newPage, newUser, ORG_NAME, registerQuickly, type TestUser } from './helpers';

/**
 * Issue 10 §3, "nothing stays behind on a shared PC": one browser profile, two people. The
 * offline copies of documents (IndexedDB `alur-doc-*`) are per user and deleted at sign-out, a
 * sign-out with unconfirmed edits asks first, and one person's unsent edits never reach the
 * server under the next person's session.
 */

const TEAM_NAME = 'Bidang Pelayanan Pendaftaran Penduduk';
const TITLE = 'Antrean KTP-el melebihi 3 jam pada 12 Mei';
const OFFLINE_TEXT = 'Catatan rahasia Rina yang ditulis tanpa sinyal.';
const WARNING = 'Ada perubahan yang belum tersimpan';
const OFFLINE_TITLE = 'Tidak dapat keluar saat offline';
const CANCEL = 'Batal, tetap masuk';
const DISCARD = 'Keluar dan buang perubahan';
const SESSION_ENDED = 'Sesi Anda berakhir. Masuk kembali untuk melanjutkan.';

function body(page: Page): Locator {
	return page.getByRole('textbox', { name: `Isi dokumen ${TITLE}` });
}

function saveStatus(page: Page): Locator {
	return page.locator('.save-status[role="status"]');
}

/** The header's sign-out button (exact: the warning's "Keluar dan buang perubahan" also matches). */
function signOutButton(page: Page): Locator {
	return page.getByRole('banner').getByRole('button', { name: ID.logout, exact: true });
}

function warning(page: Page): Locator {
	return page.getByRole('dialog', { name: WARNING });
}

async function typeAtEnd(page: Page, text: string): Promise<void> {
	await body(page).locator(':scope > p').last().click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text, { delay: 15 });
}

/** Names of the IndexedDB databases holding offline copies of documents, in this profile. */
function offlineStores(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('alur-doc-')).sort()
	);
}

/** A form action through the context's request client (its cookie jar is the pages'). */
async function postForm(request: APIRequestContext, path: string, form: Record<string, string>): Promise<{ type: string; location?: string }> {
	const response = await request.post(path, {
		form,
		headers: { origin: `http://localhost:${process.env.E2E_PORT}`, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	return (await response.json()) as { type: string; location?: string };
}

/** Whose session the context's cookie carries now. */
async function signedInAs(context: BrowserContext): Promise<string | null> {
	const response = await context.request.get('/api/session');
	return ((await response.json()) as { userId: string | null }).userId;
}

async function signInThroughPage(page: Page, user: TestUser): Promise<void> {
	await page.goto('/login');
	const main = page.getByRole('main');
	await main.getByLabel(ID.email, { exact: true }).fill(user.email);
	await main.getByLabel(ID.password, { exact: true }).fill(user.password);
	await main.getByRole('button', { name: ID.login }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: user.name })).toBeVisible();
}

interface Office {
	rina: TestUser;
	rinaId: string;
	budi: TestUser;
	budiId: string;
	documentPath: string;
	documentId: string;
}

/**
 * Rina (signed in in `context`, the shared PC) owns an organisation with a team and a failure
 * analysis; Budi has his own account and is an admin of the organisation, so he is an editor of
 * the document: anything his session sent would be accepted and stored.
 */
async function office(browser: Browser, context: BrowserContext): Promise<Office> {
	const rina = newUser('rina', 'Rina Kusumawati');
	const budi = newUser('budi', 'Budi Santoso');
	const elsewhere = await newPage(browser);
	try {
		await Promise.all([registerQuickly(context, rina), registerQuickly(elsewhere.context, budi)]);
		const budiId = await signedInAs(elsewhere.context);
		if (!budiId) throw new Error('Budi is not signed in');
		const rinaId = await signedInAs(context);
		if (!rinaId) throw new Error('Rina is not signed in');
		const orgId = await createOrgQuickly(context, ORG_NAME);
		const teamId = await createTeamQuickly(context, orgId, TEAM_NAME);
		const added = await postForm(context.request, `/o/${orgId}/members?/add`, { email: budi.email, role: 'admin' });
		expect(added.type).toBe('success');
		const created = await postForm(context.request, `/o/${orgId}/teams/${teamId}?/createDocument`, { type: 'failure_analysis', title: TITLE });
		if (created.type !== 'redirect' || !created.location) throw new Error(`createDocument answered ${JSON.stringify(created)}`);
		return { rina, rinaId, budi, budiId, documentPath: created.location, documentId: created.location.split('/')[4] };
	} finally {
		await elsewhere.context.close();
	}
}

test('Rina is warned before signing out with an offline edit; Budi, next on the same browser, finds none of her offline copies and her edit never reaches the server', async ({ browser, context, page }) => {
	// Two accounts (argon2) and a document before the subject; a loaded machine doubles it.
	test.setTimeout(180_000);
	const { rina, rinaId, budi, budiId, documentPath, documentId } = await office(browser, context);

	await page.goto(documentPath);
	await expect(saveStatus(page)).toHaveText('Tersimpan');
	// Her copy is named after her, not after the document alone.
	await expect.poll(() => offlineStores(page)).toEqual([`alur-doc-${rinaId}-${documentId}`]);

	// The network goes; she keeps typing.
	await context.setOffline(true);
	await expect(saveStatus(page)).toContainText('Offline');
	await typeAtEnd(page, OFFLINE_TEXT);
	await expect(body(page)).toContainText(OFFLINE_TEXT);

	// Offline, only the server could end her session: she is told so, and nothing is deleted.
	await signOutButton(page).click();
	const offline = page.getByRole('dialog', { name: OFFLINE_TITLE });
	await expect(offline).toBeVisible();
	await expect(offline.getByRole('button', { name: 'Mengerti' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(offline).toBeHidden();
	await expect(signOutButton(page)).toBeFocused();
	await expect(page).toHaveURL(documentPath);
	await expect(body(page)).toContainText(OFFLINE_TEXT);

	// She closes the tab before the network returns: the edit stays in IndexedDB, unsent.
	await page.close();
	await context.setOffline(false);
	const shared = await context.newPage();
	await shared.goto('/');
	await expect(shared.getByRole('banner').getByRole('link', { name: rina.name })).toBeVisible();
	expect(await offlineStores(shared)).toEqual([`alur-doc-${rinaId}-${documentId}`]);

	// From a page without the document, the closed tab's edit still counts: signing out (with
	// the keyboard) would lose it, so she is asked first; cancelling changes nothing. Asking is the
	// page's script: before hydration the button would post the sign-out natively, unasked.
	await hydrated(shared);
	await signOutButton(shared).focus();
	await shared.keyboard.press('Enter');
	const dialog = warning(shared);
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('dihapus dari peramban ini');
	await expect(dialog.getByRole('button', { name: CANCEL })).toBeFocused();
	await shared.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(signOutButton(shared)).toBeFocused();
	await expect(shared.getByRole('banner').getByRole('link', { name: rina.name })).toBeVisible();
	expect(await offlineStores(shared)).toEqual([`alur-doc-${rinaId}-${documentId}`]);

	// She signs out anyway, discarding it.
	await shared.keyboard.press('Enter');
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: DISCARD }).click();
	await expect(shared.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	// A navigation before the signed-out page has started was aborted once (see quick-start.e2e).
	await hydrated(shared);
	expect(await signedInAs(context)).toBeNull();
	expect(await offlineStores(shared)).toEqual([]);

	// Budi signs in on the same browser and opens the same document: his own, fresh copy only,
	// and the document as the server has it — without Rina's unsent sentence.
	await signInThroughPage(shared, budi);
	await shared.goto(documentPath);
	await expect(body(shared).getByRole('heading', { name: 'Ringkasan' })).toBeVisible();
	await expect(saveStatus(shared)).toHaveText('Tersimpan');
	await expect.poll(() => offlineStores(shared)).toEqual([`alur-doc-${budiId}-${documentId}`]);
	await expect(body(shared)).not.toContainText(OFFLINE_TEXT);

	// The server never stored it: Rina, signing in later on another computer, does not see it.
	const later = await newPage(browser);
	try {
		await signInThroughPage(later.page, rina);
		await later.page.goto(documentPath);
		await expect(body(later.page).getByRole('heading', { name: 'Ringkasan' })).toBeVisible();
		await expect(saveStatus(later.page)).toHaveText('Tersimpan');
		await expect(body(later.page)).not.toContainText(OFFLINE_TEXT);
	} finally {
		await later.context.close();
	}
});

test('a tab left open for Rina does not reconnect as Budi after he signs in on the same browser: it stops, deletes her copy and sends nothing', async ({ browser, context, page }) => {
	test.setTimeout(180_000);
	const { rinaId, budi, budiId, documentPath, documentId } = await office(browser, context);

	await page.goto(documentPath);
	await expect(saveStatus(page)).toHaveText('Tersimpan');
	await context.setOffline(true);
	await expect(saveStatus(page)).toContainText('Offline');
	await typeAtEnd(page, OFFLINE_TEXT);
	await expect(body(page)).toContainText(OFFLINE_TEXT);

	// Budi signs in in the same browser profile (another tab would do the same to the cookie)
	// while Rina's tab is still offline with her unsent edit.
	const login = await postForm(context.request, '/login', { email: budi.email, password: budi.password });
	expect(login.type).toBe('redirect');
	expect(await signedInAs(context)).toBe(budiId);

	// The network returns: Rina's tab tries to reconnect with Budi's cookie. The server refuses
	// the socket, the tab stops for good and her copy is deleted.
	await context.setOffline(false);
	await expect(page.getByRole('alert')).toContainText(SESSION_ENDED);
	await expect(body(page)).toHaveAttribute('contenteditable', 'false');
	await expect.poll(() => offlineStores(page)).not.toContain(`alur-doc-${rinaId}-${documentId}`);

	// Budi's own view of the document, straight from the server: her sentence is not there.
	const budiTab = await context.newPage();
	await budiTab.goto(documentPath);
	await expect(budiTab.getByRole('banner').getByRole('link', { name: budi.name })).toBeVisible();
	await expect(body(budiTab).getByRole('heading', { name: 'Ringkasan' })).toBeVisible();
	await expect(saveStatus(budiTab)).toHaveText('Tersimpan');
	await expect(body(budiTab)).not.toContainText(OFFLINE_TEXT);
	// Rina's tab stayed stopped meanwhile (no retry under Budi's session).
	await expect(saveStatus(page)).toContainText('Offline');
	await expect(body(budiTab)).not.toContainText(OFFLINE_TEXT);
});

test('copies left by someone who never signed out here are deleted when the next person is signed in, unsent edits included', async ({ browser, context, page }) => {
	test.setTimeout(180_000);
	const { rinaId, budi, budiId, documentPath, documentId } = await office(browser, context);

	await page.goto(documentPath);
	await expect(saveStatus(page)).toHaveText('Tersimpan');
	await context.setOffline(true);
	await expect(saveStatus(page)).toContainText('Offline');
	await typeAtEnd(page, OFFLINE_TEXT);
	await expect(body(page)).toContainText(OFFLINE_TEXT);
	// Rina walks away without signing out: the tab is closed, her edit stays in IndexedDB.
	await page.close();
	await context.setOffline(false);

	// Her session ends without a sign-out here (expiry, or a sign-in from another tab, as now)
	// and Budi is signed in on the same browser.
	const login = await postForm(context.request, '/login', { email: budi.email, password: budi.password });
	expect(login.type).toBe('redirect');
	const shared = await context.newPage();
	await shared.goto('/');
	await expect(shared.getByRole('banner').getByRole('link', { name: budi.name })).toBeVisible();
	await expect.poll(() => offlineStores(shared)).toEqual([]);
	expect(await shared.evaluate((id) => localStorage.getItem(`alur-unsaved:${id}`), rinaId)).toBeNull();

	await shared.goto(documentPath);
	await expect(body(shared).getByRole('heading', { name: 'Ringkasan' })).toBeVisible();
	await expect(saveStatus(shared)).toHaveText('Tersimpan');
	await expect.poll(() => offlineStores(shared)).toEqual([`alur-doc-${budiId}-${documentId}`]);
	await expect(body(shared)).not.toContainText(OFFLINE_TEXT);

	// Rina's unsent edit is not Budi's to lose: his sign-out asks nothing.
	await signOutButton(shared).click();
	await expect(shared.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	await expect(warning(shared)).toHaveCount(0);
});

test('with everything saved, signing out asks nothing, and the response clears the site storage', async ({ browser, context, page }) => {
	test.setTimeout(120_000);
	const { rina, documentPath } = await office(browser, context);

	await page.goto(documentPath);
	await expect(saveStatus(page)).toHaveText('Tersimpan');
	await typeAtEnd(page, ' Disimpan langsung.');
	await expect(saveStatus(page)).toHaveText('Tersimpan');
	// Storage that Alur's own clean-up does not touch: only the response's
	// Clear-Site-Data: "storage" removes it.
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('not-alur-scratch');
				request.onsuccess = () => {
					request.result.close();
					resolve();
				};
				request.onerror = () => reject(request.error);
			})
	);

	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/logout'),
		signOutButton(page).click()
	]);
	expect(await response.headerValue('clear-site-data')).toBe('"storage"');
	await expect(page.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	await expect(warning(page)).toHaveCount(0);
	expect(await signedInAs(context)).toBeNull();
	await expect
		.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
		.toEqual([]);

	// Without JavaScript, sign-out is the plain form post and answers with the same header.
	const noJs = await newPage(browser, { javaScriptEnabled: false });
	try {
		await noJs.page.goto('/login');
		const main = noJs.page.getByRole('main');
		await main.getByLabel(ID.email, { exact: true }).fill(rina.email);
		await main.getByLabel(ID.password, { exact: true }).fill(rina.password);
		await main.getByRole('button', { name: ID.login }).click();
		await expect(noJs.page.getByRole('banner').getByRole('link', { name: rina.name })).toBeVisible();
		const [plain] = await Promise.all([
			noJs.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/logout'),
			signOutButton(noJs.page).click()
		]);
		expect(await plain.headerValue('clear-site-data')).toBe('"storage"');
		await expect(noJs.page.getByRole('banner').getByRole('link', { name: ID.login })).toBeVisible();
	} finally {
		await noJs.context.close();
	}
});
