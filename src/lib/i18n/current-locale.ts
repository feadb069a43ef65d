import { getLocale, isLocale, baseLocale, type Locale } from '$lib/paraglide/runtime';

/**
 * The page's language. The server renders it into `<html lang>` (hooks.server.ts), and it only
 * changes with a new document (the language switch posts a form), so the browser reads it from
 * there: Paraglide's `getLocale` would bring its cookie and URL strategies into every page's
 * first download (~1 KiB gzipped, issue 12's budget), only to find the same answer.
 */
export function currentLocale(): Locale {
	if (import.meta.env.SSR) return getLocale();
	const lang = document.documentElement.lang;
	return isLocale(lang) ? lang : baseLocale;
}
