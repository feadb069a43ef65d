/**
 * Calendar days as ISO strings (`YYYY-MM-DD`) in Asia/Jakarta, the day an Indonesian office
 * lives in: follow-through dates (planned, implemented, measured) are days, not instants, and
 * "today" must not flip at 07:00 local time as a UTC day would.
 */

const JAKARTA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day of `at` in Asia/Jakarta. */
export function jakartaDay(at: Date): string {
	return JAKARTA_DAY.format(at);
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDay(value: string): boolean {
	const match = ISO_DAY.exec(value);
	if (!match) return false;
	const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function utcMs(day: string): number {
	const [y, m, d] = day.split('-').map(Number);
	return Date.UTC(y, m - 1, d);
}

/** `day` plus `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
	return new Date(utcMs(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((utcMs(to) - utcMs(from)) / 86_400_000);
}
