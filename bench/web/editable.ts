/**
 * Time from navigation to an editable editor on a slow phone: Regular 3G (750 kbit/s down,
 * 250 kbit/s up, 100 ms latency, as Chrome DevTools' preset) and a 4× CPU slowdown, through the
 * Chrome DevTools Protocol, in Debian's Chromium driven by Playwright, against the production
 * server (`server/index.ts`, NODE_ENV=production, PGlite in a temporary DATA_DIR) started as the
 * e2e tests start it. Every run is a fresh browser context: empty HTTP cache and IndexedDB, as
 * a first visit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { seedWorkspace } from '../../tests/e2e/workspace-seed';

export const PROFILE = {
	// Regular 3G as the issue states it: 750 and 250 kbit/s (kbit = 1024 bit), in bytes per second.
	downloadThroughput: (750 * 1024) / 8,
	uploadThroughput: (250 * 1024) / 8,
	latency: 100,
	cpuSlowdown: 4
} as const;

export interface EditableRun {
	/** navigation start → the editor's contenteditable is true */
	editable_ms: number;
	/** navigation start → a key pressed then shows in the editor's text */
	keystroke_ms: number;
	/** every script and stylesheet under /_app/ the page fetched before the keystroke landed */
	files: string[];
	/**
	 * After that, " /" typed: the "/" key → the slash menu shown. The first "/" of a visit
	 * fetches the menu's code (lazy-suggestion.ts), so this is what that choice costs.
	 */
	slash_menu_ms: number;
	/** The same for a second " /" after Escape, the code being there: the menu's own cost. */
	later_slash_menu_ms: number;
}

interface SlashWindow {
	__alurSlashMenuAfter?: Promise<number>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function waitHealthy(origin: string, server: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before answering /healthz`);
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${origin}/healthz did not answer within ${timeoutMs} ms`);
}

export interface Server {
	origin: string;
	stop(): Promise<void>;
}

/** The production server on a free port with a fresh embedded database, as tests/e2e start it. */
export async function startServer(root: string): Promise<Server> {
	const port = await freePort();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'alur-bench-web-'));
	let log = '';
	const child = spawn('npx', ['tsx', 'server/index.ts'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'production', ORIGIN: '', DATABASE_URL: '', REDIS_URL: '' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	// Kept for the error message only; the server logs JSON lines.
	const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const origin = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
		rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		await waitHealthy(origin, child, 120_000);
	} catch (error) {
		await stop();
		throw new Error(`${(error as Error).message}\n${log}`);
	}
	return { origin, stop };
}

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
}

/** Records when the editor becomes editable, from the page's own clock (0 = navigation start). */
const OBSERVE_EDITABLE = `(() => {
	const check = () => {
		if (window.__alurEditableAt === undefined && document.querySelector('.ProseMirror[contenteditable="true"]')) {
			window.__alurEditableAt = performance.now();
		}
	};
	new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] });
})();`;

interface TimingWindow {
	__alurEditableAt?: number;
}

