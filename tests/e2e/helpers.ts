import { expect, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';

/** Indonesian strings the specs look for (messages/id.json). */
export const ID = {
	register: 'Daftar',
	login: 'Masuk',
	logout: 'Keluar',
	name: 'Nama',
	email: 'E-mail',
	password: 'Kata sandi',
	passwordConfirm: 'Ulangi kata sandi',
	orgName: 'Nama organisasi',
	orgCreate: 'Buat organisasi',
	teamName: 'Nama tim (unit kerja)',
	teamCreate: 'Buat tim',
	teamOptional: 'Tim (opsional)',
	inviteCreate: 'Buat tautan undangan',
	inviteLink: /^Tautan undangan \(berlaku sampai/,
	inviteAccept: 'Terima undangan',
	notFound: 'Halaman tidak ditemukan.',
	skipLink: 'Langsung ke isi',
	passwordMismatch: 'Kedua kata sandi tidak sama.',
	emailTaken: 'E-mail ini sudah terdaftar. Silakan masuk.',
	tooLongOrgName: 'Terlalu panjang: maksimal 200 karakter.',
	loginFailed: 'E-mail atau kata sandi salah.',
	throttled: /^Terlalu banyak percobaan masuk yang gagal\. Coba lagi dalam \d+ detik\.$/,
	homeTitle: 'Belajar di dalam pekerjaan, diukur dari dampaknya',
	orgsTitle: 'Organisasi saya'
} as const;

export const ORG_NAME = 'Dinas Kependudukan dan Pencatatan Sipil Kota Bandung';
export const SESSION_COOKIE = 'alur_session';

const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let counter = 0;

/** An address nobody used before, in this run or any other. */
export function uniqueEmail(label: string): string {
	counter += 1;
	return `${label}.${runId}.${process.pid}.${counter}@example.go.id`;
}

export interface TestUser {
	name: string;
	email: string;
	password: string;
}

export function newUser(label: string, name: string): TestUser {
	return { name, email: uniqueEmail(label), password: `Rahasia-${label}-2026!` };
}

/** A fresh browser context (its own cookies), closed by the caller. */
export async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	return { context, page };
}

export async function fillRegisterForm(page: Page, user: TestUser, confirm = user.password): Promise<void> {
	const main = page.getByRole('main');
	await main.getByLabel(ID.name, { exact: true }).fill(user.name);
	await main.getByLabel(ID.email, { exact: true }).fill(user.email);
	await main.getByLabel(ID.password, { exact: true }).fill(user.password);
	await main.getByLabel(ID.passwordConfirm, { exact: true }).fill(confirm);
}

/** Registers through the form (from the page already open, or /register) and waits to be signed in. */
export async function register(page: Page, user: TestUser, options: { from?: string; landing?: RegExp } = {}): Promise<void> {
	await page.goto(options.from ?? '/register');
	await expect(page.getByRole('heading', { level: 1, name: 'Buat akun' })).toBeVisible();
	await fillRegisterForm(page, user);
	await page.getByRole('main').getByRole('button', { name: ID.register }).click();
	await expect(page).toHaveURL(options.landing ?? /\/$/);
	await expect(page.getByRole('banner').getByRole('link', { name: user.name })).toBeVisible();
}

/** Creates an organisation through the form; returns its id (from the URL it lands on). */
export async function createOrg(page: Page, name: string): Promise<string> {
	await page.goto('/orgs/new');
	await page.getByRole('main').getByLabel(ID.orgName).fill(name);
	await page.getByRole('main').getByRole('button', { name: ID.orgCreate }).click();
	await expect(page).toHaveURL(/\/o\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname.split('/')[2];
}

/** Creates a team on the organisation page; returns its id. */
export async function createTeam(page: Page, orgId: string, name: string): Promise<string> {
	await page.goto(`/o/${orgId}`);
	await page.getByRole('main').getByLabel(ID.teamName).fill(name);
	await page.getByRole('main').getByRole('button', { name: ID.teamCreate }).click();
	await expect(page).toHaveURL(new RegExp(`/o/${orgId}/teams/[0-9a-f-]{36}$`));
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	return new URL(page.url()).pathname.split('/')[4];
}

/** Waits until the page is hydrated (the root layout marks <html>): its buttons and `use:enhance` forms act. */
export async function hydrated(page: Page): Promise<void> {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Clicks and returns the response to the form's POST (full-page or `use:enhance` fetch). */
export async function submitAndWait(page: Page, click: () => Promise<void>, path: string): Promise<Response> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
		click()
	]);
	return response;
}

/**
 * Setup without the browser, for tests whose subject is something else: the same form actions
 * the pages post to (as `use:enhance` does), through the context's request client, so the
 * session cookie lands in the context's cookie jar and its pages are signed in.
 */
async function postAction(context: BrowserContext, path: string, form: Record<string, string>): Promise<string> {
	// playwright.config.ts sets E2E_PORT for the runner and its workers.
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const response = await context.request.post(path, {
		form,
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const result = (await response.json()) as { type: string; location?: string; status?: number };
	if (result.type !== 'redirect' || !result.location) {
		throw new Error(`POST ${path} answered ${response.status()} ${JSON.stringify(result)}`);
	}
	return result.location;
}

/** Registers through the register action; the context is signed in afterwards. */
export async function registerQuickly(context: BrowserContext, user: TestUser): Promise<void> {
	await postAction(context, '/register', { name: user.name, email: user.email, password: user.password, confirm: user.password });
}

/** Creates an organisation through its action; returns its id. */
export async function createOrgQuickly(context: BrowserContext, name: string): Promise<string> {
	const location = await postAction(context, '/orgs/new', { name });
	return location.split('/')[2];
}

/** Creates a team through the organisation page's action; returns its id. */
export async function createTeamQuickly(context: BrowserContext, orgId: string, name: string): Promise<string> {
	const location = await postAction(context, `/o/${orgId}?/createTeam`, { name, description: '' });
	return location.split('/')[4];
}

/** Creates a document through the team page's action; returns its id. */
export async function createDocumentQuickly(
	context: BrowserContext,
	orgId: string,
	teamId: string,
	title: string,
	type: 'failure_analysis' | 'sop_improvement' | 'retrospective' = 'retrospective'
): Promise<string> {
	const location = await postAction(context, `/o/${orgId}/teams/${teamId}?/createDocument`, { type, title });
	return location.split('/')[4];
}

/**
 * What sticks out of the viewport, at most 8 elements: the page never scrolls sideways (a wide
 * table scrolls inside its own box), and nothing lies beyond the left edge, which no scrolling
 * reaches and so no scroll width shows. Inside a box that scrolls or clips, nothing counts.
 */
export function sticksOut(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const root = document.documentElement;
		const limit = root.clientWidth;
		const clipped = (el: Element): boolean => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== 'visible') return true;
			}
			return false;
		};
		const out: string[] = root.scrollWidth > limit ? [`scrollWidth ${root.scrollWidth} > ${limit}`] : [];
		for (const el of document.querySelectorAll('body *')) {
			const box = el.getBoundingClientRect();
			if (box.width > 1 && (box.right > limit + 1 || box.left < -1) && !clipped(el)) out.push(`${el.localName}.${[...el.classList].join('.')} at ${Math.round(box.left)}–${Math.round(box.right)}`);
		}
		return out.slice(0, 8);
	});
}
