/**
 * Action item dates (`dueOn`, `YYYY-MM-DD`), shared by the editor, the projection walk and the
 * lists. Pure: "today" is always passed in, never read from a clock here.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years a due date may fall in: anything else is a typing slip or a hostile client. */
export const DUE_YEARS = { min: 2000, max: 2999 } as const;

/**
 * The due date a value names, or null: a real calendar day (no 31 February) written
 * `YYYY-MM-DD`, within `DUE_YEARS`.
 */
export function parseDueOn(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const match = DATE.exec(value.trim());
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < DUE_YEARS.min || year > DUE_YEARS.max || month < 1 || month > 12 || day < 1) return null;
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match[0] : null;
}

/** Overdue: not done and the due day is before today (due today is not late yet). */
export function isOverdue(item: { done: boolean; dueOn: string | null }, today: string): boolean {
	return !item.done && item.dueOn !== null && item.dueOn < today;
}

/** Today's date (`YYYY-MM-DD`) in a time zone: the day a team in Indonesia calls today. */
export function todayIn(now: Date, timeZone = 'Asia/Jakarta'): string {
	// en-CA writes dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
