/**
 * The desktop sidebar's collapsed state is remembered in a cookie, not localStorage: the server
 * reads it (root +layout.server.ts) and renders the page collapsed from the first paint. It is a
 * display preference only (not HttpOnly, no session data).
 */
export const SIDEBAR_COOKIE = 'alur_sidebar';

/** Remembers the choice for a year, for this browser. */
export function rememberSidebar(collapsed: boolean): void {
	const value = collapsed ? 'collapsed' : 'open';
	document.cookie = `${SIDEBAR_COOKIE}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
