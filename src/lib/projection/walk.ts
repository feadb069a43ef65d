import * as Y from 'yjs';
import { isUuid } from '../ids';

/**
 * The pure walk from a document's Y.Doc to the structure metrics need (design.md "From CRDT to
 * numbers"). No database, no clock: the server's projector writes what this returns, and unit
 * tests call it on hand-built documents.
 *
 * The shape it reads is the editor contract: Tiptap's Collaboration binds the ProseMirror doc
 * to the XmlFragment `default`; `lesson` and `processChange` are block elements with their
 * fields as attributes; comment threads are Y.Maps in the root map `comments`.
 */

export const BODY_FRAGMENT = 'default';
export const COMMENTS_MAP = 'comments';

export interface ProjectedLesson {
	/** The node's stable `id` attribute. */
	blockId: string;
	title: string;
	/** Text of the lesson's paragraphs, one line each. */
	body: string;
}

export interface ProjectedProcessChange {
	blockId: string;
	indicator: string;
	unit: string;
	direction: 'increase' | 'decrease';
	baseline: number | null;
	target: number | null;
	/** Lesson ids from the `lessonIds` attribute and from `lessonRef`s inside, first seen first. */
	lessonIds: string[];
	description: string;
}

export interface DocumentProjection {
	lessons: ProjectedLesson[];
	processChanges: ProjectedProcessChange[];
	commentThreads: number;
	openCommentThreads: number;
	wordCount: number;
}

type Attributes = Record<string, unknown>;

function attributesOf(element: Y.XmlElement): Attributes {
	// y-prosemirror stores attribute values as given (strings, numbers, arrays, null).
	return element.getAttributes() as Attributes;
}

function stringAttr(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/** Numbers may arrive as numbers or, from older clients and forms, as numeric strings. */
function numberAttr(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.replace(',', '.'));
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

function uuidList(value: unknown): string[] {
	let list: unknown = value;
	// An attribute set from a serialised form can be a JSON string.
	if (typeof value === 'string') {
		try {
			list = JSON.parse(value);
		} catch {
			list = value.split(',');
		}
	}
	if (!Array.isArray(list)) return [];
	return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase()).filter(isUuid);
}

/** The plain text of an XmlText, without formatting (toString() would add tags). */
function plainText(text: Y.XmlText): string {
	let out = '';
	for (const op of text.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') out += op.insert;
	return out;
}

/** Text of a node's content; block children are separated by a newline. */
function textOf(node: Y.XmlElement | Y.XmlFragment, blockSeparator = '\n'): string {
	const parts: string[] = [];
	let inline = '';
	for (const child of node.toArray()) {
		if (child instanceof Y.XmlText) inline += plainText(child);
		else if (child instanceof Y.XmlElement) {
			if (child.nodeName === 'hardBreak') inline += '\n';
			else if (child.length === 0 && child.nodeName !== 'paragraph') continue; // an atom (lessonRef, image)
			else {
				if (inline) parts.push(inline);
				inline = '';
				parts.push(textOf(child, blockSeparator));
			}
		}
	}
	if (inline) parts.push(inline);
	return parts.join(blockSeparator);
}

function lessonRefIds(node: Y.XmlElement): string[] {
	const ids: string[] = [];
	for (const child of node.toArray()) {
		if (!(child instanceof Y.XmlElement)) continue;
		if (child.nodeName === 'lessonRef') ids.push(...uuidList([attributesOf(child).lessonId]));
		ids.push(...lessonRefIds(child));
	}
	return ids;
}

function countWords(text: string): number {
	return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/**
 * Walks a document. Nodes without a valid UUID `id` are skipped (they cannot be addressed);
 * when a copy-paste duplicated an id, the first node in document order wins.
 */
export function walkDocument(doc: Y.Doc): DocumentProjection {
	const body = doc.getXmlFragment(BODY_FRAGMENT);
	const lessons: ProjectedLesson[] = [];
	const processChanges: ProjectedProcessChange[] = [];
	const seen = new Set<string>();

	const visit = (node: Y.XmlElement | Y.XmlFragment) => {
		for (const child of node.toArray()) {
			if (!(child instanceof Y.XmlElement)) continue;
			if (child.nodeName === 'lesson' || child.nodeName === 'processChange') {
				const attrs = attributesOf(child);
				const id = typeof attrs.id === 'string' ? attrs.id.trim().toLowerCase() : '';
				if (isUuid(id) && !seen.has(id)) {
					seen.add(id);
					if (child.nodeName === 'lesson') {
						lessons.push({ blockId: id, title: stringAttr(attrs.title), body: textOf(child).trim() });
					} else {
						const lessonIds = [...new Set([...uuidList(attrs.lessonIds), ...lessonRefIds(child)])];
						processChanges.push({
							blockId: id,
							indicator: stringAttr(attrs.indicator),
							unit: stringAttr(attrs.unit),
							direction: attrs.direction === 'increase' ? 'increase' : 'decrease',
							baseline: numberAttr(attrs.baseline),
							target: numberAttr(attrs.target),
							lessonIds,
							description: textOf(child).trim()
						});
					}
				}
			}
			visit(child);
		}
	};
	visit(body);

	let commentThreads = 0;
	let openCommentThreads = 0;
	for (const thread of doc.getMap(COMMENTS_MAP).values()) {
		if (!(thread instanceof Y.Map)) continue;
		commentThreads += 1;
		if (thread.get('resolved') !== true) openCommentThreads += 1;
	}

	const attrWords = lessons.reduce((n, l) => n + countWords(l.title), 0);
	return {
		lessons,
		processChanges,
		commentThreads,
		openCommentThreads,
		wordCount: countWords(textOf(body, ' ')) + attrWords
	};
}
