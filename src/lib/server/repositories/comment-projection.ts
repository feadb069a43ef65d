import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { commentMentions, commentMessages, commentThreads, users, type Document } from '../db/schema';
import type { DocumentProjection, ProjectedCommentMessage } from '../../projection/walk';
import { documentViewers } from '../access-loader';
import { insertNotifications, type NewNotification } from './notifications';

/**
 * The comment part of a document's projection (called by `writeDocumentProjection`, inside its
 * transaction): `comment_threads`, `comment_messages` and `comment_mentions` brought in line with
 * the Y.Doc's comments, and the notifications that causes.
 *
 * Times are the server's. A row's `created_at` is when a projection first saw it; a message's
 * `edited_at` is when a projection saw its body change; `removed_at` is when it saw it gone (a
 * reply deleted, an opening message deleted and kept empty, a thread whose entries are gone).
 * A removed message's body is emptied: its author deleted it, so SQL does not keep the text.
 * The clients' `at` fields are never copied: any writer could put any time there.
 *
 * Mentions and notifications only reach members of the document's organisation who may view
 * the document (`documentViewers`, the same `documentRole` as every page): a mention of anyone
 * else gets no row and no notification, and nothing about the document reaches them.
 *
 * Notifications, each with a dedupe key so a re-projection never notifies twice:
 * - `mention` to each accepted mentioned user but the author, for mentions this projection adds
 *   (a new message, or an edit that adds a name);
 * - `reply` to the thread's opening author and the authors of its other messages, for replies
 *   this projection sees first (not to the replier; not to someone the same reply mentions);
 * - `resolved` to the document's creator, when this projection sees a thread become resolved by
 *   someone else (one per thread and resolver: resolving and reopening again does not repeat it).
 *
 * No flood from old comments: when a document's comments were counted before (its projection
 * row says it has threads) but none is in `comment_threads` yet — comments written before these
 * tables were filled, e.g. by a server from before this projection — the rows are written as a
 * baseline and nobody is notified. Otherwise every message a projection sees first is new to the
 * server (projections run seconds after an edit, and the catch-up after a crash), so it notifies.
 */

type Comments = NonNullable<DocumentProjection['comments']>;
type ThreadRow = typeof commentThreads.$inferSelect;
type MessageRow = typeof commentMessages.$inferSelect;

export type CommentDocument = Pick<Document, 'id' | 'orgId' | 'teamId' | 'visibility' | 'createdBy'>;

