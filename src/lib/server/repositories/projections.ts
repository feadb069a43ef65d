import { and, asc, eq, gt, inArray, isNull, notExists, notInArray, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { documentProjections, documentUpdates, documents, lessons, processChanges } from '../db/schema';
import type { DocumentProjection } from '../../projection/walk';
import { writeCommentRows } from './comment-projection';
import { writeReuseRows } from './lesson-reuse-projection';
import { writeActionRows } from './action-item-projection';
import { signalNotificationsChanged } from '../notification-signal';

/** The document to project no longer exists (deleted permanently meanwhile): nothing was written. */
export class ProjectedDocumentMissingError extends Error {
	constructor(documentId: string) {
		super(`document ${documentId} does not exist`);
		this.name = 'ProjectedDocumentMissingError';
	}
}

/**
 * The lesson ids the process changes may link to: the document's own lessons (by block id,
 * written in the same transaction) and lessons of the document's organisation (by row id or
 * block id). Anything else — another organisation's lesson, an id that names no lesson — is
 * left out of the projection: the document is editable by its users, the metrics must not be.
 */
async function allowedLessonIds(
	tx: Executor,
	orgId: string,
	projection: DocumentProjection
): Promise<Set<string>> {
	const allowed = new Set(projection.lessons.map((l) => l.blockId));
	const others = [...new Set(projection.processChanges.flatMap((c) => c.lessonIds))].filter((id) => !allowed.has(id));
	if (others.length === 0) return allowed;
	const rows = await tx
		.select({ id: lessons.id, blockId: lessons.blockId })
		.from(lessons)
		.where(and(eq(lessons.orgId, orgId), or(inArray(lessons.id, others), inArray(lessons.blockId, others))));
	const wanted = new Set(others);
	for (const row of rows) {
		if (wanted.has(row.id)) allowed.add(row.id);
		if (wanted.has(row.blockId)) allowed.add(row.blockId);
	}
	return allowed;
}

/**
 * Writes what the walk (src/lib/projection/walk.ts) found in a document, in one transaction:
 * lesson and process-change rows upserted by (document, block id), rows whose node is gone
 * marked removed, comment counts and word count, the document's `updated_at`, and its title
 * when the document has a `title` root.
 * A node that comes back (undo) clears its `removed_at`. Lesson library fields (status,
 * merged_into) are never touched here. It also clears `document_projections.stale`.
 * Rows carry the organisation and team read from the document row itself, never from the
 * caller, and a process change keeps only the linked lessons of that organisation
 * (`allowedLessonIds`). A document deleted meanwhile throws `ProjectedDocumentMissingError`.
 *
 * Comments (`projection.comments`) go to `comment_threads`, `comment_messages` and
 * `comment_mentions` in the same transaction, with the notifications they cause
 * (comment-projection.ts); once it committed, the recipients' open pages are signalled.
 *
 * `lessonRefs` become `lesson_reuses` rows (lesson-reuse-projection.ts), and `actionItems`
 * `action_items` rows (action-item-projection.ts), in the same transaction.
 *
 * `rowsUnchanged`: the caller wrote these very lesson, process-change, reuse and action rows last (a room
 * whose edits did not touch those nodes, the common case); `commentsUnchanged`: the same for
 * the comment rows. With both, only the counts, digest and dates are written — one statement
 * instead of a transaction; with one, its part of the transaction is skipped.
 */
export async function writeDocumentProjection(
	db: Db,
	input: {
		documentId: string;
		/** What the caller believes; the document row's organisation is what the rows get. */
		orgId: string;
		projection: DocumentProjection;
		now?: Date;
		rowsUnchanged?: boolean;
		commentsUnchanged?: boolean;
	}
): Promise<void> {
	const { documentId, projection } = input;
	const now = input.now ?? new Date();
	const commentsUnchanged = input.commentsUnchanged || !projection.comments;
	if (input.rowsUnchanged && commentsUnchanged) {
		await writeProjectionCounts(db, documentId, projection, now);
		return;
	}
	const notified = await db.transaction(async (tx) => {
		// `for share`: a permanent delete of the document (or its team) waits for this transaction.
		const [doc] = await tx
			.select({
				orgId: documents.orgId,
				teamId: documents.teamId,
				visibility: documents.visibility,
				createdBy: documents.createdBy,
				previousThreads: documentProjections.commentThreads
			})
			.from(documents)
			.leftJoin(documentProjections, eq(documentProjections.documentId, documents.id))
			.where(eq(documents.id, documentId))
			.for('share', { of: documents });
		if (!doc) throw new ProjectedDocumentMissingError(documentId);
		let notified: string[] = [];
		if (!commentsUnchanged && projection.comments) {
			notified = await writeCommentRows(tx, {
				document: { id: documentId, orgId: doc.orgId, teamId: doc.teamId, visibility: doc.visibility, createdBy: doc.createdBy },
				comments: projection.comments,
				previousThreadCount: doc.previousThreads,
				now
			});
		}
		if (!input.rowsUnchanged) {
			await writeBlockRows(tx, documentId, doc, projection, now);
			if (projection.lessonRefs) await writeReuseRows(tx, documentId, doc, projection.lessonRefs, now);
			if (projection.actionItems) await writeActionRows(tx, documentId, doc, projection.actionItems, now);
		}

		const counts = {
			commentThreads: projection.commentThreads,
			openCommentThreads: projection.openCommentThreads,
			wordCount: projection.wordCount,
			...(projection.contentDigest === undefined ? {} : { contentDigest: projection.contentDigest }),
			projectedAt: now,
			stale: false
		};
		await tx
			.insert(documentProjections)
			.values({ documentId, ...counts })
			.onConflictDoUpdate({ target: documentProjections.documentId, set: counts });
		// The title root, when the document has one, is the title (renamed in place, synced like the body).
		await tx
			.update(documents)
			.set(projection.title == null ? { updatedAt: now } : { updatedAt: now, title: projection.title })
			.where(eq(documents.id, documentId));
		return notified;
	});
	// After the commit: a recipient's page re-reads its unread count at once and must see them.
	if (notified.length > 0) signalNotificationsChanged(notified);
}

/** Lesson and process-change rows: upserted by (document, block id), those gone marked removed. */
async function writeBlockRows(
	tx: Executor,
	documentId: string,
	doc: { orgId: string; teamId: string },
	projection: DocumentProjection,
	now: Date
): Promise<void> {
	const { orgId, teamId } = doc;
	const lessonIds = projection.lessons.map((l) => l.blockId);
	if (projection.lessons.length > 0) {
		await tx
			.insert(lessons)
			.values(
				projection.lessons.map((l) => ({
					id: crypto.randomUUID(),
					orgId,
					sourceDocumentId: documentId,
					originDocumentId: documentId,
					originTeamId: teamId,
					blockId: l.blockId,
					title: l.title,
					body: l.body,
					updatedAt: now
				}))
			)
			.onConflictDoUpdate({
				target: [lessons.originDocumentId, lessons.blockId],
				set: {
					title: sql`excluded.title`,
					body: sql`excluded.body`,
					removedAt: null,
					updatedAt: sql`case when ${lessons.title} is distinct from excluded.title or ${lessons.body} is distinct from excluded.body or ${lessons.removedAt} is not null then excluded.updated_at else ${lessons.updatedAt} end`
				}
			});
	}
	await tx
		.update(lessons)
		.set({ removedAt: now, updatedAt: now })
		.where(
			and(
				eq(lessons.originDocumentId, documentId),
				isNull(lessons.removedAt),
				lessonIds.length > 0 ? notInArray(lessons.blockId, lessonIds) : undefined
			)
		);

	const changeIds = projection.processChanges.map((c) => c.blockId);
	if (projection.processChanges.length > 0) {
		const allowed = await allowedLessonIds(tx, orgId, projection);
		await tx
			.insert(processChanges)
			.values(
				projection.processChanges.map((c) => ({
					id: crypto.randomUUID(),
					orgId,
					documentId,
					originDocumentId: documentId,
					originTeamId: teamId,
					blockId: c.blockId,
					indicator: c.indicator,
					unit: c.unit,
					direction: c.direction,
					baseline: c.baseline,
					target: c.target,
					linkedLessonIds: c.lessonIds.filter((id) => allowed.has(id)),
					description: c.description,
					updatedAt: now
				}))
			)
			.onConflictDoUpdate({
				target: [processChanges.originDocumentId, processChanges.blockId],
				set: {
					indicator: sql`excluded.indicator`,
					unit: sql`excluded.unit`,
					direction: sql`excluded.direction`,
					baseline: sql`excluded.baseline`,
					target: sql`excluded.target`,
					linkedLessonIds: sql`excluded.linked_lesson_ids`,
					description: sql`excluded.description`,
					removedAt: null,
					updatedAt: sql`excluded.updated_at`
				}
			});
	}
	await tx
		.update(processChanges)
		.set({ removedAt: now, updatedAt: now })
		.where(
			and(
				eq(processChanges.originDocumentId, documentId),
				isNull(processChanges.removedAt),
				changeIds.length > 0 ? notInArray(processChanges.blockId, changeIds) : undefined
			)
		);
}

/**
 * The counts, the content digest, the projection time, the document's `updated_at` and title,
 * in one statement.
 */
async function writeProjectionCounts(db: Db, documentId: string, projection: DocumentProjection, now: Date): Promise<void> {
	const at = now.toISOString();
	// A hand-built projection without a digest keeps the stored one (coalesce with the row's).
	const digest = projection.contentDigest ?? null;
	await db.execute(sql`
		with touched as (
			update ${documents} set updated_at = ${at}::timestamptz, title = coalesce(${projection.title ?? null}::text, title)
			where ${documents.id} = ${documentId} returning id
		)
		insert into ${documentProjections} (document_id, comment_threads, open_comment_threads, word_count, content_digest, projected_at, stale)
		select id, ${projection.commentThreads}, ${projection.openCommentThreads}, ${projection.wordCount}, coalesce(${digest}::text, ''), ${at}::timestamptz, false from touched
		on conflict (document_id) do update set
			comment_threads = excluded.comment_threads,
			open_comment_threads = excluded.open_comment_threads,
			word_count = excluded.word_count,
			content_digest = coalesce(${digest}::text, ${documentProjections}.content_digest),
			projected_at = excluded.projected_at,
			stale = false`);
}

/**
 * Records that a document changed after its last projection, before that change is projected:
 * if the process dies (or the projection keeps failing until the room unloads), the flag tells
 * the sync server's catch-up which documents' rows are behind their content. Written once per
 * projection cycle, not per change; a document deleted meanwhile gets no row.
 */
export async function markProjectionStale(db: Executor, documentId: string): Promise<void> {
	// insert … select: Drizzle's builder wants every column for that, so plain SQL.
	await db.execute(sql`
		insert into ${documentProjections} (document_id, stale)
		select ${documents.id}, true from ${documents} where ${documents.id} = ${documentId}
		on conflict (document_id) do update set stale = true`);
}

/**
 * Documents whose projection is behind (`stale`), oldest projection first, for the catch-up.
 * Skips those written to within `quietMs` (another instance may have the room open and be
 * projecting it) and those in `excluding` (open here, or failing and waiting to be retried).
 */
export async function listStaleProjections(
	db: Executor,
	options: { limit: number; quietMs: number; excluding?: readonly string[] }
): Promise<{ documentId: string; orgId: string }[]> {
	const excluding = options.excluding ?? [];
	const recentWrite = db
		.select({ one: sql`1` })
		.from(documentUpdates)
		.where(
			and(
				eq(documentUpdates.documentId, documentProjections.documentId),
				gt(documentUpdates.createdAt, sql`now() - ${Math.max(0, Math.round(options.quietMs))}::int * interval '1 millisecond'`)
			)
		);
	return db
		.select({ documentId: documentProjections.documentId, orgId: documents.orgId })
		.from(documentProjections)
		.innerJoin(documents, eq(documents.id, documentProjections.documentId))
		.where(
			and(
				eq(documentProjections.stale, true),
				excluding.length > 0 ? notInArray(documentProjections.documentId, [...excluding]) : undefined,
				options.quietMs > 0 ? notExists(recentWrite) : undefined
			)
		)
		.orderBy(asc(documentProjections.projectedAt), asc(documentProjections.documentId))
		.limit(options.limit);
}
