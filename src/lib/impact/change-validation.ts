import { z } from 'zod';
import { isIsoDay } from './calendar';
import { MEASUREMENT_NOTE_MAX, MEASUREMENT_SOURCE_MAX, OUTCOME_NOTE_MAX } from './limits';

/**
 * The process change page's form rules (issue 15 "Bad input"), pure: the server validates every
 * post with these and the page shows the error keys per field (messages `change_error_*`).
 * Values arrive as form strings; "today" and the change's facts come from the caller.
 */

export { MEASUREMENT_NOTE_MAX, MEASUREMENT_SOURCE_MAX, OUTCOME_NOTE_MAX };

export type ChangeErrorKey =
	| 'required'
	| 'not_a_number'
	| 'invalid_date'
	| 'future_date'
	| 'before_baseline'
	| 'too_long'
	| 'no_baseline'
	| 'invalid_owner'
	| 'not_measured'
	| 'decided';

export type ChangeFieldErrors<F extends string = string> = Partial<Record<F, ChangeErrorKey>>;

// With a comma the comma is the decimal mark and dots may group thousands ("1.234,5"), as
// Indonesians write; without one a dot is the decimal mark ("12.5"), as the browser's number
// input and the document's indicator dialog take it. Anything else (hex, exponents, "12abc")
// is not a number a person typed.
const WITH_COMMA = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;
const PLAIN = /^[+-]?\d+(?:\.\d+)?$/;

/** A typed number ("12,5", "1.234,5", "12.5", "-3"), or null when it is not one. */
export function parseDecimal(input: string): number | null {
	const value = input.trim().replace(/\s/g, '');
	let normal: string;
	if (WITH_COMMA.test(value)) normal = value.replace(/\./g, '').replace(',', '.');
	else if (PLAIN.test(value)) normal = value;
	else return null;
	const n = Number(normal);
	return Number.isFinite(n) ? n : null;
}

const day = z.string().trim().refine(isIsoDay, { error: 'invalid_date' });
const optionalDay = z
	.string()
	.trim()
	.refine((v) => v === '' || isIsoDay(v), { error: 'invalid_date' })
	.transform((v) => (v === '' ? null : v));

function result<T>(parsed: z.ZodSafeParseResult<T>): { ok: true; data: T } | { ok: false; errors: ChangeFieldErrors } {
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: ChangeFieldErrors = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= (issue.message as ChangeErrorKey) ?? 'required';
	}
	return { ok: false, errors };
}

export interface MeasurementContext {
	today: string;
	/** The change's baseline value (from the document); null: none written yet. */
	baseline: number | null;
	/** When the baseline was measured; measurements may not be older. */
	baselineOn: string | null;
}

export interface MeasurementInput {
	value: number;
	measuredOn: string;
	note: string;
	source: string;
}

/** A measurement form: value, date, note, source. The whole form is refused without a baseline. */
export function parseMeasurement(
	input: Record<string, unknown>,
	context: MeasurementContext
): { ok: true; data: MeasurementInput } | { ok: false; errors: ChangeFieldErrors<keyof MeasurementInput | 'form'> } {
	const schema = z.object({
		value: z
			.string({ error: 'required' })
			.trim()
			.min(1, { error: 'required' })
			.transform((v, ctx) => {
				const n = parseDecimal(v);
				if (n === null) {
					ctx.addIssue({ code: 'custom', message: 'not_a_number' });
					return z.NEVER;
				}
				return n;
			}),
		measuredOn: z
			.string({ error: 'required' })
			.trim()
			.min(1, { error: 'required' })
			.pipe(day)
			.refine((v) => v <= context.today, { error: 'future_date' })
			.refine((v) => context.baselineOn === null || v >= context.baselineOn, { error: 'before_baseline' }),
		note: z.string().default('').transform((v) => v.trim()).pipe(z.string().max(MEASUREMENT_NOTE_MAX, { error: 'too_long' })),
		source: z.string().default('').transform((v) => v.trim()).pipe(z.string().max(MEASUREMENT_SOURCE_MAX, { error: 'too_long' }))
	});
	const parsed = result(schema.safeParse(input));
	if (context.baseline === null) return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), form: 'no_baseline' } };
	return parsed;
}

export interface FollowThroughInput {
	ownerId: string | null;
	plannedOn: string | null;
	baselineOn: string | null;
}

/**
 * Owner, planned date and baseline date. `members`: who may own it (the team's members); an
 * empty owner clears it. The baseline date is a day the baseline was measured: not in the future.
 */
export function parseFollowThrough(
	input: Record<string, unknown>,
	context: { today: string; members: ReadonlySet<string> }
): { ok: true; data: FollowThroughInput } | { ok: false; errors: ChangeFieldErrors<keyof FollowThroughInput> } {
	const schema = z.object({
		ownerId: z
			.string()
			.default('')
			.transform((v) => v.trim())
			.refine((v) => v === '' || context.members.has(v), { error: 'invalid_owner' })
			.transform((v) => (v === '' ? null : v)),
		plannedOn: z.string().default('').pipe(optionalDay),
		baselineOn: z
			.string()
			.default('')
			.pipe(optionalDay)
			.refine((v) => v === null || v <= context.today, { error: 'future_date' })
	});
	return result(schema.safeParse(input));
}

/** Marking the change implemented: the day it took effect, not in the future. */
export function parseImplemented(
	input: Record<string, unknown>,
	context: { today: string }
): { ok: true; data: { implementedOn: string } } | { ok: false; errors: ChangeFieldErrors<'implementedOn'> } {
	const schema = z.object({
		implementedOn: z
			.string({ error: 'required' })
			.trim()
			.min(1, { error: 'required' })
			.pipe(day)
			.refine((v) => v <= context.today, { error: 'future_date' })
	});
	return result(schema.safeParse(input));
}

/** Deciding after measuring: kept or dropped, with an optional note. */
export function parseOutcome(
	input: Record<string, unknown>,
	context: { measured: boolean }
): { ok: true; data: { outcome: 'kept' | 'dropped'; note: string } } | { ok: false; errors: ChangeFieldErrors<'outcome' | 'note' | 'form'> } {
	const schema = z.object({
		outcome: z.enum(['kept', 'dropped'], { error: 'required' }),
		note: z.string().default('').transform((v) => v.trim()).pipe(z.string().max(OUTCOME_NOTE_MAX, { error: 'too_long' }))
	});
	const parsed = result(schema.safeParse(input));
	if (!context.measured) return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), form: 'not_measured' } };
	return parsed;
}
