import * as Y from 'yjs';
import { BODY_FRAGMENT, COMMENTS_MAP, LESSON_ATTRS, LESSON_REF_ATTRS, NODE, PROCESS_CHANGE_ATTRS, readCommentEntry, TITLE_TEXT } from '../document-contract';
import { DOCUMENT_TITLE_MAX } from '../document-validation';
import { isUuid } from '../ids';

/**
 * The pure walk from a document's Y.Doc to the structure metrics need (design.md "From CRDT to
 * numbers"). No database, no clock: the server's projector writes what this returns, and unit
 * tests call it on hand-built documents.
 *
 * The shape it reads is the document contract (`$lib/document-contract`): the body fragment,
 * `lesson` and `processChange` block elements with their fields as attributes, `lessonRef`s,
 * and comment entries in the root map `comments`.
 */

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
	/**
	 * The `title` root, whitespace collapsed and cut to the SQL limit; null when the document has
	 * no title root (created before it existed, never renamed) or it is blank — then the SQL title
	 * stays as it is, so a title being retyped never empties the lists. (Optional for hand-built
	 * projections in tests; the walk always sets it.)
	 */
	title?: string | null;
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
			if (child.nodeName === NODE.hardBreak) inline += '\n';
			else if (child.length === 0 && child.nodeName !== NODE.paragraph) continue; // an atom (lessonRef, image)
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
		if (child.nodeName === NODE.lessonRef) ids.push(...uuidList([attributesOf(child)[LESSON_REF_ATTRS.lessonId]]));
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
			if (child.nodeName === NODE.lesson || child.nodeName === NODE.processChange) {
				const attrs = attributesOf(child);
				const rawId = attrs[LESSON_ATTRS.id];
				const id = typeof rawId === 'string' ? rawId.trim().toLowerCase() : '';
				if (isUuid(id) && !seen.has(id)) {
					seen.add(id);
					if (child.nodeName === NODE.lesson) {
						lessons.push({ blockId: id, title: stringAttr(attrs[LESSON_ATTRS.title]), body: textOf(child).trim() });
					} else {
						const A = PROCESS_CHANGE_ATTRS;
						const lessonIds = [...new Set([...uuidList(attrs[A.lessonIds]), ...lessonRefIds(child)])];
						processChanges.push({
							blockId: id,
							indicator: stringAttr(attrs[A.indicator]),
							unit: stringAttr(attrs[A.unit]),
							direction: attrs[A.direction] === 'increase' ? 'increase' : 'decrease',
							baseline: numberAttr(attrs[A.baseline]),
							target: numberAttr(attrs[A.target]),
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

	const { threads: commentThreads, open: openCommentThreads } = countThreads(doc.getMap(COMMENTS_MAP));

	const attrWords = lessons.reduce((n, l) => n + countWords(l.title), 0);
	return {
		lessons,
		processChanges,
		commentThreads,
		openCommentThreads,
		wordCount: countWords(textOf(body, ' ')) + attrWords,
		title: titleOf(doc)
	};
}

function titleOf(doc: Y.Doc): string | null {
	// share.has: getText() would create the root on a document that has none.
	if (!doc.share.has(TITLE_TEXT)) return null;
	const title = doc.getText(TITLE_TEXT).toString().replace(/\s+/g, ' ').trim();
	return title === '' ? null : title.slice(0, DOCUMENT_TITLE_MAX);
}

/**
 * Threads and open threads among the comment entries (document-contract.ts): a thread is its
 * `thread` entry; it is resolved when its latest `status` entry (by `at`, then by key) says so.
 */
function countThreads(comments: Y.Map<unknown>): { threads: number; open: number } {
	const threads = new Set<string>();
	const latest = new Map<string, { at: string; key: string; resolved: boolean }>();
	for (const [key, value] of comments.entries()) {
		const entry = readCommentEntry(value);
		if (!entry) continue;
		if (entry.kind === 'thread') threads.add(entry.thread);
		else if (entry.kind === 'status') {
			const seen = latest.get(entry.thread);
			if (!seen || entry.at > seen.at || (entry.at === seen.at && key > seen.key))
				latest.set(entry.thread, { at: entry.at, key, resolved: entry.resolved });
		}
	}
	let open = 0;
	for (const thread of threads) if (latest.get(thread)?.resolved !== true) open += 1;
	return { threads: threads.size, open };
}
