import { enhance as kitEnhance } from '$app/forms';
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';
import { failureMessage } from './failure-message';
import { formFailure } from './form-failure.svelte';

const RESULT_TYPES = new Set(['success', 'failure', 'redirect', 'error']);

function errorDetails(error: unknown): { status?: number; code?: string } {
	if (typeof error !== 'object' || error === null) return {};
	const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
	const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
	return { status, code };
}

/**
 * SvelteKit's `enhance`, except that a post the server did not answer with something the form
 * can show — a refusal, a server error, a dropped connection, or a body that is not an action
 * result at all — leaves the page as it is (the form keeps what was typed) and says what went
 * wrong in the layout's alert, in the user's language. Without this, a 403 answered as JSON
 * (SvelteKit's own CSRF refusal) is dropped silently, and an error replaces the whole form.
 */
export function enhance(form: HTMLFormElement, submit?: SubmitFunction) {
	return kitEnhance(form, async (input) => {
		formFailure.clear();
		const after = submit ? await submit(input) : undefined;
		return async (options) => {
			const result: ActionResult | { type?: unknown } = options.result;
			if (!RESULT_TYPES.has(String(result.type)) || result.type === 'error') {
				const status = 'status' in result && typeof result.status === 'number' ? result.status : undefined;
				const details = 'error' in result ? errorDetails(result.error) : {};
				// A fetch that never reached the server (offline) carries a TypeError and no status.
				const network = 'error' in result && result.error instanceof TypeError;
				formFailure.show(failureMessage(network ? 0 : (status ?? details.status), details.code));
				return;
			}
			if (after) await after(options);
			else await options.update();
		};
	});
}
