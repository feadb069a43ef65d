import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { sticksOut } from './helpers';
import { seedWorkspace } from './workspace-seed';

/**
 * axe-core on every main page state, in light and dark, at a desktop and a phone width: zero
 * violations of WCAG 2.0–2.2 A and AA. The pages are being redesigned, so states are reached by
 * URL, roles and attributes (aria-haspopup, aria-invalid, contenteditable), never by CSS class.
 * Each state's screenshot is kept in the test's output directory (test-results/, not
 * committed) for a reviewer.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCHEMES = ['light', 'dark'] as const;
const VIEWPORTS = [
	{ width: 1280, height: 800 },
	{ width: 390, height: 844 }
] as const;

/**
 * One line per violating node, so a failure names the page state, the rule and the element; and
 * one per element off screen (a control a phone cannot reach is no better than an unlabelled one).
 */
async function audit(page: Page, state: string, found: string[], testInfo: TestInfo): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	for (const violation of results.violations) {
		for (const node of violation.nodes) {
			const why = node.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? '';
			const html = node.html.replace(/\s+/g, ' ').slice(0, 140);
			found.push(`${state}: ${violation.id} (${violation.impact ?? 'n/a'}) at ${node.target.join(' ')} ${html} — ${why}`);
		}
	}
	for (const element of await sticksOut(page)) found.push(`${state}: off screen: ${element}`);
	await page.screenshot({ path: testInfo.outputPath(`${state.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** A page is ready when it has loaded and shows its main landmark or heading. */
async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

/** Buttons that open a menu, popover or dialog (Bits UI and hand-made triggers both set it). */
function popupTriggers(page: Page) {
	return page.locator('button[aria-haspopup]:not([aria-haspopup="false"]):visible');
}

for (const scheme of SCHEMES) {
	for (const viewport of VIEWPORTS) {
		test(`axe finds no WCAG 2.2 AA violation on any page state (${scheme}, ${viewport.width}×${viewport.height})`, async ({ browser }, testInfo) => {
			test.setTimeout(300_000);
			const origin = `http://localhost:${process.env.E2E_PORT}`;
			const ws = await seedWorkspace(browser, origin);
			const anonymous = await browser.newContext();
			const found: string[] = [];
			try {
				const pages = await Promise.all([anonymous.newPage(), ws.adminContext.newPage(), ws.viewerContext.newPage()]);
				for (const p of pages) {
					await p.setViewportSize(viewport);
					await p.emulateMedia({ colorScheme: scheme });
				}
				const [guest, admin, viewer] = pages;

				await test.step('signed out: home, login, register with errors, 404', async () => {
					await open(guest, `${origin}/`);
					await audit(guest, 'home signed out', found, testInfo);
					await open(guest, `${origin}/login`);
					await audit(guest, 'login', found, testInfo);
					await open(guest, `${origin}/register`);
					// Submitting the empty form marks every field invalid and says why.
					await guest.getByRole('main').locator('button[type="submit"]').first().click();
					await expect(guest.locator('[aria-invalid="true"]').first()).toBeVisible();
					await audit(guest, 'register with errors', found, testInfo);
					const missing = await guest.goto(`${origin}/tidak-ada`);
					expect(missing?.status()).toBe(404);
					await expect(guest.getByRole('heading', { level: 1 })).toBeVisible();
					await audit(guest, '404 signed out', found, testInfo);
				});

				await test.step('signed in: home, organisation, team (each tab), members, settings, inbox, library, account, 404', async () => {
					await open(admin, `${origin}/`);
					await audit(admin, 'home signed in', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}`);
					await audit(admin, 'organisation', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}/teams/${ws.teamId}`);
					const tabs = admin.getByRole('main').getByRole('tab');
					const tabCount = await tabs.count();
					if (tabCount === 0) await audit(admin, 'team', found, testInfo);
					for (let i = 0; i < tabCount; i += 1) {
						const tab = tabs.nth(i);
						const name = (await tab.textContent())?.trim() ?? String(i);
						await tab.click();
						await expect(tab).toHaveAttribute('aria-selected', 'true');
						await audit(admin, `team tab ${name}`, found, testInfo);
					}
					await open(admin, `${origin}/o/${ws.orgId}/members`);
					await audit(admin, 'members', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}/settings`);
					await audit(admin, 'organisation settings', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}/inbox`);
					await audit(admin, 'inbox', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}/library`);
					await audit(admin, 'library, empty', found, testInfo);
					await open(admin, `${origin}/o/${ws.orgId}/library?q=antrean&status=all&sort=newest`);
					await audit(admin, 'library, no match', found, testInfo);
					await open(admin, `${origin}/account`);
					await audit(admin, 'account', found, testInfo);
					const missing = await admin.goto(`${origin}/o/${ws.orgId}/teams/00000000-0000-4000-8000-000000000000`);
					expect(missing?.status()).toBe(404);
					await audit(admin, '404 signed in', found, testInfo);
				});

				await test.step('document: editor loaded, each menu or popover open, the slash menu', async () => {
					await admin.goto(`${origin}/o/${ws.orgId}/d/${ws.documentId}`);
					const editor = admin.locator('.ProseMirror[contenteditable="true"]').first();
					await expect(editor).toBeVisible();
					await audit(admin, 'document (editor)', found, testInfo);

					const triggers = popupTriggers(admin);
					const count = Math.min(await triggers.count(), 6);
					for (let i = 0; i < count; i += 1) {
						const trigger = triggers.nth(i);
						if (!(await trigger.isVisible())) continue;
						const name = ((await trigger.getAttribute('aria-label')) ?? (await trigger.textContent()) ?? String(i)).trim();
						await trigger.click();
						// Bits UI marks the trigger expanded once its content is open (a popover's content
						// need not carry a role, so the trigger is the one dependable sign).
						await expect(trigger).toHaveAttribute('aria-expanded', 'true');
						await audit(admin, `document with "${name}" open`, found, testInfo);
						await admin.keyboard.press('Escape');
						await expect(trigger).not.toHaveAttribute('aria-expanded', 'true');
					}

					// Panels toggled from the document's header (details today; comments and history
					// later): each expanded, audited and collapsed again. They are numbered first,
					// because the set of collapsed buttons changes as they are toggled.
					const toggleCount = await admin
						.getByRole('main')
						.locator('button[aria-expanded="false"]:not([aria-haspopup]):visible')
						.evaluateAll((els) => {
							const chosen = els.slice(0, 3);
							chosen.forEach((el, i) => el.setAttribute('data-a11y-toggle', String(i)));
							return chosen.length;
						});
					for (let i = 0; i < toggleCount; i += 1) {
						const toggle = admin.locator(`[data-a11y-toggle="${i}"]`);
						const name = ((await toggle.getAttribute('aria-label')) ?? (await toggle.textContent()) ?? String(i)).trim();
						await toggle.click();
						await expect(toggle).toHaveAttribute('aria-expanded', 'true');
						await audit(admin, `document with "${name}" expanded`, found, testInfo);
						// On a phone the panel may cover its button: Esc first, else the button from
						// the keyboard (a pointer click would land on the panel).
						await admin.keyboard.press('Escape');
						if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.press('Enter');
						await expect(toggle).toHaveAttribute('aria-expanded', 'false');
					}

					// The comments panel with a thread open and the @mention list showing.
					await admin.getByRole('button', { name: /^Komentar \(/ }).click();
					const general = admin.getByRole('combobox', { name: 'Komentar umum' });
					await general.fill('Mohon lengkapi data antrean.');
					await general.press('Control+Enter');
					const reply = admin.getByRole('combobox', { name: 'Balas' });
					await reply.focus();
					await admin.keyboard.type('@');
					await expect(admin.getByRole('listbox', { name: 'Sebut anggota' })).toBeVisible();
					await audit(admin, 'document with a comment thread and the mention list open', found, testInfo);
					await admin.keyboard.press('Escape');
					await admin.keyboard.press('Escape');

					// The block menu opens on "/" at the end of the document.
					await editor.focus();
					await admin.keyboard.press('Control+End');
					await admin.keyboard.press('Enter');
					await admin.keyboard.type('/');
					await expect(admin.getByRole('listbox').first()).toBeVisible();
					await audit(admin, 'document with the slash menu open', found, testInfo);
					await admin.keyboard.press('Escape');
				});

				await test.step('document read-only as a viewer', async () => {
					await viewer.goto(`${origin}/o/${ws.orgId}/d/${ws.documentId}`);
					const editor = viewer.locator('.ProseMirror').first();
					await expect(editor).toBeVisible();
					await expect(editor).toHaveAttribute('contenteditable', 'false');
					await audit(viewer, 'document read-only (viewer)', found, testInfo);
				});
			} finally {
				await anonymous.close();
				await ws.adminContext.close();
				await ws.viewerContext.close();
			}
			expect(found, found.join('\n')).toEqual([]);
		});
	}
}
