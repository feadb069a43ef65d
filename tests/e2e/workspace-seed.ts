import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';

/**
 * A small workspace made through the app's own form actions (as `use:enhance` posts them), for
 * the accessibility and keyboard specs and the web benchmark (bench/web), whose subject is the
 * pages, not the forms: an admin with an organisation, a team and a document, and a second
 * member of the organisation who may only view that document. Only URLs and form field names are
 * used, so the pages may be redesigned without touching this.
 */

export interface SeededUser {
	name: string;
	email: string;
	password: string;
}

export interface Workspace {
	admin: SeededUser;
	viewer: SeededUser;
	orgId: string;
	teamId: string;
	documentId: string;
	documentTitle: string;
	/** Signed in as the admin (cookies in its jar); closed by the caller. */
	adminContext: BrowserContext;
	/** Signed in as the viewer; closed by the caller. */
	viewerContext: BrowserContext;
}

interface ActionResult {
	type: string;
	location?: string;
	status?: number;
}

/**
 * Posts a form action and returns its result; anything but the expected type throws with the
 * answer, so a broken seed says why instead of failing later on a missing page.
 */
async function postAction(request: APIRequestContext, origin: string, path: string, form: Record<string, string>, expected: 'redirect' | 'success'): Promise<ActionResult> {
	const response = await request.post(`${origin}${path}`, {
		form,
		headers: { origin, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0
	});
	const result = (await response.json()) as ActionResult;
	if (result.type !== expected || (expected === 'redirect' && !result.location)) {
		throw new Error(`POST ${path} answered ${response.status()} ${JSON.stringify(result)}`);
	}
	return result;
}

async function redirectTo(request: APIRequestContext, origin: string, path: string, form: Record<string, string>): Promise<string> {
	const result = await postAction(request, origin, path, form, 'redirect');
	return result.location ?? '';
}

let counter = 0;

function user(label: string, name: string): SeededUser {
	counter += 1;
	const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.${process.pid}.${counter}`;
	return { name, email: `${label}.${unique}@example.go.id`, password: `Rahasia-${label}-2026!` };
}

export const SEED_NAMES = {
	org: 'Dinas Kependudukan dan Pencatatan Sipil Kota Bandung',
	team: 'Bidang Pelayanan Pendaftaran Penduduk',
	document: 'Perbaikan SOP antrean KTP-el'
} as const;

/** Registers a user and signs the context in (the register action sets the session cookie). */
export async function registerUser(context: BrowserContext, origin: string, label: string, name: string): Promise<SeededUser> {
	const u = user(label, name);
	await redirectTo(context.request, origin, '/register', { name: u.name, email: u.email, password: u.password, confirm: u.password });
	return u;
}

/**
 * Seeds the workspace in two fresh contexts of `browser`. The document is an SOP improvement
 * (its template has a process-change block, the richest page state) and visible to the whole
 * organisation, so the viewer — an organisation member outside the team — may open it read-only.
 */
export async function seedWorkspace(browser: Browser, origin: string): Promise<Workspace> {
	const adminContext = await browser.newContext();
	const viewerContext = await browser.newContext();
	const admin = await registerUser(adminContext, origin, 'admin', 'Rina Kusumawati');
	const viewer = await registerUser(viewerContext, origin, 'viewer', 'Budi Santoso');
	const orgLocation = await redirectTo(adminContext.request, origin, '/orgs/new', { name: SEED_NAMES.org });
	const orgId = orgLocation.split('/')[2];
	const teamLocation = await redirectTo(adminContext.request, origin, `/o/${orgId}?/createTeam`, { name: SEED_NAMES.team, description: '' });
	const teamId = teamLocation.split('/')[4];
	const docLocation = await redirectTo(adminContext.request, origin, `/o/${orgId}/teams/${teamId}?/createDocument`, {
		type: 'sop_improvement',
		title: SEED_NAMES.document
	});
	const documentId = docLocation.split('/')[4];
	await postAction(adminContext.request, origin, `/o/${orgId}/members?/add`, { email: viewer.email, role: 'member' }, 'success');
	await postAction(adminContext.request, origin, `/o/${orgId}/d/${documentId}?/visibility`, { visibility: 'organisation' }, 'success');
	return { admin, viewer, orgId, teamId, documentId, documentTitle: SEED_NAMES.document, adminContext, viewerContext };
}