async function oneRun(context: BrowserContext, url: string): Promise<EditableRun> {
	const page = await context.newPage();
	const files: string[] = [];
	page.on('request', (request) => {
		const pathname = new URL(request.url()).pathname;
		if (pathname.startsWith('/_app/') && /\.(js|css)$/.test(pathname)) files.push(pathname.slice(1));
	});
	await page.addInitScript(OBSERVE_EDITABLE);
	const cdp = await context.newCDPSession(page);
	// A fresh context has an empty HTTP cache: every run is a first visit.
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: PROFILE.latency,
		downloadThroughput: PROFILE.downloadThroughput,
		uploadThroughput: PROFILE.uploadThroughput
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown });
	await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
	const editor = page.locator('.ProseMirror[contenteditable="true"]').first();
	await editor.waitFor({ state: 'attached', timeout: 60_000 });
	// Arm the observer, then press a key at the end of the document: the run ends when the
	// character is in the editor's text, i.e. the keystroke landed.
	await editor.evaluate((el) => {
		const before = (el.textContent ?? '').split('q').length;
		const w = window as Window & { __alurKeystrokeAt?: Promise<number> };
		w.__alurKeystrokeAt = new Promise<number>((resolve) => {
			new MutationObserver((_, observer) => {
				if ((el.textContent ?? '').split('q').length > before) {
					observer.disconnect();
					resolve(performance.now());
				}
			}).observe(el, { subtree: true, childList: true, characterData: true });
		});
		(el as HTMLElement).focus();
	});
	await page.keyboard.press('q');
	const keystroke = await page.evaluate(() => (window as Window & { __alurKeystrokeAt?: Promise<number> }).__alurKeystrokeAt);
	const editable = await page.evaluate(() => (window as Window & TimingWindow).__alurEditableAt);
	if (keystroke === undefined || editable === undefined) throw new Error('the page lost its timing marks');
	const fetchedBeforeKeystroke = [...new Set(files)];

	const slashMenu = await timeSlashMenu(page, editor);
	await page.keyboard.press('Escape');
	await page.locator('[role="listbox"][id$="-slash"]').waitFor({ state: 'detached' });
	const laterSlashMenu = await timeSlashMenu(page, editor);
	await page.close();
	return {
		editable_ms: Math.round(editable),
		keystroke_ms: Math.round(keystroke),
		files: fetchedBeforeKeystroke,
		slash_menu_ms: Math.round(slashMenu),
		later_slash_menu_ms: Math.round(laterSlashMenu)
	};
}

/** Types " /" in the editor: milliseconds from the "/" key to the slash menu's list shown. */
async function timeSlashMenu(page: Page, editor: Locator): Promise<number> {
	await editor.evaluate((el) => {
		const w = window as Window & SlashWindow;
		w.__alurSlashMenuAfter = new Promise<number>((resolve) => {
			// No named functions in here: tsx would wrap them in a helper the page does not have.
			let pressedAt: number | null = null;
			const controller = new AbortController();
			el.addEventListener(
				'keydown',
				(event) => {
					if ((event as KeyboardEvent).key === '/' && pressedAt === null) pressedAt = performance.now();
				},
				{ capture: true, signal: controller.signal }
			);
			const observer = new MutationObserver(() => {
				if (pressedAt !== null && document.querySelector('[role="listbox"][id$="-slash"]')) {
					observer.disconnect();
					controller.abort();
					resolve(performance.now() - pressedAt);
				}
			});
			observer.observe(document.body, { subtree: true, childList: true });
		});
	});
	await page.keyboard.press(' ');
	await page.keyboard.press('/');
	const ms = await page.evaluate(() => (window as Window & SlashWindow).__alurSlashMenuAfter);
	if (ms === undefined) throw new Error('the page lost its slash-menu timing');
	return ms;
}

/** `runs` first visits of the seeded document as its admin (an editor), each on a fresh context. */
export async function measureEditable(browser: Browser, origin: string, runs: number, log: (message: string) => void): Promise<{ runs: EditableRun[]; url: string }> {
	const started = Date.now();
	const workspace = await seedWorkspace(browser, origin);
	log(`seeded in ${Date.now() - started} ms`);
	const url = `${origin}/o/${workspace.orgId}/d/${workspace.documentId}`;
	const state = await workspace.adminContext.storageState();
	await workspace.adminContext.close();
	await workspace.viewerContext.close();
	const results: EditableRun[] = [];
	for (let i = 0; i < runs; i += 1) {
		const context = await browser.newContext({ storageState: state, viewport: { width: 390, height: 844 } });
		try {
			const run = await oneRun(context, url);
			log(`run ${i + 1}: editable ${run.editable_ms} ms, keystroke landed ${run.keystroke_ms} ms, first slash menu ${run.slash_menu_ms} ms after "/"`);
			results.push(run);
		} finally {
			await context.close();
		}
	}
	return { runs: results, url };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}
