import { m } from '$lib/paraglide/messages';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request must be refused as cross-site: a state-changing method whose Origin is not
 * the origin the request came to. Browsers send Origin with every such request, so a missing
 * one is refused too (as SvelteKit's own check does). `urlOrigin` is the request's own origin:
 * ORIGIN when configured, else the socket's protocol and the Host header (server/http-server.ts).
 */
export function isCrossSite(method: string, origin: string | null, urlOrigin: string): boolean {
	return UNSAFE_METHODS.has(method) && origin !== urlOrigin;
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The refusal, in the shape the caller can show: an action result for `use:enhance` (so the form
 * says what happened instead of nothing), `{code, message}` for JSON clients, a short page for a
 * plain form post. Translated: the locale handle runs first.
 */
export function crossSiteRefusal(request: Request, lang: string): Response {
	const message = m.form_failed_cross_site();
	const error = { code: 'bad_origin', message };
	const status = 403;
	if (request.headers.get('x-sveltekit-action') === 'true') {
		return Response.json({ type: 'error', status, error }, { status });
	}
	const accept = request.headers.get('accept') ?? '';
	if (accept.includes('application/json') || new URL(request.url).pathname.startsWith('/api/')) {
		return Response.json(error, { status });
	}
	const html = `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.cross_site_title())} · Alur</title></head><body><main><h1>${escapeHtml(m.cross_site_title())}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(m.back_home())}</a></p></main></body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
