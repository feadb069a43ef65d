import { expect, test, type Page } from '@playwright/test';
import { seedWorkspace } from './workspace-seed';

/**
 * Every visible control of the organisation page and the team page (each of its tabs, if it has
 * tabs) is reachable with Tab alone. The controls are found by what they are (links, buttons,
 * form fields, anything with a tabindex ≥ 0), not by class, so the test holds while the pages
 * are redesigned.
 */

interface Control {
	key: number;
	label: string;
	/** Radio buttons of one group share a Tab stop: reaching one reaches the group. */
	group: string | null;
}

/** Gives every element a stable number for this page (kept on window, not in the DOM). */
const KEYS = `(() => {
	if (!window.__kbdKeys) {
		let next = 1;
		const keys = new WeakMap();
		window.__kbdKeys = (el) => { if (!keys.has(el)) keys.set(el, next++); return keys.get(el); };
	}
})();`;

/** The controls a user can see and should be able to Tab to. */
async function visibleControls(page: Page): Promise<Control[]> {
	await page.evaluate(KEYS);
	return page.evaluate(() => {
		const key = (window as unknown as { __kbdKeys: (el: Element) => number }).__kbdKeys;
		const selector = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';
		const out: Array<{ key: number; label: string; group: string | null }> = [];
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			if (el.matches(':disabled') || el.closest('[inert]')) continue;
			if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
			if (el.tabIndex < 0) continue;
			const rect = el.getBoundingClientRect();
			// A visually hidden skip link has a 1×1 box and counts; display:none, visibility:hidden
			// and closed <details> do not.
			if (rect.width === 0 && rect.height === 0) continue;
			if (!el.checkVisibility({ visibilityProperty: true })) continue;
			const label = `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
			const group = el instanceof HTMLInputElement && el.type === 'radio' && el.name ? `radio:${el.form?.id ?? ''}:${el.name}` : null;
			out.push({ key: key(el), label, group });
		}
		return out;
	});
}

/** Presses Tab from the top of the page until focus comes round again; returns the stops' keys. */
async function tabStops(page: Page): Promise<Set<number>> {
	await page.evaluate(KEYS);
	await page.evaluate(() => {
		(document.activeElement as HTMLElement | null)?.blur();
		window.scrollTo(0, 0);
	});
	const seen = new Set<number>();
	let first: number | null = null;
	let outside = 0;
	for (let i = 0; i < 400; i += 1) {
		await page.keyboard.press('Tab');
		const current = await page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body || el === document.documentElement) return null;
			return (window as unknown as { __kbdKeys: (el: Element) => number }).__kbdKeys(el);
		});
		// Past the last stop focus may leave the page for a step before it wraps to the top; the
		// walk may also start mid-page (Tab starts from the last click), so it goes on until
		// focus comes round to its first stop.
		if (current === null) {
			outside += 1;
			if (outside > 3) break;
			continue;
		}
		outside = 0;
		if (current === first) break;
		first ??= current;
		seen.add(current);
	}
	return seen;
}

async function expectAllReachable(page: Page, where: string): Promise<void> {
	const controls = await visibleControls(page);
	expect(controls.length, `${where}: controls found`).toBeGreaterThan(0);
	const reached = await tabStops(page);
	const reachedGroups = new Set(controls.filter((c) => c.group && reached.has(c.key)).map((c) => c.group));
	const missing = controls.filter((c) => !reached.has(c.key) && !(c.group && reachedGroups.has(c.group))).map((c) => c.label);
	expect(missing, `${where}: not reachable with Tab:\n${missing.join('\n')}`).toEqual([]);
}

test('every control of the organisation page and of the team page (each tab) is reachable with Tab', async ({ browser }) => {
	test.setTimeout(180_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		const page = await ws.adminContext.newPage();
		await page.setViewportSize({ width: 1280, height: 800 });

		await page.goto(`${origin}/o/${ws.orgId}`);
		await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
		await expectAllReachable(page, 'organisation page');

		await page.goto(`${origin}/o/${ws.orgId}/teams/${ws.teamId}`);
		await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
		const tabs = page.getByRole('main').getByRole('tab');
		const count = await tabs.count();
		if (count === 0) await expectAllReachable(page, 'team page');
		for (let i = 0; i < count; i += 1) {
			const tab = tabs.nth(i);
			const name = (await tab.textContent())?.trim() ?? String(i);
			// Tabs themselves are operated from the keyboard too (arrow keys within the tab list),
			// but the subject here is the panel's controls, so the tab is chosen by click.
			await tab.click();
			await expect(tab).toHaveAttribute('aria-selected', 'true');
			await expectAllReachable(page, `team page, tab ${name}`);
		}
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});

test('on the document page, Esc closes every menu and popover and gives focus back to its button', async ({ browser }) => {
	test.setTimeout(120_000);
	const origin = `http://localhost:${process.env.E2E_PORT}`;
	const ws = await seedWorkspace(browser, origin);
	try {
		const page = await ws.adminContext.newPage();
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto(`${origin}/o/${ws.orgId}/d/${ws.documentId}`);
		await expect(page.locator('.ProseMirror[contenteditable="true"]').first()).toBeVisible();
		const triggers = page.locator('button[aria-haspopup]:not([aria-haspopup="false"]):visible');
		const count = await triggers.count();
		expect(count, 'menu and popover buttons on the document page').toBeGreaterThan(0);
		for (let i = 0; i < count; i += 1) {
			const trigger = triggers.nth(i);
			// Opened from the keyboard, as a keyboard user would.
			await trigger.focus();
			await page.keyboard.press('Enter');
			await expect(trigger).toHaveAttribute('aria-expanded', 'true');
			await page.keyboard.press('Escape');
			await expect(trigger).not.toHaveAttribute('aria-expanded', 'true');
			await expect(trigger).toBeFocused();
		}
	} finally {
		await ws.adminContext.close();
		await ws.viewerContext.close();
	}
});
