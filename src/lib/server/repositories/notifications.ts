import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { commentMessages, documents, notifications, users, type NotificationKind } from '../db/schema';
import type { DocumentVisibility } from '../../roles';

/**
 * A user's inbox (the `notifications` table). Two kinds of writers: the comment projection
 * (mentions, replies, resolved threads; repositories/projections.ts) and the review actions
 * (review requests, sign-offs). Both call `insertNotifications` inside their own transaction
 * and, once it committed, `signalNotificationsChanged` (../notification-signal.ts) with the
 * user ids it returned, so the recipients' open pages update their unread count at once.
 */

/** One notification to write. The writer chooses `dedupeKey` (see `insertNotifications`). */
export interface NewNotification {
	/** The recipient. */
	userId: string;
	/** The organisation of `documentId` (the inbox is per organisation). */
	orgId: string;
	kind: NotificationKind;
	documentId: string;
	/** The thread it is about (mention, reply, resolved): the inbox links to it. */
	threadId?: string | null;
	messageId?: string | null;
	/** The review request it is about (review_request, sign_off). */
	requestId?: string | null;
	/** Who caused it (the mentioner, the replier, the reviewer); null when unknown. */
	actorId?: string | null;
	/**
	 * Unique per recipient: a second insert with the same key is ignored, so a writer that runs
	 * again over the same event (the projection re-walks a document on every edit) notifies once.
	 * Name the event, e.g. `mention:<documentId>:<messageId>:<userId>`,
	 * `review_request:<requestId>`, `sign_off:<signOffId>`.
	 */
	dedupeKey: string;
	/** Defaults to the database's now(). */
	createdAt?: Date;
}

/**
 * Inserts notifications, skipping those whose (user, dedupe key) already exists. Returns the
 * recipients of the rows actually inserted (possibly repeated): signal those after the
 * transaction commits. Call it with the transaction that writes the event itself, so the
 * notification exists exactly when the event does.
 */
export async function insertNotifications(tx: Executor, rows: readonly NewNotification[]): Promise<string[]> {
	if (rows.length === 0) return [];
	const inserted = await tx
		.insert(notifications)
		.values(
			rows.map((r) => ({
				id: crypto.randomUUID(),
				userId: r.userId,
				orgId: r.orgId,
				kind: r.kind,
				documentId: r.documentId,
				threadId: r.threadId ?? null,
				messageId: r.messageId ?? null,
				requestId: r.requestId ?? null,
				actorId: r.actorId ?? null,
				dedupeKey: r.dedupeKey,
				...(r.createdAt ? { createdAt: r.createdAt } : {})
			}))
		)
		.onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
		.returning({ userId: notifications.userId });
	return inserted.map((r) => r.userId);
}

/** Unread notifications of a user in one organisation (the bell's number). */
export async function countUnread(db: Executor, userId: string, orgId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.orgId, orgId), isNull(notifications.readAt)));
	return row?.n ?? 0;
}

/** One inbox item, with what the page shows beside the row itself. */
export interface NotificationItem {
	id: string;
	kind: NotificationKind;
	documentId: string;
	threadId: string | null;
	messageId: string | null;
	requestId: string | null;
	createdAt: Date;
	readAt: Date | null;
	/** The actor's name; null when unknown or the account was deleted. */
	actorName: string | null;
	documentTitle: string;
	/**
	 * What the caller needs to check that the user may still open the document (`documentRole`):
	 * a notification outlives a share or membership, and the page must not show a title then.
	 */
	documentTeamId: string;
	documentVisibility: DocumentVisibility;
	/** The message's text as last projected (mention, reply); null when none or removed. */
	excerpt: string | null;
}

/** Characters of a message the inbox shows. */
const EXCERPT_MAX = 160;

/**
 * A user's notifications in one organisation, newest first (ties by id), `limit` at most; with
 * `before` (the id of the last item of the previous page), those after it. The cursor is an id,
 * compared in SQL, because a timestamp through a JavaScript Date loses microseconds.
 */
export async function listNotifications(
	db: Executor,
	userId: string,
	orgId: string,
	options: { limit: number; before?: string }
): Promise<NotificationItem[]> {
	const before = options.before
		? db
				.select({ createdAt: notifications.createdAt, id: notifications.id })
				.from(notifications)
				.where(and(eq(notifications.id, options.before), eq(notifications.userId, userId)))
		: null;
	const rows = await db
		.select({
			id: notifications.id,
			kind: notifications.kind,
			documentId: notifications.documentId,
			threadId: notifications.threadId,
			messageId: notifications.messageId,
			requestId: notifications.requestId,
			createdAt: notifications.createdAt,
			readAt: notifications.readAt,
			actorName: users.name,
			documentTitle: documents.title,
			documentTeamId: documents.teamId,
			documentVisibility: documents.visibility,
			excerpt: sql<string | null>`left(${commentMessages.body}, ${EXCERPT_MAX})`
		})
		.from(notifications)
		.innerJoin(documents, eq(documents.id, notifications.documentId))
		.leftJoin(users, eq(users.id, notifications.actorId))
		.leftJoin(
			commentMessages,
			and(
				eq(commentMessages.documentId, notifications.documentId),
				eq(commentMessages.id, notifications.messageId),
				isNull(commentMessages.removedAt)
			)
		)
		.where(
			and(
				eq(notifications.userId, userId),
				eq(notifications.orgId, orgId),
				before ? sql`(${notifications.createdAt}, ${notifications.id}) < (${before})` : undefined
			)
		)
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(Math.max(1, Math.min(200, Math.floor(options.limit))));
	return rows.map((r) => ({ ...r, excerpt: r.excerpt === '' ? null : r.excerpt }));
}

/** One of the user's notifications in one organisation (the inbox's link to its thread). */
export async function findNotification(
	db: Executor,
	userId: string,
	orgId: string,
	id: string
): Promise<typeof notifications.$inferSelect | undefined> {
	const [row] = await db
		.select()
		.from(notifications)
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId), eq(notifications.orgId, orgId)));
	return row;
}

/**
 * Marks some of a user's notifications read (ids of other users are ignored). Returns how many
 * changed: 0 means nothing to signal.
 */
export async function markRead(db: Executor, userId: string, ids: readonly string[], now = new Date()): Promise<number> {
	if (ids.length === 0) return 0;
	const changed = await db
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), inArray(notifications.id, [...ids]), isNull(notifications.readAt)))
		.returning({ id: notifications.id });
	return changed.length;
}

/** Marks every unread notification of a user in one organisation read; returns how many. */
export async function markAllRead(db: Executor, userId: string, orgId: string, now = new Date()): Promise<number> {
	const changed = await db
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), eq(notifications.orgId, orgId), isNull(notifications.readAt)))
		.returning({ id: notifications.id });
	return changed.length;
}

/**
 * Marks read the user's unread notifications about one thread or document (opening the thread
 * from anywhere reads them, not only the inbox link). Returns how many.
 */
export async function markReadFor(
	db: Executor,
	userId: string,
	target: { documentId: string; threadId?: string | null },
	now = new Date()
): Promise<number> {
	const changed = await db
		.update(notifications)
		.set({ readAt: now })
		.where(
			and(
				eq(notifications.userId, userId),
				eq(notifications.documentId, target.documentId),
				target.threadId ? eq(notifications.threadId, target.threadId) : undefined,
				isNull(notifications.readAt)
			)
		)
		.returning({ id: notifications.id });
	return changed.length;
}
