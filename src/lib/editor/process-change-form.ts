import { z } from 'zod';
import { DIRECTIONS, PROCESS_CHANGE_LIMITS, type ProcessChangeAttributes, type ProcessChangeErrorKey } from './process-change';

/*
 * The indicator form's rules. Apart from the node (process-change.ts) because zod is large and
 * only the dialog needs it: the editor page loads the dialog, and this, when it is first opened.
 */

const optionalNumber = z
	.string()
	.trim()
	.transform((value, ctx) => {
		if (value === '') return null;
		// Indonesian users type a decimal comma ("12,5").
		const n = Number(value.replace(',', '.'));
		if (!Number.isFinite(n)) {
			ctx.addIssue({ code: 'custom', message: 'not_a_number' });
			return z.NEVER;
		}
		if (Math.abs(n) > PROCESS_CHANGE_LIMITS.magnitude) {
			ctx.addIssue({ code: 'custom', message: 'out_of_range' });
			return z.NEVER;
		}
		return n;
	});

/** The processChange form's rules (browser dialog); values arrive as strings. */
export const processChangeFormSchema = z.object({
	indicator: z
		.string()
		.trim()
		.min(1, { error: 'required' })
		.max(PROCESS_CHANGE_LIMITS.indicator, { error: 'too_long' }),
	unit: z.string().trim().max(PROCESS_CHANGE_LIMITS.unit, { error: 'too_long' }),
	direction: z.enum(DIRECTIONS, { error: 'required' }),
	baseline: optionalNumber,
	target: optionalNumber,
	lessonIds: z.array(z.string()).default([])
});

export type ProcessChangeForm = z.input<typeof processChangeFormSchema>;

/** Validates the form; the first error key per field, or the attributes to set. */
export function parseProcessChangeForm(
	input: ProcessChangeForm
):
	| { ok: true; attributes: Omit<ProcessChangeAttributes, 'id'> }
	| { ok: false; errors: Partial<Record<keyof ProcessChangeForm, ProcessChangeErrorKey>> } {
	const result = processChangeFormSchema.safeParse(input);
	if (result.success) return { ok: true, attributes: result.data };
	const errors: Partial<Record<keyof ProcessChangeForm, ProcessChangeErrorKey>> = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0]) as keyof ProcessChangeForm;
		errors[field] ??= issue.message as ProcessChangeErrorKey;
	}
	return { ok: false, errors };
}
