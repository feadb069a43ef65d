import { type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';
import { crossSiteRefusal, isCrossSite } from '$lib/server/cross-site';
import { apiErrorFor } from '$lib/server/api';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDatabase } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { currentSessionPolicy } from '$lib/server/auth/policy';

/** Opens the database (and applies migrations) before the first request. */
export const init: ServerInit = async () => {
	await getDatabase();
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

/**
 * Every state-changing request must come from a page of this origin: form posts, `/api/*`
 * writes and everything else. This replaces SvelteKit's own check (turned off in
 * svelte.config.js) because that one answers `use:enhance` with a body the form drops silently,
 * in English; this one answers in the shape and language the caller can show.
 */
const handleOrigin: Handle = ({ event, resolve }) => {
	if (isCrossSite(event.request.method, event.request.headers.get('origin'), event.url.origin)) {
		return crossSiteRefusal(event.request, getLocale());
	}
	return resolve(event);
};

/**
 * `/api/*` answers every error as `{code, message}` JSON, also where no endpoint of ours ran:
 * an unknown path or method would otherwise get the HTML error page or SvelteKit's plain text.
 */
const handleApiErrors: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.url.pathname.startsWith('/api/') || response.status < 400) return response;
	if (response.headers.get('content-type')?.includes('application/json')) return response;
	return apiErrorFor(response.status);
};

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.database = await getDatabase();
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = await validateSessionToken(event.locals.database.db, token, currentSessionPolicy());
		if (valid) {
			event.locals.user = valid.user;
			event.locals.session = valid.session;
			setSessionCookie(event, token, valid.expiresAt);
		} else {
			// Forged, tampered or expired: simply signed out.
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};

/** Headers every response carries: no MIME sniffing, no framing by other sites, no full referrers. */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	return response;
};

// The locale comes first so that a refusal is in the user's language.
export const handle = sequence(handleSecurityHeaders, handleLocale, handleOrigin, handleApiErrors, handleSession);

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'Not found' : 'Internal error', code: status === 404 ? 'not_found' : 'internal' };
};
