import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { documentShares, documents, orgMembers, sessions, teamMembers, users } from '../db/schema';
import { documentRole, liveRole } from '../../access';
import type { DocumentRole } from '../../roles';
import { settleSession, type SessionPolicy, type ValidSession } from '../auth/session';
import { splitToken } from '../auth/tokens';

export type UpgradeAccess =
	| { status: 'signed-out' }
	/** No such document, or the user has no role on it: the same answer, so outsiders learn nothing. */
	| { status: 'no-access' }
	| { status: 'ok'; session: ValidSession; documentId: string; orgId: string; role: DocumentRole };

function upgradeQuery(db: Db) {
	// One round trip for the session, its user, the document and every role the rule reads
	// (organisation, the document's team, an explicit share). Prepared once per database handle:
	// the statement is built and planned once, not on every upgrade.
	return db
		.select({
			session: sessions,
			user: { id: users.id, email: users.email, name: users.name },
			document: {
				id: documents.id,
				orgId: documents.orgId,
				teamId: documents.teamId,
				visibility: documents.visibility,
				archivedAt: documents.archivedAt
			},
			orgRole: orgMembers.role,
			teamRole: teamMembers.role,
			sharedRole: documentShares.role
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(documents, eq(documents.id, sql.placeholder('documentId')))
		.leftJoin(orgMembers, and(eq(orgMembers.orgId, documents.orgId), eq(orgMembers.userId, sessions.userId)))
		.leftJoin(teamMembers, and(eq(teamMembers.teamId, documents.teamId), eq(teamMembers.userId, sessions.userId)))
		.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, sessions.userId)))
		.where(eq(sessions.id, sql.placeholder('sessionId')))
		.prepare('alur_upgrade_access');
}

const prepared = new WeakMap<Db, ReturnType<typeof upgradeQuery>>();

/**
 * The sync socket's upgrade check: is the cookie's session valid, and what role does its user
 * have on the document? The session is settled like every request's (src/lib/server/auth/
 * session.ts) and the role comes from `documentRole()`, the rule every page uses.
 */
export async function loadUpgradeAccess(db: Db, token: string, documentId: string, policy: SessionPolicy): Promise<UpgradeAccess> {
	const parts = splitToken(token);
	if (!parts) return { status: 'signed-out' };
	let query = prepared.get(db);
	if (!query) prepared.set(db, (query = upgradeQuery(db)));
	const [row] = await query.execute({ sessionId: parts.id, documentId });
	const session = await settleSession(db, row && { session: row.session, user: row.user }, parts.secret, policy);
	if (!session) return { status: 'signed-out' };
	const document = row.document;
	// Nobody crosses an organisation boundary: no organisation role, no access at all.
	if (!document || !row.orgRole) return { status: 'no-access' };
	const role = documentRole(
		{ userId: session.user.id, orgRole: row.orgRole, teamRoles: row.teamRole ? { [document.teamId]: row.teamRole } : {} },
		{ kind: 'document', orgId: document.orgId, teamId: document.teamId, visibility: document.visibility, sharedRole: row.sharedRole }
	);
	if (!role) return { status: 'no-access' };
	// An archived document is read-only: every role is capped at viewer (src/lib/access.ts).
	return { status: 'ok', session, documentId: document.id, orgId: document.orgId, role: liveRole(role, document.archivedAt !== null) };
}
