import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { actionItems, teamMembers } from '../db/schema';
import type { ProjectedActionItem } from '../../projection/walk';

/**
 * Of the owners the items name, those who are members (not mentors) of the document's team:
 * anyone with the body in hand can write any user id into `ownerId`, and only the team's own
 * people may be held to its actions.
 */
async function teamOwners(tx: Executor, teamId: string, items: readonly ProjectedActionItem[]): Promise<Set<string>> {
	const named = [...new Set(items.flatMap((i) => (i.ownerId ? [i.ownerId] : [])))];
	if (named.length === 0) return new Set();
	const rows = await tx
		.select({ userId: teamMembers.userId })
		.from(teamMembers)
		.where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'member'), inArray(teamMembers.userId, named)));
	return new Set(rows.map((r) => r.userId));
}

/**
 * `action_items` rows of one document, in the projection's transaction (the caller read the
 * document row `for share` and passes its organisation and team): upserted by (document, the
 * item's block id), written only when something changed; an owner who is not a member of the
 * team is stored as nobody; `done_at` is the server's time when the item was first seen done and
 * is cleared when it is undone; the document's other live rows are marked removed, and an item
 * that comes back (undo, paste) clears its `removed_at`. An item moved to another document is
 * removed here and appears there under that document.
 */
export async function writeActionRows(
	tx: Executor,
	documentId: string,
	doc: { orgId: string; teamId: string },
	items: readonly ProjectedActionItem[],
	now: Date
): Promise<void> {
	if (items.length > 0) {
		const owners = await teamOwners(tx, doc.teamId, items);
		await tx
			.insert(actionItems)
			.values(
				items.map((item) => ({
					id: crypto.randomUUID(),
					orgId: doc.orgId,
					documentId,
					originDocumentId: documentId,
					originTeamId: doc.teamId,
					blockId: item.blockId,
					text: item.text,
					ownerId: item.ownerId && owners.has(item.ownerId) ? item.ownerId : null,
					dueOn: item.dueOn,
					done: item.done,
					doneAt: item.done ? now : null,
					createdAt: now,
					updatedAt: now
				}))
			)
			.onConflictDoUpdate({
				target: [actionItems.originDocumentId, actionItems.blockId],
				set: {
					documentId: sql`excluded.document_id`,
					text: sql`excluded.text`,
					ownerId: sql`excluded.owner_id`,
					dueOn: sql`excluded.due_on`,
					done: sql`excluded.done`,
					// First seen done keeps its time while it stays done; undone clears it.
					doneAt: sql`case when excluded.done then coalesce(${actionItems.doneAt}, excluded.done_at) else null end`,
					removedAt: null,
					updatedAt: sql`excluded.updated_at`
				},
				// An unchanged item is not rewritten (no dead tuple per projection).
				setWhere: sql`${actionItems.text} is distinct from excluded.text
					or ${actionItems.ownerId} is distinct from excluded.owner_id
					or ${actionItems.dueOn} is distinct from excluded.due_on
					or ${actionItems.done} is distinct from excluded.done
					or ${actionItems.removedAt} is not null
					or ${actionItems.documentId} is distinct from excluded.document_id`
			});
	}
	const kept = items.map((i) => i.blockId);
	await tx
		.update(actionItems)
		.set({ removedAt: now, updatedAt: now })
		.where(
			and(
				eq(actionItems.originDocumentId, documentId),
				isNull(actionItems.removedAt),
				kept.length > 0 ? notInArray(actionItems.blockId, kept) : undefined
			)
		);
}
