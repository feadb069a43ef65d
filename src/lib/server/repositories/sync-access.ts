import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { documentShares, documents, orgMembers, sessions, teamMembers, teams } from '../db/schema';
import { documentRole, liveRole } from '../../access';
import type { DocumentRole, OrgRole, TeamRole } from '../../roles';
import type { SessionPolicy } from '../auth/session';

/**
 * The sync server's periodic re-check: for every open document and the sessions of its
 * sockets, is each session still valid and what role does its user have now? Five queries per
 * check, however many rooms and sockets, so re-checking every few seconds stays cheap. Roles
 * come from `documentRole()` (src/lib/access.ts), the same rule every page uses, capped by
 * `liveRole()` while the document is archived.
 */
export type SessionAccess =
	| { status: 'ended' }
	/**
	 * `archived`: the role is capped to viewer because the document is archived. `deleted`: the
	 * document row is gone (deleted permanently, or with its team); the role is then null.
	 */
	| { status: 'ok'; userId: string; role: DocumentRole | null; archived: boolean; deleted: boolean };

export async function checkSessionsAccess(
	db: Executor,
	rooms: ReadonlyMap<string, readonly string[]>,
	policy: SessionPolicy
): Promise<Map<string, Map<string, SessionAccess>>> {
	const result = new Map<string, Map<string, SessionAccess>>();
	const documentIds = [...rooms.keys()];
	const sessionIds = [...new Set([...rooms.values()].flat())];
	if (documentIds.length === 0 || sessionIds.length === 0) return result;

	const docs = await db
		.select({
			id: documents.id,
			orgId: documents.orgId,
			teamId: documents.teamId,
			visibility: documents.visibility,
			archivedAt: documents.archivedAt,
			// A document of an archived team is read-only as if archived itself (src/lib/access.ts).
			teamArchivedAt: teams.archivedAt
		})
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(inArray(documents.id, documentIds));
	const sessionRows = await db
		.select({ id: sessions.id, userId: sessions.userId, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
		.from(sessions)
		.where(inArray(sessions.id, sessionIds));
	const userIds = [...new Set(sessionRows.map((s) => s.userId))];
	const orgIds = [...new Set(docs.map((d) => d.orgId))];
	const teamIds = [...new Set(docs.map((d) => d.teamId))];
	const [orgRows, teamRows, shareRows] =
		userIds.length === 0
			? [[], [], []]
			: await Promise.all([
					db
						.select({ orgId: orgMembers.orgId, userId: orgMembers.userId, role: orgMembers.role })
						.from(orgMembers)
						.where(and(inArray(orgMembers.userId, userIds), inArray(orgMembers.orgId, orgIds))),
					db
						.select({ teamId: teamMembers.teamId, userId: teamMembers.userId, role: teamMembers.role })
						.from(teamMembers)
						.where(and(inArray(teamMembers.userId, userIds), inArray(teamMembers.teamId, teamIds))),
					db
						.select({ documentId: documentShares.documentId, userId: documentShares.userId, role: documentShares.role })
						.from(documentShares)
						.where(and(inArray(documentShares.userId, userIds), inArray(documentShares.documentId, documentIds)))
				]);

	const orgRole = new Map<string, OrgRole>(orgRows.map((r) => [`${r.orgId}:${r.userId}`, r.role]));
	const teamRole = new Map<string, TeamRole>(teamRows.map((r) => [`${r.teamId}:${r.userId}`, r.role]));
	const shareRole = new Map<string, DocumentRole>(shareRows.map((r) => [`${r.documentId}:${r.userId}`, r.role]));
	const docById = new Map(docs.map((d) => [d.id, d]));
	const sessionById = new Map(sessionRows.map((s) => [s.id, s]));
	const now = (policy.now?.() ?? new Date()).getTime();

	for (const [documentId, ids] of rooms) {
		const doc = docById.get(documentId);
		const perSession = new Map<string, SessionAccess>();
		result.set(documentId, perSession);
		for (const sessionId of ids) {
			const session = sessionById.get(sessionId);
			if (
				!session ||
				now >= Math.min(session.lastSeenAt.getTime() + policy.idleMs, session.createdAt.getTime() + policy.maxMs)
			) {
				perSession.set(sessionId, { status: 'ended' });
				continue;
			}
			// A deleted document: every socket on it loses access (the session stays valid), and
			// the caller learns why (`deleted`).
			const team = doc ? teamRole.get(`${doc.teamId}:${session.userId}`) : undefined;
			const archived = doc ? doc.archivedAt !== null || doc.teamArchivedAt !== null : false;
			const role = doc
				? documentRole(
						{
							userId: session.userId,
							orgRole: orgRole.get(`${doc.orgId}:${session.userId}`) ?? null,
							teamRoles: team ? { [doc.teamId]: team } : {}
						},
						{
							kind: 'document',
							orgId: doc.orgId,
							teamId: doc.teamId,
							visibility: doc.visibility,
							sharedRole: shareRole.get(`${documentId}:${session.userId}`) ?? null
						}
					)
				: null;
			perSession.set(sessionId, { status: 'ok', userId: session.userId, role: liveRole(role, archived), archived, deleted: !doc });
		}
	}
	return result;
}
