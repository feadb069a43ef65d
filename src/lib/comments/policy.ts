import { mayResolveThread, mayWrite } from '../access';
import { COMMENTS_MAP, type WriteOperation } from '../document-contract';
import type { DocumentRole } from '../roles';
import { messageKey, parseCommentKey, readMessageValue, readThreadState, sameAnchor } from './model';

/**
 * The comment rules the sync server enforces, for one struct at a time: asked by the update
 * validator (server/sync/validate-update.ts) for every new struct that lands in the `comments`
 * root and every struct of it an update deletes, for every role, editors included, after the
 * coarse gate (`mayWrite` in access.ts) let the role into `comments` at all.
 *
 * Ownership is read from where the struct sits (its key, model.ts), never from a field the
 * client wrote; the only field checked against the connection is a state's `by`, which must be
 * the writer. Everything the rule needs is passed in, looked up in O(1) by the caller — the
 * value at the key in the room and whether the thread's opening message is the writer's — so
 * the check stays proportional to the update and this function stays pure.
 */

/** Why a comment write is refused; named in the close's log detail and in tests. */
export type CommentProblem =
	/** The role may not write in `comments` at all (viewers). */
	| 'may-not-comment'
	/** The key is not `m/<thread>/<author>/<message>` or `s/<thread>` with lower-case UUIDs. */
	| 'malformed-key'
	/** Not one plain JSON value directly in the map: a shared type, a string or format run, several values, or content inside an entry. */
	| 'not-a-plain-value'
	/** A message written, changed or deleted under another user's key. */
	| 'not-the-author'
	/** A message value outside the contract (readMessageValue): fields, ids, size, characters. */
	| 'invalid-message'
	/** A reply carries an anchor; only a thread's opening message has one. */
	| 'anchor-on-reply'
	/** A reply kept as "deleted"; only an opening message is kept when deleted, a reply goes. */
	| 'reply-kept-deleted'
	/** An opening message rewritten with another anchor (or one added or dropped). */
	| 'anchor-changed'
	/** A message written again after it was deleted (removed, or kept as deleted). */
	| 'message-was-deleted'
	/** A thread state value outside the contract (readThreadState). */
	| 'invalid-state'
	/** A thread state whose `by` is not the writer. */
	| 'state-by-another-user'
	/** A thread resolved, reopened or its state removed by someone who is neither an editor nor the thread's author. */
	| 'may-not-resolve';

/** What a struct holds, as far as the rules care. */
export type CommentContent =
	/** One JSON value (a Yjs ContentAny of one element). */
	| { kind: 'value'; value: unknown }
	/** A struct that arrives already deleted (its content collected): it removes, never adds. */
	| { kind: 'deleted' }
	/** Anything else: a nested shared type, a string, a format, an embed, binary, several values. */
	| { kind: 'other' };

/** The item at the key in the room before this update. */
export interface CommentExisting {
	/** Removed (a Yjs delete): the key's message is gone for good. */
	deleted: boolean;
	/** The live value (when not deleted). */
	value?: unknown;
}

export interface CommentWrite {
	role: DocumentRole;
	/** The connection's user. */
	userId: string;
	/** The entry the struct sits in; null when it sits in none (list content in the map root). */
	key: string | null;
	/** The struct sits inside an entry's value (content of a nested type), not in the map itself. */
	nested: boolean;
	operation: WriteOperation;
	/** For an insert: what the struct holds. */
	content?: CommentContent;
	/** The item at `key` in the room, if any. */
	existing: CommentExisting | null;
	/**
	 * Whether the writer authored the thread: its opening message `m/<thread>/<user>/<thread>`
	 * is in the room (live, or kept as deleted) or among this update's inserts.
	 */
	isThreadAuthor(threadId: string): boolean;
}

/** The problem with one comment write, or null when the rules allow it. */
export function commentWriteProblem(write: CommentWrite): CommentProblem | null {
	const { role, userId, operation } = write;
	if (!mayWrite(role, COMMENTS_MAP)) return 'may-not-comment';
	const key = write.key === null ? null : parseCommentKey(write.key);
	if (!key) return 'malformed-key';
	if (operation === 'insert' && (write.nested || write.content?.kind !== 'value' && write.content?.kind !== 'deleted'))
		return 'not-a-plain-value';

	if (key.kind === 'state') {
		// Changing a thread's state in any way (resolve, reopen, remove the entry) is the resolver's.
		if (!mayResolveThread(role, write.isThreadAuthor(key.threadId))) return 'may-not-resolve';
		if (operation === 'delete' || write.content?.kind !== 'value') return null;
		const state = plainObject(write.content.value) ? readThreadState(write.content.value) : null;
		if (!state) return 'invalid-state';
		return state.by === userId ? null : 'state-by-another-user';
	}

	// A message: only its author writes, rewrites or deletes it — Yjs deletes the old item when a
	// key is overwritten, so the insert rule covers that delete too.
	if (key.authorId !== userId) return 'not-the-author';
	if (operation === 'delete' || write.content?.kind !== 'value') return null;
	const existing = write.existing;
	if (existing?.deleted) return 'message-was-deleted';
	const raw = write.content.value;
	const message = plainObject(raw) && (raw.anchor === undefined || plainObject(raw.anchor)) ? readMessageValue(raw) : null;
	if (!message) return 'invalid-message';
	if (key.messageId !== key.threadId) {
		if (message.anchor) return 'anchor-on-reply';
		if (message.deleted !== undefined) return 'reply-kept-deleted';
	}
	if (existing) {
		// An edit: the value it replaces is the room's live one (the server refused anything else).
		const before = plainObject(existing.value) ? readMessageValue(existing.value) : null;
		if (before?.deleted !== undefined) return 'message-was-deleted';
		if (!sameAnchor(before?.anchor, message.anchor)) return 'anchor-changed';
	}
	return null;
}

/** The key of the thread's opening message if `userId` wrote it (what `isThreadAuthor` looks up). */
export function openingKeyOf(threadId: string, userId: string): string {
	return messageKey(threadId, userId, threadId);
}

/**
 * An object as JSON decodes it: Yjs's decoder assigns keys one by one, so a `__proto__` key
 * becomes the prototype, whose fields would read through while re-encoding drops them.
 */
function plainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