/** Returns the recipients of the notifications it inserted (signal them after the commit). */
export async function writeCommentRows(
	tx: Executor,
	input: { document: CommentDocument; comments: Comments; previousThreadCount: number | null; now: Date }
): Promise<string[]> {
	const { document, comments, now } = input;
	const documentId = document.id;

	// One after the other: a transaction is one connection either way.
	const threadRows = await tx.select().from(commentThreads).where(eq(commentThreads.documentId, documentId));
	const messageRows = await tx.select().from(commentMessages).where(eq(commentMessages.documentId, documentId));
	const mentionRows = await tx
		.select({ messageId: commentMentions.messageId, userId: commentMentions.userId })
		.from(commentMentions)
		.where(eq(commentMentions.documentId, documentId));
	const baseline = threadRows.length === 0 && (input.previousThreadCount ?? 0) > 0;
	const oldThreads = new Map(threadRows.map((r) => [r.id, r]));
	const oldMessages = new Map(messageRows.map((r) => [r.id, r]));

	// Who exists (foreign keys: an author whose account was deleted is written as null) and who
	// may view the document (mentions and notifications), in two queries.
	const people = new Set<string>();
	for (const t of comments.threads) {
		if (t.authorId) people.add(t.authorId);
		if (t.resolvedBy) people.add(t.resolvedBy);
	}
	for (const m of comments.messages) {
		people.add(m.authorId);
		for (const u of m.mentions) people.add(u);
	}
	if (document.createdBy) people.add(document.createdBy);
	const existing = await existingUsers(tx, people);
	const viewers = await documentViewers(tx, document, people);
	const userOrNull = (id: string | null) => (id && existing.has(id) ? id : null);

	// Messages: new ones, changed ones, and those gone, in one upsert.
	const live = comments.messages.filter((m) => !m.deleted);
	const seenIds = new Set(comments.messages.map((m) => m.id));
	const newlySeen = new Set<string>();
	const messageWrites: (typeof commentMessages.$inferInsert)[] = [];
	const createdAtOf = new Map<string, Date>();
	for (const m of comments.messages) {
		const old = oldMessages.get(m.id);
		const body = m.deleted ? '' : m.body;
		if (!old) {
			if (!m.deleted) newlySeen.add(m.id);
			createdAtOf.set(m.id, now);
			messageWrites.push({
				documentId,
				id: m.id,
				threadId: m.threadId,
				authorId: userOrNull(m.authorId),
				body,
				createdAt: now,
				// Edited before the server first saw it: when is unknown, so the first sighting.
				editedAt: m.edited && !m.deleted ? now : null,
				removedAt: m.deleted ? now : null
			});
			continue;
		}
		createdAtOf.set(m.id, old.createdAt);
		const wasLive = old.removedAt === null;
		const bodyChanged = old.body !== body;
		const next = {
			threadId: m.threadId,
			authorId: userOrNull(m.authorId),
			body,
			editedAt: bodyChanged && wasLive && !m.deleted ? now : old.editedAt,
			removedAt: m.deleted ? (old.removedAt ?? now) : null
		};
		if (!sameMessage(old, next)) messageWrites.push({ documentId, id: m.id, createdAt: old.createdAt, ...next });
	}
	for (const old of messageRows) {
		if (seenIds.has(old.id) || old.removedAt !== null) continue;
		messageWrites.push({ ...old, body: '', removedAt: now });
	}
	if (messageWrites.length > 0) {
		await tx
			.insert(commentMessages)
			.values(messageWrites)
			.onConflictDoUpdate({
				target: [commentMessages.documentId, commentMessages.id],
				set: {
					threadId: sql`excluded.thread_id`,
					authorId: sql`excluded.author_id`,
					body: sql`excluded.body`,
					editedAt: sql`excluded.edited_at`,
					removedAt: sql`excluded.removed_at`
				}
			});
	}

	// Threads: counts and the latest message time (server times) from the messages above.
	const threadWrites: (typeof commentThreads.$inferInsert)[] = [];
	const newlyResolved: { threadId: string; by: string }[] = [];
	const liveByThread = new Map<string, ProjectedCommentMessage[]>();
	for (const m of live) liveByThread.set(m.threadId, [...(liveByThread.get(m.threadId) ?? []), m]);
	const projectedThreadIds = new Set(comments.threads.map((t) => t.id));
	for (const t of comments.threads) {
		const old = oldThreads.get(t.id);
		const messages = liveByThread.get(t.id) ?? [];
		const times = comments.messages.filter((m) => m.threadId === t.id).map((m) => createdAtOf.get(m.id) ?? now);
		const lastMessageAt = new Date(Math.max(...times.map((d) => d.getTime()), 0));
		const resolvedBy = t.resolved ? userOrNull(t.resolvedBy) : null;
		const becameResolved = t.resolved && (!old || !old.resolved || old.resolvedBy !== resolvedBy);
		if (becameResolved && t.resolvedBy) newlyResolved.push({ threadId: t.id, by: t.resolvedBy });
		const next = {
			authorId: userOrNull(t.authorId),
			anchored: t.anchored,
			quote: t.quote,
			resolved: t.resolved,
			resolvedBy,
			resolvedAt: t.resolved ? (becameResolved ? now : (old?.resolvedAt ?? now)) : null,
			messageCount: messages.length,
			lastMessageAt: times.length > 0 ? lastMessageAt : (old?.lastMessageAt ?? now),
			removedAt: null
		};
		if (!old) threadWrites.push({ documentId, id: t.id, createdAt: now, ...next });
		else if (!sameThread(old, next)) threadWrites.push({ documentId, id: t.id, createdAt: old.createdAt, ...next });
	}
	for (const old of threadRows) {
		if (projectedThreadIds.has(old.id) || old.removedAt !== null) continue;
		threadWrites.push({ ...old, messageCount: 0, removedAt: now });
	}
	if (threadWrites.length > 0) {
		await tx
			.insert(commentThreads)
			.values(threadWrites)
			.onConflictDoUpdate({
				target: [commentThreads.documentId, commentThreads.id],
				set: {
					authorId: sql`excluded.author_id`,
					anchored: sql`excluded.anchored`,
					quote: sql`excluded.quote`,
					resolved: sql`excluded.resolved`,
					resolvedBy: sql`excluded.resolved_by`,
					resolvedAt: sql`excluded.resolved_at`,
					messageCount: sql`excluded.message_count`,
					lastMessageAt: sql`excluded.last_message_at`,
					removedAt: sql`excluded.removed_at`
				}
			});
	}

	// Mentions: exactly the accepted ones of live messages.
	const mentionKey = (messageId: string, userId: string) => `${messageId}/${userId}`;
	const wanted = new Map<string, { messageId: string; userId: string }>();
	for (const m of live) for (const u of m.mentions) if (viewers.has(u)) wanted.set(mentionKey(m.id, u), { messageId: m.id, userId: u });
	const had = new Set(mentionRows.map((r) => mentionKey(r.messageId, r.userId)));
	const added = [...wanted.entries()].filter(([key]) => !had.has(key)).map(([, v]) => v);
	const dropped = mentionRows.filter((r) => !wanted.has(mentionKey(r.messageId, r.userId)));
	if (added.length > 0) {
		await tx
			.insert(commentMentions)
			.values(added.map((a) => ({ documentId, ...a, createdAt: now })))
			.onConflictDoNothing();
	}
	if (dropped.length > 0) {
		await tx
			.delete(commentMentions)
			.where(
				and(
					eq(commentMentions.documentId, documentId),
					or(...dropped.map((d) => and(eq(commentMentions.messageId, d.messageId), eq(commentMentions.userId, d.userId))))
				)
			);
	}

	if (baseline) return [];
	return insertNotifications(tx, notificationsFor({ document, comments, viewers, existing, added, newlySeen, newlyResolved }));
}

