import { m } from '../paraglide/messages';
import { TRAINING_LIMITS, type TrainingErrorCode } from './record-input';
import type { CsvColumn, CsvFileProblem, CsvRowErrorCode } from './csv-import';

/** The sentence for a training field's problem, in the reader's language. */
export function trainingErrorMessage(code: CsvRowErrorCode | TrainingErrorCode | undefined, field?: string): string | undefined {
	switch (code) {
		case undefined:
			return undefined;
		case 'required':
			return m.error_required();
		case 'too_long':
			return m.error_too_long({ max: field === 'course' ? TRAINING_LIMITS.course : TRAINING_LIMITS.organiser });
		case 'date_invalid':
			return m.training_error_date_invalid();
		case 'date_future':
			return m.training_error_date_future();
		case 'hours_invalid':
			return m.training_error_hours_invalid();
		case 'hours_range':
			return m.training_error_hours_range({ max: String(TRAINING_LIMITS.maxHours) });
		case 'email_invalid':
			return m.error_email_invalid();
		case 'email_unknown':
			return m.training_error_email_unknown();
		case 'columns_count':
			return m.training_error_columns_count();
	}
}

export function csvColumnLabel(column: CsvColumn | null): string {
	switch (column) {
		case null:
			return m.training_import_whole_row();
		case 'email':
			return 'email';
		case 'course':
			return 'course';
		case 'organiser':
			return 'organiser';
		case 'date':
			return 'date';
		case 'hours':
			return 'JP';
	}
}

export function csvFileProblemMessage(problem: CsvFileProblem): string {
	switch (problem.code) {
		case 'file_empty':
			return m.training_import_file_empty();
		case 'file_too_large':
			return m.training_import_file_too_large({ kb: String(Math.floor(problem.maxBytes / 1000)) });
		case 'too_many_rows':
			return m.training_import_too_many_rows({ max: String(problem.maxRows) });
		case 'columns_missing':
			return m.training_import_columns_missing({ columns: problem.columns.map((c) => csvColumnLabel(c)).join(', ') });
		case 'unclosed_quote':
			return m.training_import_unclosed_quote({ row: String(problem.row) });
	}
}
