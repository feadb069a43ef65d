import { isHttpError, json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

/**
 * `/api/*` answers every refusal as `{code, message}` JSON (style.md: errors with codes), in the
 * user's language, never with the HTML error page or a sign-in redirect a script cannot follow.
 */
export function apiError(status: number, code: string, message: string): Response {
	return json({ code, message }, { status, headers: { 'cache-control': 'no-store' } });
}

/** The `{code, message}` answer for a bare status (authorization refusals, unknown paths). */
export function apiErrorFor(status: number): Response {
	return apiError(status, codeFor(status), messageFor(status));
}

function codeFor(status: number): string {
	if (status === 401) return 'unauthorized';
	if (status === 403) return 'forbidden';
	if (status === 404) return 'not_found';
	if (status === 405) return 'method_not_allowed';
	return status >= 500 ? 'internal' : `http_${status}`;
}

function messageFor(status: number): string {
	if (status === 401) return m.error_signed_out();
	if (status === 403) return m.error_forbidden();
	if (status === 404) return m.error_not_found();
	if (status >= 500) return m.error_internal();
	return m.error_bad_request();
}

/**
 * Runs an endpoint whose authorization throws SvelteKit's `error()` (authz.ts's 404/403) and
 * turns those into `{code, message}` JSON; anything else is rethrown (a real 500).
 */
export async function apiHandler(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (e) {
		if (isHttpError(e)) return apiError(e.status, e.body.code ?? codeFor(e.status), messageFor(e.status));
		throw e;
	}
}

/** 401 for a signed-out caller. */
export function signedOut(): Response {
	return apiErrorFor(401);
}
