import { z } from 'zod';

/**
 * A training record as a person enters it or a CSV row brings it (issue 15, the "10" of
 * 70:20:10): course, organiser, the day it was completed and its learning hours (JP, jam
 * pelajaran). The same rules for both doors; each problem is a code the page translates.
 */
export const TRAINING_LIMITS = {
	course: 300,
	organiser: 300,
	maxHours: 1000,
	/** The earliest completion date accepted: older records are not this year's evidence anyway. */
	earliest: '1970-01-01'
} as const;

export type TrainingErrorCode =
	| 'required'
	| 'too_long'
	| 'date_invalid'
	| 'date_future'
	| 'hours_invalid'
	| 'hours_range'
	| 'email_invalid'
	| 'email_unknown';

/** Today in Asia/Jakarta (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function jakartaToday(now: number = Date.now()): string {
	return new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A day written as ISO (`2026-03-05`) or the Indonesian way (`5/3/2026`, `05/03/2026`,
 * `05-03-2026`: day first), as `YYYY-MM-DD`; null when it is not a real calendar day.
 */
export function parseDay(raw: string): string | null {
	const value = raw.trim();
	let y: number, mo: number, d: number;
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
	if (match) [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else {
		match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
		if (!match) return null;
		[d, mo, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	}
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
	return date.toISOString().slice(0, 10);
}

/**
 * Hours with a decimal comma (`1,5`, the Indonesian way) or point (`1.5`), at most two decimals;
 * null otherwise. `1.000` is refused rather than guessed: it reads as a thousand in Indonesian
 * and as one elsewhere.
 */
export function parseHours(raw: string): number | null {
	const value = raw.trim();
	const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value);
	if (!match) return null;
	return Number(`${match[1]}.${match[2] ?? '0'}`);
}

const text = (max: number) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' });

/** The record's fields as typed (strings), checked against `today` (Jakarta). */
export function trainingRecordSchema(today: string = jakartaToday()) {
	return z.object({
		course: text(TRAINING_LIMITS.course),
		organiser: z.string().trim().max(TRAINING_LIMITS.organiser, { error: 'too_long' }).default(''),
		completedOn: z
			.string({ error: 'required' })
			.trim()
			.min(1, { error: 'required' })
			.transform((value, ctx) => {
				const day = parseDay(value);
				if (day === null || day < TRAINING_LIMITS.earliest) {
					ctx.addIssue({ code: 'custom', message: 'date_invalid' });
					return z.NEVER;
				}
				if (day > today) {
					ctx.addIssue({ code: 'custom', message: 'date_future' });
					return z.NEVER;
				}
				return day;
			}),
		hours: z
			.string({ error: 'required' })
			.trim()
			.min(1, { error: 'required' })
			.transform((value, ctx) => {
				const hours = parseHours(value);
				if (hours === null) {
					ctx.addIssue({ code: 'custom', message: 'hours_invalid' });
					return z.NEVER;
				}
				if (!(hours > 0) || hours > TRAINING_LIMITS.maxHours) {
					ctx.addIssue({ code: 'custom', message: 'hours_range' });
					return z.NEVER;
				}
				return hours;
			})
	});
}

export type TrainingRecordInput = z.infer<ReturnType<typeof trainingRecordSchema>>;
export type TrainingField = keyof TrainingRecordInput;

/** Checks typed fields; the errors are one code per field (the first problem). */
export function checkTrainingRecord(
	input: Record<string, unknown>,
	today: string = jakartaToday()
): { ok: true; data: TrainingRecordInput } | { ok: false; errors: Partial<Record<TrainingField, TrainingErrorCode>> } {
	const result = trainingRecordSchema(today).safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const errors: Partial<Record<TrainingField, TrainingErrorCode>> = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0]) as TrainingField;
		errors[field] ??= issue.message as TrainingErrorCode;
	}
	return { ok: false, errors };
}
