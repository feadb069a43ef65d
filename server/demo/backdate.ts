import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../src/lib/server/db';
import {
	actionItems,
	commentMentions,
	commentMessages,
	lessonTags,
	organizations,
	orgMembers,
	tags,
	teamMembers,
	teams,
	users,
	commentThreads,
	documentProjections,
	documentStates,
	documentUpdates,
	documents,
	lessonCurationEvents,
	lessonReuses,
	lessons,
	notifications,
	processChanges
} from '../../src/lib/server/db/schema';
import type { WrittenDocument } from './document-writer';

/**
 * Moves what the app stamped with "now" to the moment the demo says it happened. The app has no
 * way to record the past (rightly: a user cannot backdate a comment), so the demo writes each
 * row through the app's own path and then sets its times here, directly in SQL. Only times move;
 * no content, status or count is written here.
 */

/** A notification older than this was read (an inbox of a year of unread items is no demo). */
const READ_AFTER_DAYS = 30;

export async function backdateDocument(
	db: Executor,
	written: WrittenDocument,
	times: { createdAt: Date; bodyAt: Date; lastEditedAt: Date; lastEditorId: string; now: Date }
): Promise<void> {
	const documentId = written.document.id;
	await db
		.update(documents)
		.set({ createdAt: times.createdAt, updatedAt: times.lastEditedAt, updatedBy: times.lastEditorId, updatedByAt: times.lastEditedAt })
		.where(eq(documents.id, documentId));
	await db.update(documentStates).set({ updatedAt: times.createdAt }).where(eq(documentStates.documentId, documentId));
	await db.update(documentProjections).set({ projectedAt: times.lastEditedAt }).where(eq(documentProjections.documentId, documentId));
	for (const row of written.logRows) await db.update(documentUpdates).set({ createdAt: row.at }).where(eq(documentUpdates.id, row.id));
	await db.update(lessons).set({ createdAt: times.bodyAt, updatedAt: times.bodyAt }).where(eq(lessons.originDocumentId, documentId));
	await db.update(lessonReuses).set({ createdAt: times.bodyAt, updatedAt: times.bodyAt }).where(eq(lessonReuses.originDocumentId, documentId));
	await db
		.update(processChanges)
		.set({ createdAt: times.bodyAt, updatedAt: times.bodyAt })
		.where(eq(processChanges.originDocumentId, documentId));

	const readBefore = times.now.getTime() - READ_AFTER_DAYS * 86_400_000;
	const readAt = (at: Date) => (at.getTime() < readBefore ? new Date(at.getTime() + 86_400_000) : null);
	for (const thread of written.threads) {
		await db
			.update(commentThreads)
			.set({ createdAt: thread.at, lastMessageAt: thread.lastAt, ...(thread.resolvedAt ? { resolvedAt: thread.resolvedAt } : {}) })
			.where(and(eq(commentThreads.documentId, documentId), eq(commentThreads.id, thread.id)));
		if (thread.resolvedAt) {
			await db
				.update(notifications)
				.set({ createdAt: thread.resolvedAt, readAt: readAt(thread.resolvedAt) })
				.where(and(eq(notifications.documentId, documentId), eq(notifications.threadId, thread.id), eq(notifications.kind, 'resolved')));
		}
	}
	for (const message of written.messages) {
		await db
			.update(commentMessages)
			.set({ createdAt: message.at })
			.where(and(eq(commentMessages.documentId, documentId), eq(commentMessages.id, message.id)));
		await db
			.update(notifications)
			.set({ createdAt: message.at, readAt: readAt(message.at) })
			.where(and(eq(notifications.documentId, documentId), eq(notifications.messageId, message.id)));
		await db
			.update(commentMentions)
			.set({ createdAt: message.at })
			.where(and(eq(commentMentions.documentId, documentId), eq(commentMentions.messageId, message.id)));
	}
}

/**
 * A lesson's library dates: proposed, published (and verified by its curator then), and its
 * curation events in the order they were written — the proposal at its moment, the edit, tag and
 * publish rows of one publication a second apart at the publication's.
 */
export async function backdateCuration(
	db: Executor,
	lessonId: string,
	times: { proposedAt: Date | null; publishedAt: Date | null }
): Promise<void> {
	if (times.proposedAt) await db.update(lessons).set({ proposedAt: times.proposedAt }).where(eq(lessons.id, lessonId));
	if (times.publishedAt) {
		await db
			.update(lessons)
			.set({ publishedAt: times.publishedAt, verifiedAt: times.publishedAt, updatedAt: times.publishedAt })
			.where(eq(lessons.id, lessonId));
		await db
			.update(lessons)
			.set({ libraryUpdatedAt: times.publishedAt })
			.where(and(eq(lessons.id, lessonId), sql`${lessons.libraryUpdatedAt} is not null`));
	}
	const events = await db
		.select({ id: lessonCurationEvents.id, action: lessonCurationEvents.action })
		.from(lessonCurationEvents)
		.where(eq(lessonCurationEvents.lessonId, lessonId))
		.orderBy(asc(lessonCurationEvents.createdAt));
	let second = 0;
	for (const event of events) {
		const at = event.action === 'propose' ? times.proposedAt : times.publishedAt ? new Date(times.publishedAt.getTime() + 1000 * second++) : null;
		if (at) await db.update(lessonCurationEvents).set({ createdAt: at }).where(eq(lessonCurationEvents.id, event.id));
	}
}

/**
 * An action item's dates: written with the document, ticked off when the demo says (the
 * projection stamps `done_at` with the moment it first saw the box ticked, which here is now).
 */
export async function backdateActionItem(
	db: Executor,
	input: { documentId: string; blockId: string; createdAt: Date; doneAt: Date | null }
): Promise<void> {
	await db
		.update(actionItems)
		.set({ createdAt: input.createdAt, updatedAt: input.doneAt ?? input.createdAt, ...(input.doneAt ? { doneAt: input.doneAt } : {}) })
		.where(and(eq(actionItems.originDocumentId, input.documentId), eq(actionItems.blockId, input.blockId)));
}

/**
 * The organisation as it was set up a little over a year ago: accounts, the organisation, its
 * teams and memberships, and the tag list; a lesson's tags date from its publication.
 */
export async function backdateOrganisation(
	db: Executor,
	input: { orgId: string; userIds: readonly string[]; at: Date; tagsAt: Date }
): Promise<void> {
	await db.update(users).set({ createdAt: input.at }).where(inArray(users.id, [...input.userIds]));
	await db.update(organizations).set({ createdAt: input.at }).where(eq(organizations.id, input.orgId));
	await db.update(orgMembers).set({ joinedAt: input.at }).where(eq(orgMembers.orgId, input.orgId));
	await db.update(teams).set({ createdAt: input.at }).where(eq(teams.orgId, input.orgId));
	await db.execute(sql`update ${teamMembers} set joined_at = ${input.at.toISOString()}::timestamptz
		where team_id in (select id from ${teams} where org_id = ${input.orgId})`);
	await db.update(tags).set({ createdAt: input.tagsAt }).where(eq(tags.orgId, input.orgId));
	await db.execute(sql`update ${lessonTags} lt set created_at = l.published_at
		from ${lessons} l where l.id = lt.lesson_id and lt.org_id = ${input.orgId} and l.published_at is not null`);
}
