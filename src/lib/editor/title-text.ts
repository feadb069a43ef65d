import * as Y from 'yjs';
import { TITLE_TEXT } from '../document-contract';

/*
 * The document title as a Y.Text (document-contract.ts `title`), edited in place as the page's
 * H1. Pure Yjs, no DOM, so the unit tests drive it like the page does.
 */

/**
 * The longest title, the same as DOCUMENT_TITLE_MAX (document-validation.ts; a unit test holds
 * them equal). Not imported from there: that module builds zod schemas at load, and this one is
 * in the editor's bundle.
 */
export const TITLE_MAX = 200;

/** The smallest splice turning `before` into `after`: common prefix and suffix kept. */
export function textSplice(before: string, after: string): { index: number; remove: number; insert: string } {
	let start = 0;
	const shorter = Math.min(before.length, after.length);
	while (start < shorter && before[start] === after[start]) start++;
	let end = 0;
	while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** A title as one line of plain text within the SQL limit (what a paste may break). */
export function cleanTitle(value: string): string {
	return value.replace(/[\r\n\t]+/g, ' ').slice(0, TITLE_MAX);
}

/** Whether the document has a title root yet (reading one would create it). */
export function hasTitleRoot(doc: Y.Doc): boolean {
	return doc.share.has(TITLE_TEXT) && doc.getText(TITLE_TEXT).length > 0;
}

/** The title to show: the title root, or `fallback` (the SQL title) while it has none or is empty. */
export function readTitle(doc: Y.Doc, fallback: string): string {
	return hasTitleRoot(doc) ? doc.getText(TITLE_TEXT).toString() : fallback;
}

/**
 * Applies what the writer typed (`typed`, the field's whole new value) to the title root, as
 * the smallest splice against what the root holds, so concurrent renames merge like body text.
 * A document without a title root (created before it existed) is seeded with the whole value on
 * its first rename. Returns the value the field should now show.
 */
export function writeTitle(doc: Y.Doc, typed: string): string {
	const text = doc.getText(TITLE_TEXT);
	const next = cleanTitle(typed);
	const current = text.toString();
	if (next === current) return current;
	const { index, remove, insert } = textSplice(current, next);
	doc.transact(() => {
		if (remove > 0) text.delete(index, remove);
		if (insert) text.insert(index, insert);
	});
	return next;
}
