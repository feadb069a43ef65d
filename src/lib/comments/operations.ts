import type * as Y from 'yjs';
import {
	commentsOf,
	messageKey,
	readMessageValue,
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
 */

export interface Actor {
	userId: string;
	/** ISO time of the action. */
	at: string;
}

function write(doc: Y.Doc, key: string, value: MessageValue | ThreadStateValue): void {
	doc.transact(() => commentsOf(doc).set(key, value));
}

/** Opens a thread: its opening message, keyed by the thread's own id. `anchor` null: document-level. */
export function createThread(
	doc: Y.Doc,
	actor: Actor,
	input: { threadId: string; body: string; anchor: CommentAnchor | null; mentions?: string[] }
): void {
	const value: MessageValue = { body: input.body, at: actor.at };
	if (input.anchor) value.anchor = input.anchor;
	if (input.mentions?.length) value.mentions = input.mentions;
	write(doc, messageKey(input.threadId, actor.userId, input.threadId), value);
}

export function addReply(doc: Y.Doc, actor: Actor, input: { threadId: string; messageId: string; body: string; mentions?: string[] }): void {
	const value: MessageValue = { body: input.body, at: actor.at };
	if (input.mentions?.length) value.mentions = input.mentions;
	write(doc, messageKey(input.threadId, actor.userId, input.messageId), value);
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
	const value: MessageValue = { body: input.body, at: current.at, edited: actor.at };
	if (current.anchor) value.anchor = current.anchor;
	if (input.mentions?.length) value.mentions = input.mentions;
	write(doc, messageKey(input.threadId, actor.userId, input.messageId), value);
	return true;
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
	write(doc, key, value);
	return true;
}

/** Resolves or reopens a thread (editors, and the thread's author: the server checks). */
export function setResolved(doc: Y.Doc, actor: Actor, input: { threadId: string; resolved: boolean }): void {
	write(doc, stateKey(input.threadId), { resolved: input.resolved, by: actor.userId, at: actor.at });
}
