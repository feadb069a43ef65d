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
