import { m } from '$lib/paraglide/messages';

/** What the user reads when a form post got no answer its form can show. */
export function failureMessage(status: number | undefined, code: string | undefined): string {
	if (code === 'bad_origin') return m.form_failed_cross_site();
	if (status === undefined || status === 0) return m.form_failed_network();
	if (status === 401) return m.form_failed_signed_out();
	if (status === 403) return m.form_failed_forbidden();
	if (status === 404) return m.form_failed_not_found();
	if (status === 413) return m.form_failed_too_large();
	if (status === 429) return m.form_failed_throttled();
	return m.form_failed_server();
}
