import type { Executor } from './db';
import type { Membership } from '../access';
import type { SessionUser } from './auth/session';
import { readableDocuments } from './authz';
import { listOpenActions, type OpenAction, type OpenActionsQuery } from './repositories/action-items';

/**
 * A team's open action items that this user may see: only those written in documents the user
 * may open (the same rule as opening the document, shares included), so a list never shows the
 * text of a document its reader cannot read.
 */
export async function openActionsForViewer(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	query: OpenActionsQuery
): Promise<OpenAction[]> {
	const rows = await listOpenActions(db, query);
	const documents = [...new Map(rows.map((r) => [r.documentId, { id: r.documentId, visibility: r.documentVisibility, teamId: r.teamId }])).values()];
	const readable = new Set((await readableDocuments(db, user, membership, query.orgId, documents, (d) => d.teamId)).map((d) => d.id));
	return rows.filter((r) => readable.has(r.documentId));
}

/** What a retrospective's "Tindak lanjut" list shows of each action (OpenActionsList's items). */
export interface FollowUpAction {
	id: string;
	text: string;
	ownerName: string | null;
	dueOn: string | null;
	overdue: boolean;
	documentId: string;
	documentTitle: string;
}

/** The document types whose actions a retrospective follows up. */
export const FOLLOW_UP_SOURCES = ['failure_analysis', 'retrospective'] as const;

/**
 * "Tindak lanjut dari retrospektif sebelumnya": the open actions of the retrospective's team,
 * written in the team's failure analyses and retrospectives created before it, that this user
 * may open. Read live from `action_items` each time (never copied into the document).
 */
export async function followUpActions(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	document: { id: string; orgId: string; teamId: string; createdAt: Date },
	today: string
): Promise<FollowUpAction[]> {
	const rows = await openActionsForViewer(db, user, membership, {
		orgId: document.orgId,
		teamId: document.teamId,
		today,
		excludeDocumentId: document.id,
		documentTypes: FOLLOW_UP_SOURCES,
		createdBefore: document.createdAt
	});
	return rows.map((r) => ({
		id: r.id,
		text: r.text,
		ownerName: r.ownerName,
		dueOn: r.dueOn,
		overdue: r.overdue,
		documentId: r.documentId,
		documentTitle: r.documentTitle
	}));
}