function sameMessage(old: MessageRow, next: Pick<MessageRow, 'threadId' | 'authorId' | 'body' | 'editedAt' | 'removedAt'>): boolean {
	return (
		old.threadId === next.threadId &&
		old.authorId === next.authorId &&
		old.body === next.body &&
		sameTime(old.editedAt, next.editedAt) &&
		sameTime(old.removedAt, next.removedAt)
	);
}

function sameThread(
	old: ThreadRow,
	next: Omit<ThreadRow, 'documentId' | 'id' | 'createdAt'>
): boolean {
	return (
		old.authorId === next.authorId &&
		old.anchored === next.anchored &&
		old.quote === next.quote &&
		old.resolved === next.resolved &&
		old.resolvedBy === next.resolvedBy &&
		sameTime(old.resolvedAt, next.resolvedAt) &&
		old.messageCount === next.messageCount &&
		sameTime(old.lastMessageAt, next.lastMessageAt) &&
		sameTime(old.removedAt, next.removedAt)
	);
}

function sameTime(a: Date | null, b: Date | null): boolean {
	return a === null || b === null ? a === b : a.getTime() === b.getTime();
}

async function existingUsers(tx: Executor, ids: Set<string>): Promise<Set<string>> {
	if (ids.size === 0) return new Set();
	const rows = await tx.select({ id: users.id }).from(users).where(inArray(users.id, [...ids]));
	return new Set(rows.map((r) => r.id));
}

/** The notifications of this projection (see the module comment for who gets what). */
function notificationsFor(input: {
	document: CommentDocument;
	comments: Comments;
	viewers: Set<string>;
	existing: Set<string>;
	added: { messageId: string; userId: string }[];
	newlySeen: Set<string>;
	newlyResolved: { threadId: string; by: string }[];
}): NewNotification[] {
	const { document, comments, viewers, existing } = input;
	const documentId = document.id;
	const base = { orgId: document.orgId, documentId };
	const actor = (id: string) => (existing.has(id) ? id : null);
	const byId = new Map(comments.messages.map((m) => [m.id, m]));
	const out: NewNotification[] = [];
	const mentioned = new Map<string, Set<string>>();

	for (const { messageId, userId } of input.added) {
		const m = byId.get(messageId);
		if (!m || userId === m.authorId) continue;
		mentioned.set(messageId, (mentioned.get(messageId) ?? new Set()).add(userId));
		out.push({
			...base,
			userId,
			kind: 'mention',
			threadId: m.threadId,
			messageId,
			actorId: actor(m.authorId),
			dedupeKey: `mention:${documentId}:${messageId}:${userId}`
		});
	}

	const threadAuthor = new Map(comments.threads.map((t) => [t.id, t.authorId]));
	// Everyone who wrote in the thread: its opener (even if the opening message was deleted) and
	// the authors of its other messages, whether the projection saw them before or together.
	const participants = new Map<string, Set<string>>();
	for (const m of comments.messages) {
		if (m.deleted) continue;
		participants.set(m.threadId, (participants.get(m.threadId) ?? new Set()).add(m.authorId));
	}
	for (const m of comments.messages) {
		if (!input.newlySeen.has(m.id) || m.id === m.threadId) continue;
		const recipients = new Set(participants.get(m.threadId));
		const opener = threadAuthor.get(m.threadId);
		if (opener) recipients.add(opener);
		for (const userId of recipients) {
			if (userId === m.authorId || !viewers.has(userId) || mentioned.get(m.id)?.has(userId)) continue;
			out.push({
				...base,
				userId,
				kind: 'reply',
				threadId: m.threadId,
				messageId: m.id,
				actorId: actor(m.authorId),
				dedupeKey: `reply:${documentId}:${m.id}:${userId}`
			});
		}
	}

	const creator = document.createdBy;
	if (creator && viewers.has(creator)) {
		for (const { threadId, by } of input.newlyResolved) {
			if (by === creator) continue;
			out.push({
				...base,
				userId: creator,
				kind: 'resolved',
				threadId,
				actorId: actor(by),
				dedupeKey: `resolved:${documentId}:${threadId}:${by}`
			});
		}
	}
	return out;
}
