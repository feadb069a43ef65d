import type { Node as PMNode } from '@tiptap/pm/model';
import { LESSON_ATTRS, NODE } from '../document-contract';

/**
 * The section being written (issue 14 "Pelajaran terkait"): from the heading at or above the
 * cursor down to the next heading, at the top level of the body. It is what the related-lessons
 * panel asks about, so a lesson suggestion follows the writer from "Kronologi" to "Akar masalah".
 * Pure (a ProseMirror document and a position), so the browser panel and unit tests share it.
 */

/** Characters of a section sent to the server: the related query reads no more than this. */
export const SECTION_TEXT_MAX = 4000;

export interface CurrentSection {
	/**
	 * Which section: the number of top-level headings before it (0 for text above the first
	 * heading). Stable while the writer types inside it; changes when they move to another.
	 */
	index: number;
	/** The heading's text ('' above the first heading). */
	heading: string;
	/** The heading and everything up to the next heading, lesson titles included, one block a line. */
	text: string;
}

/** Tiptap's heading node (not in NODE: the contract names only Alur's own nodes and the ones it keys on). */
const HEADING = 'heading';

/** A block's words, one textblock a line; a lesson's title is an attribute, but says most about it. */
function blockText(node: PMNode): string {
	if (node.isTextblock) return node.textContent;
	const parts: string[] = [];
	const visit = (n: PMNode) => {
		if (n.type.name === NODE.lesson) {
			const title = String(n.attrs[LESSON_ATTRS.title] ?? '').trim();
			if (title) parts.push(title);
		}
		if (n.isTextblock) parts.push(n.textContent);
		else n.forEach(visit);
	};
	visit(node);
	return parts.join('\n');
}

export function currentSection(doc: PMNode, pos: number): CurrentSection {
	const size = doc.content.size;
	const at = Math.max(0, Math.min(pos, size));
	const index = doc.childCount === 0 ? 0 : Math.min(doc.resolve(at).index(0), doc.childCount - 1);
	let start = index;
	while (start > 0 && doc.child(start).type.name !== HEADING) start -= 1;
	// Above the first heading: the text there is its own section.
	if (doc.childCount > 0 && doc.child(start).type.name !== HEADING) start = 0;
	let end = index + 1;
	while (end < doc.childCount && doc.child(end).type.name !== HEADING) end += 1;
	let headingsBefore = 0;
	for (let i = 0; i < start; i += 1) if (doc.child(i).type.name === HEADING) headingsBefore += 1;
	const first = doc.childCount > 0 ? doc.child(start) : null;
	const isHeading = first?.type.name === HEADING;
	const lines: string[] = [];
	let length = 0;
	for (let i = start; i < end && length < SECTION_TEXT_MAX; i += 1) {
		const line = blockText(doc.child(i)).trim();
		if (!line) continue;
		lines.push(line);
		length += line.length + 1;
	}
	return {
		index: isHeading ? headingsBefore + 1 : 0,
		heading: isHeading && first ? first.textContent.trim() : '',
		text: lines.join('\n').slice(0, SECTION_TEXT_MAX)
	};
}
