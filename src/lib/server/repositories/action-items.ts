import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { actionItems, documents, users } from '../db/schema';
import type { DocumentType } from '../../roles';
import { isOverdue } from '../../actions/due';

/** An open action item (not done, still in its document), as the lists show it. */
export interface OpenAction {
	/** The `action_items` row. */
	id: string;
	/** The task item's id in its document (the page scrolls to nothing by it; kept for keys). */
	blockId: string;
	text: string;
	ownerId: string | null;
	/** The owner's name; null when nobody (or nobody still a member when projected) owns it. */
	ownerName: string | null;
	/** `YYYY-MM-DD` or null. */
	dueOn: string | null;
	/** Due before `today` and not done. */
	overdue: boolean;
	documentId: string;
	documentTitle: string;
	documentType: DocumentType;
	/** For the caller's access filter (`readableDocuments`). */
	documentVisibility: (typeof documents.$inferSelect)['visibility'];
	teamId: string;
}

export interface OpenActionsQuery {
	orgId: string;
	teamId: string;
	/** `YYYY-MM-DD`: what "overdue" is measured against (the caller's clock, `todayIn`). */
	today: string;
	/** Leave out the actions written in this document (the retrospective showing the list). */
	excludeDocumentId?: string;
	/** Only actions written in documents of these types. */
	documentTypes?: readonly DocumentType[];
	/** Only actions written in documents created before this time ("earlier" documents). */
	createdBefore?: Date;
	/** At most this many (default 200). */
	limit?: number;
}

/**
 * A team's open action items: not done, not removed from their document, written in live
 * (not archived) documents of that team in that organisation, the overdue ones first, then by
 * due date (none last) and age. The organisation is checked on the document row, not only on the
 * projected one. Access is NOT checked here: callers keep the rows whose document the viewer may
 * open (`openActionsForViewer`, src/lib/server/open-actions.ts).
 */
export async function listOpenActions(db: Executor, query: OpenActionsQuery): Promise<OpenAction[]> {
	const rows = await db
		.select({
			id: actionItems.id,
			blockId: actionItems.blockId,
			text: actionItems.text,
			ownerId: actionItems.ownerId,
			ownerName: users.name,
			dueOn: actionItems.dueOn,
			documentId: documents.id,
			documentTitle: documents.title,
			documentType: documents.type,
			documentVisibility: documents.visibility,
			teamId: documents.teamId
		})
		.from(actionItems)
		.innerJoin(documents, eq(documents.id, actionItems.documentId))
		.leftJoin(users, eq(users.id, actionItems.ownerId))
		.where(
			and(
				eq(actionItems.orgId, query.orgId),
				eq(documents.orgId, query.orgId),
				eq(documents.teamId, query.teamId),
				eq(actionItems.done, false),
				isNull(actionItems.removedAt),
				isNull(documents.archivedAt),
				query.excludeDocumentId ? ne(documents.id, query.excludeDocumentId) : undefined,
				query.documentTypes ? inArray(documents.type, [...query.documentTypes]) : undefined,
				query.createdBefore ? lt(documents.createdAt, query.createdBefore) : undefined
			)
		)
		.orderBy(
			sql`case when ${actionItems.dueOn} < ${query.today}::date then 0 else 1 end`,
			sql`${actionItems.dueOn} asc nulls last`,
			asc(actionItems.createdAt),
			asc(actionItems.id)
		)
		.limit(query.limit ?? 200);
	return rows.map((row) => ({ ...row, overdue: isOverdue({ done: false, dueOn: row.dueOn }, query.today) }));
}
