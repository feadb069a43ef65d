import { z } from 'zod';
import { LIMITS } from './limits';

/**
 * Form and API input rules shared by the browser and the server. Errors carry a message key
 * (see messages/*.json, prefix `error_`), so the page shows them in the user's language.
 * The limits themselves live in the zod-free `limits.ts`: a page that only shows them
 * (`maxlength`) imports that, and does not download zod.
 */
export { LIMITS };

export type ErrorKey =
	| 'required'
	| 'too_long'
	| 'email_invalid'
	| 'password_short'
	| 'password_long'
	| 'password_mismatch'
	| 'email_taken'
	| 'password_wrong';

const text = (max: number) =>
	z
		.string({ error: 'required' })
		.trim()
		.min(1, { error: 'required' })
		.max(max, { error: 'too_long' });

export const emailField = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(LIMITS.email, { error: 'too_long' })
	.pipe(z.email({ error: 'email_invalid' }));

export const passwordField = z
	.string({ error: 'required' })
	.min(LIMITS.passwordMin, { error: 'password_short' })
	.max(LIMITS.passwordMax, { error: 'password_long' });

export const registerSchema = z
	.object({
		name: text(LIMITS.name),
		email: emailField,
		password: passwordField,
		confirm: z.string({ error: 'required' })
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'password_mismatch' });

export const loginSchema = z.object({
	email: emailField,
	password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(LIMITS.passwordMax, { error: 'password_long' })
});

export const changePasswordSchema = z
	.object({
		current: z.string({ error: 'required' }).min(1, { error: 'required' }),
		password: passwordField,
		confirm: z.string({ error: 'required' })
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'password_mismatch' });

export const profileSchema = z.object({ name: text(LIMITS.name) });
export const orgNameSchema = z.object({ name: text(LIMITS.orgName) });
export const teamSchema = z.object({
	name: text(LIMITS.teamName),
	description: z.string().trim().max(LIMITS.description, { error: 'too_long' }).default('')
});

export type FieldErrors<T extends string = string> = Partial<Record<T, ErrorKey>>;

/** Parses FormData-like input; returns the data or the first error key per field. */
export function validate<S extends z.ZodType>(
	schema: S,
	input: Record<string, unknown>
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message as ErrorKey;
	}
	return { ok: false, errors };
}

/** FormData → plain object of strings (files are ignored). */
export function formValues(data: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') out[key] = value;
	return out;
}
