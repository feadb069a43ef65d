import { m } from '../paraglide/messages';
import type { ChangeStage } from './change-stage';
import type { ChangeErrorKey } from './change-validation';

/** A stage in words (the page, the team's follow-up view). */
export function stageLabel(stage: ChangeStage): string {
	switch (stage) {
		case 'planned':
			return m.change_stage_planned();
		case 'implemented':
			return m.change_stage_implemented();
		case 'measured':
			return m.change_stage_measured();
		case 'kept':
			return m.change_stage_kept();
		case 'dropped':
			return m.change_stage_dropped();
	}
}

/** The sentence for a form error of the change page (change-validation.ts). */
export function changeErrorMessage(key: ChangeErrorKey | undefined): string | undefined {
	switch (key) {
		case undefined:
			return undefined;
		case 'required':
			return m.change_error_required();
		case 'not_a_number':
			return m.change_error_not_a_number();
		case 'invalid_date':
			return m.change_error_invalid_date();
		case 'future_date':
			return m.change_error_future_date();
		case 'before_baseline':
			return m.change_error_before_baseline();
		case 'too_long':
			// Notes allow 2000 characters, sources 500: the field's own maxlength says which.
			return m.change_error_too_long();
		case 'no_baseline':
			return m.change_error_no_baseline();
		case 'invalid_owner':
			return m.change_error_invalid_owner();
		case 'not_measured':
			return m.change_error_not_measured();
		case 'decided':
			return m.change_error_decided();
	}
}
