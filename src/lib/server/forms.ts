import type { FieldErrors } from '../validation';

/** What a failed form action returns: the values to re-fill (never passwords), field errors and a general message. */
export interface FormProblem<V extends Record<string, string>> {
	values: V;
	errors: FieldErrors;
	message?: string;
}

export function problem<V extends Record<string, string>>(
	values: V,
	errors: FieldErrors = {},
	message?: string
): FormProblem<V> {
	return { values, errors, message };
}
