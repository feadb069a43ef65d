import { jakartaToday } from './record-input';

/** Years the learning page offers: this one and the four before (Jakarta time). */
export const YEARS_SHOWN = 5;

export function currentYear(now: number = Date.now()): number {
	return Number(jakartaToday(now).slice(0, 4));
}

/** `?year=` read leniently: anything that is not one of the offered years means this year. */
export function yearFromParam(value: string | null, now: number = Date.now()): number {
	const current = currentYear(now);
	if (value === null || !/^\d{4}$/.test(value)) return current;
	const year = Number(value);
	return year <= current && year > current - YEARS_SHOWN ? year : current;
}

export function offeredYears(now: number = Date.now()): number[] {
	const current = currentYear(now);
	return Array.from({ length: YEARS_SHOWN }, (_, i) => current - i);
}
