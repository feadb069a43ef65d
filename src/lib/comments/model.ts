import type * as Y from 'yjs';
import { isUuid } from '../ids';

export { commentsOf } from './root';

/**
 * Comment threads as they live in a document's Y.Doc: the root map `comments`, one entry per
 * message and one per thread state. Shared by the editor (reads and writes), the sync server's
 * write policy (`./policy.ts`, which checks every struct against these shapes) and the
 * projection walk (which copies threads into SQL).
 *
 * Keys say who owns what, so the server reads ownership from where a struct sits, never from a
 * field the client wrote:
 * - `m/<threadId>/<authorId>/<messageId>`: a message. The thread's opening message has
 *   `messageId === threadId` and carries the anchor (absent: a document-level comment).
 * - `s/<threadId>`: the thread's resolved state, one entry per thread (Yjs keeps the last write).
 *   Its `by` must name the writer (the server checks it against the connection's user).
 *
 * Values are plain JSON (one Y.Map entry = one struct), never nested shared types: an edit
 * replaces the whole value, so a message is checked as one object.
 */

export const COMMENT_BODY_MAX = 10_000;
/** The text under the highlight when the thread was opened, shown once that text is deleted. */
export const COMMENT_QUOTE_MAX = 1_000;
export const COMMENT_MENTIONS_MAX = 20;
/** An encoded Yjs relative position is a few dozen bytes; base64 of anything longer is not one. */
export const ANCHOR_POSITION_MAX = 256;

const MESSAGE_PREFIX = 'm/';
const STATE_PREFIX = 's/';

/**
 * Where the comment lives in the text: two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`) into the body fragment, and the text they spanned at creation.
 */
export interface CommentAnchor {
	from: string;
	to: string;
	quote: string;
}

/** The value of a message entry. */
export interface MessageValue {
	/** Plain text; rendered as text, never as HTML. Empty only when `deleted`. */
	body: string;
	/** ISO time the author's browser gave when writing it (shown; SQL keeps the server's own). */
	at: string;
	/** ISO time of the last edit, absent if never edited. */
	edited?: string;
	/** The opening message of an anchored thread only. Never changes after creation. */
	anchor?: CommentAnchor;
	/** User ids mentioned in the body (the server's projection decides who may be notified). */
	mentions?: string[];
	/** An opening message its author deleted: kept (empty) so the thread keeps its anchor. */
	deleted?: string;
}

/** The value of a thread state entry. */
export interface ThreadStateValue {
	resolved: boolean;
	/** The user who resolved or reopened the thread (the server checks it is the writer). */
	by: string;
	at: string;
}

export type CommentKey =
	| { kind: 'message'; threadId: string; authorId: string; messageId: string }
	| { kind: 'state'; threadId: string };

export function messageKey(threadId: string, authorId: string, messageId: string): string {
	return `${MESSAGE_PREFIX}${threadId}/${authorId}/${messageId}`;
}

export function stateKey(threadId: string): string {
	return `${STATE_PREFIX}${threadId}`;
}

/** A key of the `comments` map, or null when it is not one (ids must be UUIDs, lower case). */
export function parseCommentKey(key: string): CommentKey | null {
	if (key.startsWith(MESSAGE_PREFIX)) {
		const parts = key.slice(MESSAGE_PREFIX.length).split('/');
		if (parts.length !== 3 || !parts.every(isCanonicalUuid)) return null;
		const [threadId, authorId, messageId] = parts;
		return { kind: 'message', threadId, authorId, messageId };
	}
	if (key.startsWith(STATE_PREFIX)) {
		const threadId = key.slice(STATE_PREFIX.length);
		return isCanonicalUuid(threadId) ? { kind: 'state', threadId } : null;
	}
	return null;
}

/** Lower-case UUIDs only, so one id has one key (an upper-case twin would be another entry). */
function isCanonicalUuid(value: string): boolean {
	return isUuid(value) && value === value.toLowerCase();
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function isIsoTime(value: unknown): value is string {
	return typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Characters a plain-text body may not hold: C0 controls other than tab and newline, DEL, and
 * the bidirectional overrides that make text read differently from how it is stored.
 */
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const FORBIDDEN_CHARS_ALL = new RegExp(FORBIDDEN_CHARS.source, 'g');

/**
 * Text as a comment may hold it: Windows line ends become newlines and every character the
 * contract refuses becomes a space, so pasted text cannot get an honest writer's update refused.
 */
export function cleanCommentText(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(FORBIDDEN_CHARS_ALL, ' ');
}

/** Whether `text` is plain text within `max` characters (code points). */
export function isPlainText(text: unknown, max: number): text is string {
	if (typeof text !== 'string' || FORBIDDEN_CHARS.test(text)) return false;
	// Length in UTF-16 units bounds the work before counting code points.
	return text.length <= max * 2 && [...text].length <= max;
}

function isPosition(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= ANCHOR_POSITION_MAX && /^[A-Za-z0-9+/]+=*$/.test(value);
}

export function readAnchor(value: unknown): CommentAnchor | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const v = value as Record<string, unknown>;
	if (Object.keys(v).length !== 3) return null;
	if (!isPosition(v.from) || !isPosition(v.to) || !isPlainText(v.quote, COMMENT_QUOTE_MAX)) return null;
	return { from: v.from, to: v.to, quote: v.quote };
}

const MESSAGE_FIELDS = new Set(['body', 'at', 'edited', 'anchor', 'mentions', 'deleted']);

/** A message value exactly as the contract allows it, or null. Unknown fields are refused. */
export function readMessageValue(value: unknown): MessageValue | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const v = value as Record<string, unknown>;
	for (const field of Object.keys(v)) if (!MESSAGE_FIELDS.has(field)) return null;
	if (!isIsoTime(v.at) || !isPlainText(v.body, COMMENT_BODY_MAX)) return null;
	const out: MessageValue = { body: v.body, at: v.at };
	if (v.deleted !== undefined) {
		if (!isIsoTime(v.deleted) || v.body !== '' || v.mentions !== undefined) return null;
		out.deleted = v.deleted;
	} else if (v.body.trim() === '') return null;
	if (v.edited !== undefined) {
		if (!isIsoTime(v.edited)) return null;
		out.edited = v.edited;
	}
	if (v.anchor !== undefined) {
		const anchor = readAnchor(v.anchor);
		if (!anchor) return null;
		out.anchor = anchor;
	}
	if (v.mentions !== undefined) {
		const m = v.mentions;
		if (!Array.isArray(m) || m.length > COMMENT_MENTIONS_MAX) return null;
		if (!m.every((id) => typeof id === 'string' && isCanonicalUuid(id)) || new Set(m).size !== m.length) return null;
		out.mentions = m as string[];
	}
	return out;
}

