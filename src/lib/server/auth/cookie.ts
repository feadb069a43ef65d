import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

/** The parts of a request event the session cookie depends on. */
export interface CookieContext {
	cookies: Cookies;
	url: URL;
}

/**
 * `Secure` follows the origin the browser used, not NODE_ENV: a production server reached over
 * plain http (an office LAN, http://192.168.1.20:3000) with a Secure cookie would have it dropped
 * by the browser, and sign-in would never stick. Deployments on the internet belong behind https,
 * where the cookie is Secure (README, "ORIGIN").
 */
function options(url: URL) {
	return { httpOnly: true, sameSite: 'lax', path: '/', secure: url.protocol === 'https:' } as const;
}

export function setSessionCookie({ cookies, url }: CookieContext, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, { ...options(url), expires: expiresAt });
}

export function clearSessionCookie({ cookies, url }: CookieContext): void {
	cookies.delete(SESSION_COOKIE, options(url));
}
