/**
 * The process change page's input limits, free of zod: the page needs them for `maxlength`
 * without downloading the validation library (change-validation.ts enforces them). The database
 * holds the same bounds (measurements_note_check).
 */
export const MEASUREMENT_NOTE_MAX = 2000;
export const MEASUREMENT_SOURCE_MAX = 500;
export const OUTCOME_NOTE_MAX = 2000;
