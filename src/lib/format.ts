/** Dates and numbers are shown in the Indonesian locale (id-ID), whatever the UI language. */
const LOCALE = 'id-ID';

const dateFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'Asia/Jakarta' });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'Asia/Jakarta'
});
const numberFormat = new Intl.NumberFormat(LOCALE);

export function formatDate(value: Date | string): string {
	return dateFormat.format(new Date(value));
}

export function formatDateTime(value: Date | string): string {
	return dateTimeFormat.format(new Date(value));
}

export function formatNumber(value: number): string {
	return numberFormat.format(value);
}
