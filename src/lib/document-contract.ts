import { isUuid } from './ids';

/**
 * The shape of an Alur document's Y.Doc, in one place: the browser editor, the projection walk
 * and the sync server's validator all import it, so a name changed here changes everywhere.
 *
 * Roots:
 * - `default` (Y.XmlFragment): the body, bound to ProseMirror by Tiptap's Collaboration.
 * - `comments` (Y.Map): comment threads, laid out in src/lib/comments/model.ts — one entry per
 *   message keyed `m/<threadId>/<authorId>/<messageId>` and one state entry per thread
 *   `s/<threadId>`, each a plain JSON value. Ownership is visible from the entry's KEY, not from a
 *   field anyone could set: the sync server checks every struct from where it sits, cheaply, for
 *   every role (the coarse gate `mayWrite` in access.ts, then src/lib/comments/policy.ts).
 * - `title` (Y.Text): the document's title, plain text, edited in place as the page's H1 by
 *   editors only. The projection copies it into `documents.title` (lists read that). Documents
 *   created before it existed have no such root until their first rename; until then the SQL
 *   title is the title.
 */

/** The Y.XmlFragment that holds the document body (Tiptap Collaboration's `field`). */
export const BODY_FRAGMENT = 'default';
/** The root map of comment entries (keys and values: src/lib/comments/model.ts). */
export const COMMENTS_MAP = 'comments';

/** The Y.Text that holds the document's title (plain text, no formatting). */
export const TITLE_TEXT = 'title';

/** Every root the contract names. Roots not listed here are not part of an Alur document. */
export const DOCUMENT_ROOTS = [BODY_FRAGMENT, COMMENTS_MAP, TITLE_TEXT] as const;

/** Node names of the body's custom blocks and inline nodes (ProseMirror type = Y.XmlElement nodeName). */
export const NODE = {
	paragraph: 'paragraph',
	hardBreak: 'hardBreak',
	/** A lesson learned: block with `id` and `title` attributes, paragraphs inside. */
	lesson: 'lesson',
	/** A change to how work is done: block with indicator attributes and the lessons it rests on. */
	processChange: 'processChange',
	/** An inline reference to a library lesson (`lessonId`); a reuse when outside its source. */
	lessonRef: 'lessonRef'
} as const;

/** Blocks that carry a stable UUID `id` the projection keys on (BlockIds keeps them unique). */
export const BLOCK_ID_NODES: ReadonlySet<string> = new Set([NODE.lesson, NODE.processChange]);

/** Attribute names, per node. */
export const LESSON_ATTRS = { id: 'id', title: 'title' } as const;
export const PROCESS_CHANGE_ATTRS = {
	id: 'id',
	indicator: 'indicator',
	unit: 'unit',
	direction: 'direction',
	baseline: 'baseline',
	target: 'target',
	lessonIds: 'lessonIds'
} as const;
export const LESSON_REF_ATTRS = { id: 'id', lessonId: 'lessonId' } as const;

/** `<authorUserId>/<entryId>`: the part before the first separator is the entry's owner. */
export const COMMENT_KEY_SEPARATOR = '/';

/** The key of a comment entry written by `userId`. */
export function commentKey(userId: string, entryId: string): string {
	return `${userId}${COMMENT_KEY_SEPARATOR}${entryId}`;
}

/** The user who owns a comment entry, or null when the key is not a well-formed entry key. */
export function commentKeyOwner(key: string): string | null {
	const at = key.indexOf(COMMENT_KEY_SEPARATOR);
	if (at <= 0 || at === key.length - 1) return null;
	const owner = key.slice(0, at);
	return isUuid(owner) ? owner : null;
}

/**
 * The value of a comment entry (a plain JSON object in the `comments` map). A thread's first
 * message is `kind: 'thread'` with the anchor (two Yjs relative positions, base64); replies are
 * `kind: 'reply'`; `kind: 'status'` resolves or reopens a thread (the latest `at` wins).
 */
export type CommentEntry =
	| { kind: 'thread'; thread: string; text: string; at: string; anchor: { from: string; to: string } }
	| { kind: 'reply'; thread: string; text: string; at: string }
	| { kind: 'status'; thread: string; resolved: boolean; at: string };

/** Reads a comment entry's value; null for anything that is not one. */
export function readCommentEntry(value: unknown): CommentEntry | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	if (typeof v.thread !== 'string' || typeof v.at !== 'string') return null;
	if (v.kind === 'status') return typeof v.resolved === 'boolean' ? (v as CommentEntry) : null;
	if (typeof v.text !== 'string') return null;
	if (v.kind === 'reply') return v as CommentEntry;
	if (v.kind === 'thread') {
		const anchor = v.anchor as Record<string, unknown> | null | undefined;
		return anchor && typeof anchor.from === 'string' && typeof anchor.to === 'string' ? (v as CommentEntry) : null;
	}
	return null;
}

/**
 * Where a change lands, as the sync server resolves it: the root, and the key directly below
 * it (for a map root: the entry the struct sits in, however deep; null inside a list or text).
 */
export interface WriteTarget {
	root: string;
	key: string | null;
}

export type WriteOperation = 'insert' | 'delete';
