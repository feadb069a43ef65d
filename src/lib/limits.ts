/**
 * Input limits, free of zod: pages import these for `maxlength` and friends without downloading
 * the validation library (about 22 KiB gzipped). The rules that enforce them are in
 * `validation.ts` and `document-validation.ts`, which re-export these.
 */
export const LIMITS = {
	name: 120,
	orgName: 200,
	teamName: 120,
	description: 2000,
	email: 254,
	passwordMin: 8,
	passwordMax: 256
} as const;

/** Longest document title. */
export const DOCUMENT_TITLE_MAX = 200;
/** Longest title search kept from a URL (a search is a substring, not a document). */
export const DOCUMENT_QUERY_MAX = 100;
