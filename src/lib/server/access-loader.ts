import type { Executor } from './db';
import { documentRole, type Membership } from '../access';
import type { DocumentRole } from '../roles';
import type { Document } from './db/schema';
import { getOrgRole } from './repositories/organizations';
import { listTeamRoles } from './repositories/teams';
import { findDocumentWithTeam, findShareRole } from './repositories/documents';
import { isUuid } from '../ids';
import { and, eq, inArray } from 'drizzle-orm';
import { documentShares, orgMembers, teamMembers } from './db/schema';

/**
 * Loads what a user is in an organisation and on a document, without any web-framework
 * dependency: the sync server (which runs outside SvelteKit, on production dependencies only)
 * and `authz.ts` (pages and actions) both build on it.
 */

export async function loadMembership(db: Executor, userId: string, orgId: string): Promise<Membership> {
	const orgRole = await getOrgRole(db, orgId, userId);
	return { userId, orgRole, teamRoles: orgRole ? await listTeamRoles(db, orgId, userId) : {} };
}

export interface DocumentAccess {
	document: Document;
	membership: Membership;
	/** The user's role on the document; null = may not open it. */
	role: DocumentRole | null;
	/** The role an explicit share gives, if any (part of `role`). */
	sharedRole: DocumentRole | null;
	/** Its team is archived: the document is read-only as if archived itself. */
	teamArchived: boolean;
}

/**
 * What a user may do with a document, without throwing: the sync server uses this on upgrade
 * and on every re-check. Unknown ids and other organisations' documents give null.
 */
export async function loadDocumentAccess(db: Executor, userId: string, documentId: string): Promise<DocumentAccess | null> {
	if (!isUuid(documentId)) return null;
	const found = await findDocumentWithTeam(db, documentId);
	if (!found) return null;
	const { document } = found;
	const membership = await loadMembership(db, userId, document.orgId);
	if (!membership.orgRole) return null;
	const sharedRole = await findShareRole(db, document.id, userId);
	const role = documentRole(membership, {
		kind: 'document',
		orgId: document.orgId,
		teamId: document.teamId,
		visibility: document.visibility,
		sharedRole
	});
	return { document, membership, role, sharedRole, teamArchived: found.teamArchivedAt !== null };
}

/**
 * Which of `userIds` may view a document: members of its organisation whose `documentRole`
 * (their organisation role, their role in the document's team, the document's visibility, a
 * share) is not null — in one query, for callers that check many users at once (the comment
 * projection deciding whom a mention or a reply may notify). Anyone else is simply absent.
 */
export async function documentViewers(
	db: Executor,
	document: Pick<Document, 'id' | 'orgId' | 'teamId' | 'visibility'>,
	userIds: Iterable<string>
): Promise<Set<string>> {
	const ids = [...new Set(userIds)].filter(isUuid);
	if (ids.length === 0) return new Set();
	const rows = await db
		.select({ userId: orgMembers.userId, orgRole: orgMembers.role, teamRole: teamMembers.role, sharedRole: documentShares.role })
		.from(orgMembers)
		.leftJoin(teamMembers, and(eq(teamMembers.teamId, document.teamId), eq(teamMembers.userId, orgMembers.userId)))
		.leftJoin(documentShares, and(eq(documentShares.documentId, document.id), eq(documentShares.userId, orgMembers.userId)))
		.where(and(eq(orgMembers.orgId, document.orgId), inArray(orgMembers.userId, ids)));
	const viewers = new Set<string>();
	for (const row of rows) {
		// Only the document's team matters to documentRole, so that is the one team role loaded.
		const membership: Membership = {
			userId: row.userId,
			orgRole: row.orgRole,
			teamRoles: row.teamRole ? { [document.teamId]: row.teamRole } : {}
		};
		const role = documentRole(membership, {
			kind: 'document',
			orgId: document.orgId,
			teamId: document.teamId,
			visibility: document.visibility,
			sharedRole: row.sharedRole
		});
		if (role !== null) viewers.add(row.userId);
	}
	return viewers;
}
