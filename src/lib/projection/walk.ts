import * as Y from 'yjs';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import {
	ACTION_ITEM_LIMITS,
	BODY_FRAGMENT,
	COMMENTS_MAP,
	LESSON_ATTRS,
	LESSON_REF_ATTRS,
	NODE,
	PROCESS_CHANGE_ATTRS,
	PROCESS_CHANGE_LIMITS,
	TASK_ITEM_ATTRS,
	TITLE_TEXT
} from '../document-contract';
import { parseDueOn } from '../actions/due';
import { commentsOf, readThreads } from '../comments/model';
import { DOCUMENT_TITLE_MAX } from '../document-validation';
import { isUuid } from '../ids';

/**
 * The pure walk from a document's Y.Doc to the structure metrics need (design.md "From CRDT to
 * numbers"). No database, no clock: the server's projector writes what this returns, and unit
 * tests call it on hand-built documents.
 *
 * The shape it reads is the document contract (`$lib/document-contract`): the body fragment,
 * `lesson` and `processChange` block elements with their fields as attributes, `lessonRef`s,
 * and comment threads in the root map `comments` (read by `readThreads`, src/lib/comments).
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

/**
 * A `lessonRef` node: a candidate reuse. Which of them become `lesson_reuses` rows is decided by
 * the server against the organisation's lessons (the document can name any id).
 */
export interface ProjectedLessonRef {
	/** The node's own stable `id` attribute (BlockIds keeps it unique in the document). */
	blockId: string;
	/** The `lessonId` attribute: a lesson's row id. */
	lessonId: string;
}

/**
 * A `taskItem` (an action item) as the projection reads it: whatever a client wrote into its
 * attributes, only what fits survives — an owner that is not a UUID or a date that is not a
 * real `YYYY-MM-DD` day becomes null, the text is cut to `ACTION_ITEM_LIMITS.text`. Whether the
 * owner is a member of the team is the server's question (SQL), not the walk's.
 */
export interface ProjectedActionItem {
	blockId: string;
	/** The item's text, one line per paragraph, trimmed and cut to the limit. */
	text: string;
	ownerId: string | null;
	dueOn: string | null;
	done: boolean;
}

/** A comment thread as SQL keeps it (`comment_threads`); times are the server's, not here. */
export interface ProjectedCommentThread {
	id: string;
	/** The opening message's author; null when the opening message is gone. */
	authorId: string | null;
	anchored: boolean;
	/** The text under the highlight when the thread was opened ('' for document-level threads). */
	quote: string;
	resolved: boolean;
	/** Who resolved it (null while open). */
	resolvedBy: string | null;
}

/** A message as SQL keeps it (`comment_messages`, `comment_mentions`). */
export interface ProjectedCommentMessage {
	id: string;
	threadId: string;
	authorId: string;
	/** '' when deleted. */
	body: string;
	/** The author says it was edited (SQL dates the edit itself, when it sees the body change). */
	edited: boolean;
	/** An opening message its author deleted (kept so the thread keeps its anchor). */
	deleted: boolean;
	/** User ids the message mentions, as written; the server decides who is accepted. */
	mentions: string[];
}

