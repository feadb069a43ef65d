import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { documentShares, documentStates, documentUpdates, documents, orgMembers, sessions, teamMembers, teams, users } from '../db/schema';
import { documentRole, liveRole } from '../../access';
import type { DocumentRole } from '../../roles';
import { settleSession, type SessionPolicy, type ValidSession } from '../auth/session';
import { splitToken } from '../auth/tokens';
import { NIL_UUID } from '../../ids';
import { toBytes, type StoredDocument } from './document-log';

export type UpgradeAccess =
	| { status: 'signed-out' }
	/** No such document, or the user has no role on it: the same answer, so outsiders learn nothing. */
	| { status: 'no-access' }
	| {
			status: 'ok';
			session: ValidSession;
			documentId: string;
			orgId: string;
			role: DocumentRole;
			/** The stored document, when asked for (`withDocument`). */
			stored?: StoredDocument;
	  };

/**
 * The stored state and log rows, read in the same statement (one snapshot, as loadDocumentLog
 * reads them) — only for a member of the document's organisation: anyone else's upgrade reads
 * no document data at all.
 */
const storedColumns = {
	storedState: sql<unknown>`case when ${orgMembers.role} is not null then (
		select ${documentStates.state} from ${documentStates} where ${documentStates.documentId} = ${documents.id}) end`,
	storedUpdates: sql<unknown[] | null>`case when ${orgMembers.role} is not null then (
		select array_agg(${documentUpdates.data} order by ${documentUpdates.id})
		  from ${documentUpdates} where ${documentUpdates.documentId} = ${documents.id}) end`
};

function upgradeQuery(db: Db, withDocument: boolean) {
	// One round trip for the session, its user, the document and every role the rule reads
	// (organisation, the document's team, an explicit share) — and, for a document not in
	// memory, its stored state, so that opening it costs no second round trip. Built once per
	// database handle; PostgreSQL prepares it per connection (see prepareUpgradeAccess).
	return db
		.select({
			...(withDocument ? storedColumns : {}),
			session: sessions,
			user: { id: users.id, email: users.email, name: users.name },
			document: {
				id: documents.id,
				orgId: documents.orgId,
				teamId: documents.teamId,
				visibility: documents.visibility,
				archivedAt: documents.archivedAt
			},
			// A document of an archived team is read-only as if archived itself (src/lib/access.ts).
			teamArchivedAt: teams.archivedAt,
			orgRole: orgMembers.role,
			teamRole: teamMembers.role,
			sharedRole: documentShares.role
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(documents, eq(documents.id, sql.placeholder('documentId')))
		.leftJoin(teams, eq(teams.id, documents.teamId))
		.leftJoin(orgMembers, and(eq(orgMembers.orgId, documents.orgId), eq(orgMembers.userId, sessions.userId)))
		.leftJoin(teamMembers, and(eq(teamMembers.teamId, documents.teamId), eq(teamMembers.userId, sessions.userId)))
		.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, sessions.userId)))
		.where(eq(sessions.id, sql.placeholder('sessionId')))
		.prepare(withDocument ? 'alur_upgrade_access_load' : 'alur_upgrade_access');
}

type UpgradeQuery = ReturnType<typeof upgradeQuery>;
const prepared = new WeakMap<Db, { plain: UpgradeQuery; load: UpgradeQuery }>();

function queriesFor(db: Db): { plain: UpgradeQuery; load: UpgradeQuery } {
	let queries = prepared.get(db);
	if (!queries) prepared.set(db, (queries = { plain: upgradeQuery(db, false), load: upgradeQuery(db, true) }));
	return queries;
}

/**
 * Runs both statements on each of `connections` pooled connections (all idle at start, so each
 * takes one), for a session that does not exist, before the first burst after a restart —
 * everyone reconnecting — arrives. PostgreSQL prepares a statement per connection (the first
 * use costs a parse and an extra round trip), plans it for its parameters the first five times,
 * and then keeps a generic plan when that is no worse — for these key lookups it is — so after
 * six runs an upgrade's query is no longer planned each time (about a millisecond of CPU each).
 */
export async function prepareUpgradeAccess(db: Db, connections: number): Promise<void> {
	const queries = queriesFor(db);
	for (const query of [queries.plain, queries.load]) {
		for (let run = 0; run < 6; run++) {
			await Promise.all(Array.from({ length: connections }, () => query.execute({ sessionId: NIL_UUID, documentId: NIL_UUID })));
		}
	}
}

/**
 * The sync socket's upgrade check: is the cookie's session valid, and what role does its user
 * have on the document? The session is settled like every request's (src/lib/server/auth/
 * session.ts) and the role comes from `documentRole()`, the rule every page uses.
 */
export async function loadUpgradeAccess(
	db: Db,
	token: string,
	documentId: string,
	policy: SessionPolicy,
	options: { withDocument?: boolean } = {}
): Promise<UpgradeAccess> {
	const parts = splitToken(token);
	if (!parts) return { status: 'signed-out' };
	const queries = queriesFor(db);
	const query = options.withDocument ? queries.load : queries.plain;
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
	return {
		status: 'ok',
		session,
		documentId: document.id,
		orgId: document.orgId,
		role: liveRole(role, document.archivedAt !== null || row.teamArchivedAt !== null),
		...(options.withDocument ? { stored: storedDocument(row as StoredColumns) } : {})
	};
}

type StoredColumns = { [K in keyof typeof storedColumns]: (typeof storedColumns)[K]['_']['type'] };

function storedDocument(row: StoredColumns): StoredDocument {
	return {
		state: row.storedState === null ? null : toBytes(row.storedState),
		updates: (row.storedUpdates ?? []).map((data) => ({ data: toBytes(data) }))
	};
}
