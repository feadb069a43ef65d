/** Dates and numbers are shown in the Indonesian locale (id-ID), whatever the UI language. */
const LOCALE = 'id-ID';

/**
 * Each formatter is made on first use, not when the module loads: building an id-ID
 * DateTimeFormat with a time zone loads locale and zone data, ~0.1 s of a throttled phone's main
 * thread, and the editor page imports this module without showing a date before it is editable.
 */
function lazy<T>(make: () => T): () => T {
	let made: T | undefined;
	return () => (made ??= make());
}

const dateFormat = lazy(() => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'Asia/Jakarta' }));
const dateTimeFormat = lazy(() => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }));
const numberFormat = lazy(() => new Intl.NumberFormat(LOCALE));

export function formatDate(value: Date | string): string {
	return dateFormat().format(new Date(value));
}

export function formatDateTime(value: Date | string): string {
	return dateTimeFormat().format(new Date(value));
}

export function formatNumber(value: number): string {
	// id-ID groups from 1 000 on: a smaller integer is its own digits, and pages such as the
	// editor's (a comment count) show one before they are editable, so the ~80 ms of a throttled
	// phone that building the formatter costs waits until a number needs it.
	if (Number.isInteger(value) && value > -1000 && value < 1000 && !Object.is(value, -0)) return String(value);
	return numberFormat().format(value);
}
