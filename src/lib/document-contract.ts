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
	lessonRef: 'lessonRef',
	/** A list of action items (Tiptap's task list); holds `taskItem`s only. */
	taskList: 'taskList',
	/** An action item: done or not (`checked`), an owner and a due date; paragraphs inside. */
	taskItem: 'taskItem'
} as const;

/**
 * Nodes that carry a stable UUID `id` the projection keys on (BlockIds keeps them unique): the
 * blocks, each `lessonRef` (one `lesson_reuses` row per ref node) and each `taskItem` (one
 * `action_items` row per item).
 */
export const BLOCK_ID_NODES: ReadonlySet<string> = new Set([NODE.lesson, NODE.processChange, NODE.lessonRef, NODE.taskItem]);

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
/**
 * An action item (`taskItem`): `checked` (done, a boolean — Tiptap's name), `ownerId` (a user's
 * UUID or null; the projection keeps it only for a member of the document's team) and `dueOn`
 * (`YYYY-MM-DD` or null). Any client can write anything into these: the projection reads them
 * through `ACTION_ITEM_LIMITS` and drops what does not fit (walk.ts), as it does for
 * `processChange` attributes; the sync server does not look inside attributes.
 */
export const TASK_ITEM_ATTRS = { id: 'id', checked: 'checked', ownerId: 'ownerId', dueOn: 'dueOn' } as const;
/** What the projection keeps of an action item: its text is cut to `text` characters. */
export const ACTION_ITEM_LIMITS = { text: 2000 } as const;

/**
 * A processChange's limits: the indicator form's (indicator, unit, magnitude) and what the
 * projection keeps (walk.ts), which also cuts what only a hostile client writes — a 1 MB
 * indicator or description is cut to size, a number beyond ±`magnitude` counts as no number, so
 * no absurd figure reaches the metrics.
 */
export const PROCESS_CHANGE_LIMITS = { indicator: 200, unit: 40, description: 10_000, magnitude: 1e12 } as const;

/**
 * Where a change lands, as the sync server resolves it: the root, and the key directly below
 * it (for a map root: the entry the struct sits in, however deep; null inside a list or text).
 */
export interface WriteTarget {
	root: string;
	key: string | null;
}

export type WriteOperation = 'insert' | 'delete';