export interface DocumentProjection {
	lessons: ProjectedLesson[];
	processChanges: ProjectedProcessChange[];
	/**
	 * Every `lessonRef` anywhere in the body (inside process changes too), document order, one per
	 * node id. (Optional for hand-built projections in tests; the walk always sets it. Absent: the
	 * reuse rows are left as they are.)
	 */
	lessonRefs?: ProjectedLessonRef[];
	/**
	 * Every `taskItem` with a valid id, document order, one per id (the first wins). (Optional for
	 * hand-built projections in tests; the walk always sets it. Absent: the action rows are left as
	 * they are.)
	 */
	actionItems?: ProjectedActionItem[];
	commentThreads: number;
	openCommentThreads: number;
	wordCount: number;
	/**
	 * The threads and their messages, open threads first (readThreads' order), each thread's
	 * opening message first. (Optional for hand-built projections in tests; the walk always sets
	 * it. Absent: the comment rows are left as they are.)
	 */
	comments?: { threads: ProjectedCommentThread[]; messages: ProjectedCommentMessage[] };
	/**
	 * A digest of the body and the title (SHA-256, hex): the same content gives the same digest on
	 * every replica, and comments never change it. A sign-off stores it; a different one later
	 * means the document changed after approval. (Optional for hand-built projections in tests.)
	 */
	contentDigest?: string;
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

/** At most `max` characters (code points, so no surrogate pair is split), trimmed again. */
function cut(value: string, max: number): string {
	const chars = [...value];
	return chars.length <= max ? value : chars.slice(0, max).join('').trim();
}

/** A figure beyond what any indicator measures is a hostile client's, not a baseline. */
function boundedNumber(value: number | null): number | null {
	return value !== null && Math.abs(value) <= PROCESS_CHANGE_LIMITS.magnitude ? value : null;
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

function uuidAttr(value: unknown): string | null {
	const id = typeof value === 'string' ? value.trim().toLowerCase() : '';
	return isUuid(id) ? id : null;
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
	const lessonRefs: ProjectedLessonRef[] = [];
	const actionItems: ProjectedActionItem[] = [];
	const seen = new Set<string>();
	const seenRefs = new Set<string>();
	const seenActions = new Set<string>();

	const visit = (node: Y.XmlElement | Y.XmlFragment) => {
		for (const child of node.toArray()) {
			if (!(child instanceof Y.XmlElement)) continue;
			if (child.nodeName === NODE.lessonRef) {
				// Without its own id a ref cannot be addressed (its row could not be updated or removed).
				const attrs = attributesOf(child);
				const blockId = uuidAttr(attrs[LESSON_REF_ATTRS.id]);
				const lessonId = uuidAttr(attrs[LESSON_REF_ATTRS.lessonId]);
				if (blockId && lessonId && !seenRefs.has(blockId)) {
					seenRefs.add(blockId);
					lessonRefs.push({ blockId, lessonId });
				}
			}
			if (child.nodeName === NODE.taskItem) {
				const attrs = attributesOf(child);
				const blockId = uuidAttr(attrs[TASK_ITEM_ATTRS.id]);
				if (blockId && !seenActions.has(blockId)) {
					seenActions.add(blockId);
					const checked = attrs[TASK_ITEM_ATTRS.checked];
					actionItems.push({
						blockId,
						text: [...textOf(child).trim()].slice(0, ACTION_ITEM_LIMITS.text).join('').trim(),
						ownerId: uuidAttr(attrs[TASK_ITEM_ATTRS.ownerId]),
						dueOn: parseDueOn(attrs[TASK_ITEM_ATTRS.dueOn]),
						done: checked === true || checked === 'true'
					});
				}
			}
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
							indicator: cut(stringAttr(attrs[A.indicator]), PROCESS_CHANGE_LIMITS.indicator),
							unit: cut(stringAttr(attrs[A.unit]), PROCESS_CHANGE_LIMITS.unit),
							direction: attrs[A.direction] === 'increase' ? 'increase' : 'decrease',
							baseline: boundedNumber(numberAttr(attrs[A.baseline])),
							target: boundedNumber(numberAttr(attrs[A.target])),
							lessonIds,
							description: cut(textOf(child).trim(), PROCESS_CHANGE_LIMITS.description)
						});
					}
				}
			}
			visit(child);
		}
	};
	visit(body);

	const comments = projectComments(doc);
	const attrWords = lessons.reduce((n, l) => n + countWords(l.title), 0);
	return {
		lessons,
		processChanges,
		lessonRefs,
		actionItems,
		commentThreads: comments.threads.length,
		openCommentThreads: comments.threads.filter((t) => !t.resolved).length,
		wordCount: countWords(textOf(body, ' ')) + attrWords,
		title: titleOf(doc),
		comments,
		contentDigest: contentDigest(doc)
	};
}

/** The comment threads and messages (src/lib/comments/model.ts), flattened for SQL. */
function projectComments(doc: Y.Doc): NonNullable<DocumentProjection['comments']> {
	// share.has: commentsOf() would create the root on a document that has none.
	if (!doc.share.has(COMMENTS_MAP)) return { threads: [], messages: [] };
	const threads: ProjectedCommentThread[] = [];
	const messages: ProjectedCommentMessage[] = [];
	for (const thread of readThreads(commentsOf(doc))) {
		threads.push({
			id: thread.id,
			authorId: thread.authorId,
			anchored: thread.anchor !== null,
			quote: thread.anchor?.quote ?? '',
			resolved: thread.resolved !== null,
			resolvedBy: thread.resolved?.by ?? null
		});
		for (const m of thread.messages) {
			messages.push({
				id: m.id,
				threadId: m.threadId,
				authorId: m.authorId,
				body: m.body,
				edited: m.edited !== null,
				deleted: m.deleted,
				mentions: m.mentions
			});
		}
	}
	return { threads, messages };
}

/**
 * SHA-256 of the title and the body's XML (Yjs writes attributes in sorted order, so equal
 * content serialises equally on every replica), hex. Comments live in another root and do not
 * enter it.
 */
export function contentDigest(doc: Y.Doc): string {
	const title = doc.share.has(TITLE_TEXT) ? doc.getText(TITLE_TEXT).toString() : '';
	const body = doc.share.has(BODY_FRAGMENT) ? doc.getXmlFragment(BODY_FRAGMENT).toString() : '';
	// The separator cannot occur in a title (plain text without control characters).
	return encodeHexLowerCase(sha256(new TextEncoder().encode(`${title}\u0000${body}`)));
}

function titleOf(doc: Y.Doc): string | null {
	// share.has: getText() would create the root on a document that has none.
	if (!doc.share.has(TITLE_TEXT)) return null;
	const title = doc.getText(TITLE_TEXT).toString().replace(/\s+/g, ' ').trim();
	return title === '' ? null : title.slice(0, DOCUMENT_TITLE_MAX);
}