export function readThreadState(value: unknown): ThreadStateValue | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const v = value as Record<string, unknown>;
	if (Object.keys(v).length !== 3) return null;
	if (typeof v.resolved !== 'boolean' || typeof v.by !== 'string' || !isCanonicalUuid(v.by) || !isIsoTime(v.at)) return null;
	return { resolved: v.resolved, by: v.by, at: v.at };
}

/** Whether two anchors are the same (the opening message's anchor never changes). */
export function sameAnchor(a: CommentAnchor | undefined, b: CommentAnchor | undefined): boolean {
	if (!a || !b) return a === b;
	return a.from === b.from && a.to === b.to && a.quote === b.quote;
}

// ---------------------------------------------------------------------------------------------
// Reading: the threads of a document, as the panel, the highlights and the projection see them.

export interface CommentMessage {
	id: string;
	threadId: string;
	authorId: string;
	body: string;
	at: string;
	edited: string | null;
	mentions: string[];
	/** Only an opening message is kept when deleted (its thread keeps its anchor). */
	deleted: boolean;
}

export interface CommentThread {
	id: string;
	/** The opening message's author; null when the opening message was removed entirely. */
	authorId: string | null;
	anchor: CommentAnchor | null;
	/** Opening message first, then replies by time (then id). */
	messages: CommentMessage[];
	resolved: ThreadStateValue | null;
	/** The opening message's time (or the first message's, without one). */
	at: string;
	/** The latest message's or state change's time. */
	lastActivity: string;
}

/**
 * The document's threads: open ones first, then resolved; each group newest activity first.
 * Entries that do not match the contract are ignored (the server refuses them; a document
 * written before the contract may hold some).
 */
export function readThreads(comments: Y.Map<unknown>): CommentThread[] {
	const byId = new Map<string, CommentThread>();
	const states = new Map<string, ThreadStateValue>();
	const threadOf = (id: string): CommentThread => {
		let thread = byId.get(id);
		if (!thread) {
			thread = { id, authorId: null, anchor: null, messages: [], resolved: null, at: '', lastActivity: '' };
			byId.set(id, thread);
		}
		return thread;
	};
	for (const [key, value] of comments.entries()) {
		const parsed = parseCommentKey(key);
		if (!parsed) continue;
		if (parsed.kind === 'state') {
			const state = readThreadState(value);
			if (state) states.set(parsed.threadId, state);
			continue;
		}
		const message = readMessageValue(value);
		if (!message) continue;
		const opening = parsed.messageId === parsed.threadId;
		// A reply may not be deleted-and-kept nor carry an anchor; only the opening message may.
		if (!opening && (message.anchor || message.deleted)) continue;
		const thread = threadOf(parsed.threadId);
		if (opening) {
			thread.authorId = parsed.authorId;
			thread.anchor = message.anchor ?? null;
		}
		thread.messages.push({
			id: parsed.messageId,
			threadId: parsed.threadId,
			authorId: parsed.authorId,
			body: message.body,
			at: message.at,
			edited: message.edited ?? null,
			mentions: message.mentions ?? [],
			deleted: message.deleted !== undefined
		});
	}
	const threads: CommentThread[] = [];
	for (const thread of byId.values()) {
		// Two openers under different authors would be a forgery the server refuses; keep one.
		thread.messages.sort((a, b) => {
			const aOpen = a.id === thread.id ? 0 : 1;
			const bOpen = b.id === thread.id ? 0 : 1;
			return aOpen - bOpen || a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
		});
		if (thread.messages.length === 0) continue;
		const state = states.get(thread.id) ?? null;
		thread.resolved = state?.resolved ? state : null;
		thread.at = thread.messages[0].at;
		thread.lastActivity = thread.messages.reduce((latest, m) => (m.at > latest ? m.at : latest), state?.at ?? '');
		threads.push(thread);
	}
	return threads.sort(
		(a, b) => Number(a.resolved !== null) - Number(b.resolved !== null) || b.lastActivity.localeCompare(a.lastActivity) || a.id.localeCompare(b.id)
	);
}
