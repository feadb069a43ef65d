import type * as Y from 'yjs';
import {
	cleanCommentText,
	commentsOf,
	messageKey,
	readMessageValue,
	readThreadState,
	stateKey,
	type CommentAnchor,
	type MessageValue,
	type ThreadStateValue
} from './model';

/**
 * The writes a user makes to a document's comments (model.ts), each in one Yjs transaction so
 * it reaches the server as one update. They write only under the acting user's own keys (and
 * the thread's state entry), which is all the server accepts. Callers give ids (`newId()`) and
 * times (`new Date().toISOString()`), so these stay pure and testable.
 *
 * Bodies are cleaned (`cleanCommentText`), and a value the contract refuses (an empty or too long
 * body, a malformed time) is not written: each write returns whether it happened. The server
 * closes a connection that sends a refused value, so writing it would cost the writer their
 * session's unsaved work.
 */

export interface Actor {
	userId: string;
	/** ISO time of the action. */
	at: string;
}

function writeMessage(doc: Y.Doc, key: string, value: MessageValue): boolean {
	if (!readMessageValue(value)) return false;
	doc.transact(() => commentsOf(doc).set(key, value));
	return true;
}

function messageValue(body: string, at: string, mentions: string[] | undefined): MessageValue {
	const value: MessageValue = { body: cleanCommentText(body).trim(), at };
	if (mentions?.length) value.mentions = mentions;
	return value;
}

/** Opens a thread: its opening message, keyed by the thread's own id. `anchor` null: document-level. */
export function createThread(
	doc: Y.Doc,
	actor: Actor,
	input: { threadId: string; body: string; anchor: CommentAnchor | null; mentions?: string[] }
): boolean {
	const value = messageValue(input.body, actor.at, input.mentions);
	if (input.anchor) value.anchor = input.anchor;
	return writeMessage(doc, messageKey(input.threadId, actor.userId, input.threadId), value);
}

export function addReply(doc: Y.Doc, actor: Actor, input: { threadId: string; messageId: string; body: string; mentions?: string[] }): boolean {
	return writeMessage(doc, messageKey(input.threadId, actor.userId, input.messageId), messageValue(input.body, actor.at, input.mentions));
}

/** The stored value of the actor's own message, or null (gone, or not theirs to touch). */
function ownMessage(doc: Y.Doc, actor: Actor, threadId: string, messageId: string): MessageValue | null {
	return readMessageValue(commentsOf(doc).get(messageKey(threadId, actor.userId, messageId)));
}

/** Replaces the body of the actor's own message; the anchor and creation time stay. */
export function editMessage(
	doc: Y.Doc,
	actor: Actor,
	input: { threadId: string; messageId: string; body: string; mentions?: string[] }
): boolean {
	const current = ownMessage(doc, actor, input.threadId, input.messageId);
	if (!current || current.deleted) return false;
	const value = messageValue(input.body, current.at, input.mentions);
	value.edited = actor.at;
	if (current.anchor) value.anchor = current.anchor;
	return writeMessage(doc, messageKey(input.threadId, actor.userId, input.messageId), value);
}

/**
 * Deletes the actor's own message. A reply goes; an opening message stays as an empty "deleted"
 * entry so the thread keeps its anchor and the others' replies their context.
 */
export function deleteMessage(doc: Y.Doc, actor: Actor, input: { threadId: string; messageId: string }): boolean {
	const current = ownMessage(doc, actor, input.threadId, input.messageId);
	if (!current || current.deleted) return false;
	const key = messageKey(input.threadId, actor.userId, input.messageId);
	if (input.messageId !== input.threadId) {
		doc.transact(() => commentsOf(doc).delete(key));
		return true;
	}
	const value: MessageValue = { body: '', at: current.at, deleted: actor.at };
	if (current.anchor) value.anchor = current.anchor;
	return writeMessage(doc, key, value);
}

/** Resolves or reopens a thread (editors, and the thread's author: the server checks). */
export function setResolved(doc: Y.Doc, actor: Actor, input: { threadId: string; resolved: boolean }): boolean {
	const value: ThreadStateValue = { resolved: input.resolved, by: actor.userId, at: actor.at };
	if (!readThreadState(value)) return false;
	doc.transact(() => commentsOf(doc).set(stateKey(input.threadId), value));
	return true;
}
