/**
 * What a user typed into the library's search, made safe and bounded before it reaches SQL
 * (issue 14, "Bad input"). Every string is accepted: the worst a query can do is find nothing.
 *
 * The text always travels as a bound parameter, so nothing here is about SQL injection. It is
 * about what PostgreSQL would refuse or pay for: a NUL byte is an error in a text parameter,
 * lone UTF-16 surrogates are not valid UTF-8, ten thousand characters make a tsquery of
 * thousands of terms, and `words` are spliced into `to_tsquery` syntax by the typo fallback, so
 * they hold letters and digits only. `websearch_to_tsquery` itself never raises on syntax:
 * quotes (phrases), `or` and a leading `-` (not) keep their meaning there.
 */

/** Longest query kept, in characters (after cleaning); the rest is dropped at a word boundary. */
export const QUERY_MAX_CHARS = 200;
/** Most words kept for the typo fallback and prefix matching. */
export const QUERY_MAX_WORDS = 8;
/** Longest word kept (a longer "word" is noise, and the lexicon stores none longer). */
export const WORD_MAX_CHARS = 40;

export interface LibraryQuery {
	/** For `websearch_to_tsquery`: letters, digits, marks, spaces, `"`, `-`, `.`, `/`; trimmed. */
	text: string;
	/** Lower-case words of letters and digits, distinct, in order: safe inside `to_tsquery`. */
	words: string[];
}

/** Characters kept in `text`: anything else becomes a space. */
const KEEP = /[^\p{L}\p{M}\p{N}\s"\-./]/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** A lone surrogate (half of an emoji cut in two, or forged): not valid UTF-8, so not sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cleans a search input of any shape (a form field, a URL parameter, JSON). Returns null when
 * nothing searchable is left: the caller shows the library without a query (or an empty state).
 */
export function normaliseQuery(input: unknown): LibraryQuery | null {
	if (typeof input !== 'string') return null;
	// Bound the work first: normalising 10 MB to keep 200 characters would be the expensive part.
	let text = input.slice(0, QUERY_MAX_CHARS * 8).replace(LONE_SURROGATE, ' ');
	text = text.normalize('NFKC').replace(KEEP, ' ').replace(/\s+/g, ' ').trim();
	if (text.length > QUERY_MAX_CHARS) {
		const cut = text.slice(0, QUERY_MAX_CHARS + 1);
		const space = cut.lastIndexOf(' ');
		text = (space > 0 ? cut.slice(0, space) : cut.slice(0, QUERY_MAX_CHARS)).trim();
	}
	const words = queryWords(text);
	if (words.length === 0) return null;
	return { text, words };
}

/** The distinct words of a text, lower case, letters and digits only, at most QUERY_MAX_WORDS. */
export function queryWords(text: string): string[] {
	const words: string[] = [];
	for (const match of text.toLocaleLowerCase('id-ID').matchAll(WORD)) {
		const word = match[0];
		if (word.length > WORD_MAX_CHARS || words.includes(word)) continue;
		// `or` is websearch syntax, not a word to look for.
		if (word === 'or') continue;
		words.push(word);
		if (words.length === QUERY_MAX_WORDS) break;
	}
	return words;
}

/** True when `word` may be spliced into `to_tsquery` syntax (letters and digits only). */
export function isSafeTsWord(word: string): boolean {
	return word.length > 0 && word.length <= WORD_MAX_CHARS && /^[\p{L}\p{N}]+$/u.test(word);
}
