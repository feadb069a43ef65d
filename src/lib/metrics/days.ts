/*
 * Calendar days in Asia/Jakarta (WIB, UTC+7 all year: no daylight saving), the zone every
 * metric period is read in. Days are ISO strings (`YYYY-MM-DD`), which order as text.
 */

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The Jakarta calendar day of an instant. */
export function jakartaDay(at: Date): string {
	return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

export function inPeriod(day: string, from: string, to: string): boolean {
	return day >= from && day <= to;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar months (`YYYY-MM`) a period touches, each with its days clipped to the period. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
	const months: { month: string; from: string; to: string }[] = [];
	if (from > to) return months;
	let year = Number(from.slice(0, 4));
	let month = Number(from.slice(5, 7));
	const last = to.slice(0, 7);
	for (;;) {
		const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
		if (key > last) break;
		const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
		const start = `${key}-01`;
		months.push({ month: key, from: start < from ? from : start, to: end > to ? to : end });
		month += 1;
		if (month === 13) {
			month = 1;
			year += 1;
		}
	}
	return months;
}
