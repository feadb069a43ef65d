import { m } from './paraglide/messages';
import type { ErrorKey } from './validation';

/** The translated sentence for a validation error key. */
export function errorMessage(key: ErrorKey | undefined, max?: number): string | undefined {
	switch (key) {
		case undefined:
			return undefined;
		case 'required':
			return m.error_required();
		case 'too_long':
			return m.error_too_long({ max: max ?? 0 });
		case 'email_invalid':
			return m.error_email_invalid();
		case 'password_short':
			return m.error_password_short({ min: 8 });
		case 'password_long':
			return m.error_password_long();
		case 'password_mismatch':
			return m.error_password_mismatch();
		case 'email_taken':
			return m.error_email_taken();
		case 'password_wrong':
			return m.error_password_wrong();
	}
}
