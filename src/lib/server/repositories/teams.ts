import { and, asc, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { documents, lessons, orgMembers, processChanges, teamMembers, teams, users, type Team } from '../db/schema';
import type { TeamRole } from '../../roles';

export class NotOrgMemberError extends Error {
	constructor() {
		super('user is not a member of the organisation');
		this.name = 'NotOrgMemberError';
	}
}

/**
 * Creates a team; with `creator`, its creator joins it in the same transaction (as a member or
 * a mentor, as they chose), so a new team never shows "0 members" to the person who made it.
 * The creator must be a member of the organisation (the caller checked `createTeam`).
 */
export async function createTeam(
	db: Executor,
	orgId: string,
	input: { name: string; description?: string },
	creator?: { userId: string; role: TeamRole }
): Promise<Team> {
	return db.transaction(async (tx) => {
		const [team] = await tx
			.insert(teams)
			.values({ id: crypto.randomUUID(), orgId, name: input.name.trim(), description: input.description?.trim() ?? '' })
			.returning();
		if (creator) await tx.insert(teamMembers).values({ teamId: team.id, userId: creator.userId, role: creator.role });
		return team;
	});
}

/** The team, only if it belongs to `orgId` (ids from a URL are never trusted across orgs). */
export async function findTeam(db: Executor, orgId: string, teamId: string): Promise<Team | undefined> {
	const [team] = await db
		.select()
		.from(teams)
		.where(and(eq(teams.id, teamId), eq(teams.orgId, orgId)));
	return team;
}

export async function updateTeam(
	db: Executor,
	teamId: string,
	input: { name: string; description: string }
): Promise<void> {
	await db
		.update(teams)
		.set({ name: input.name.trim(), description: input.description.trim() })
		.where(eq(teams.id, teamId));
}

/**
 * Archives a team (hidden from the organisation's lists, its documents read-only) or restores
 * it. Nothing is removed: archiving is the everyday "delete".
 */
export async function setTeamArchived(db: Executor, teamId: string, archived: boolean): Promise<void> {
	await db
		.update(teams)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(teams.id, teamId));
}

/** What deleting a team permanently removes (documents, memberships) and keeps (lessons, process changes). */
export interface TeamDeletionSummary {
	/** Documents removed with their content, archived ones included. */
	documents: number;
	/** Team memberships removed (the people stay in the organisation). */
	members: number;
	/** Lessons in its documents: kept, detached from the deleted documents. */
	lessons: number;
	/** Process changes in its documents: kept, with their measurements. */
	processChanges: number;
}

export async function summarizeTeamDeletion(db: Executor, teamId: string): Promise<TeamDeletionSummary> {
	const [[d], [mb], [l], [c]] = await Promise.all([
		db.select({ n: count() }).from(documents).where(eq(documents.teamId, teamId)),
		db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, teamId)),
		db
			.select({ n: count() })
			.from(lessons)
			.where(and(eq(lessons.originTeamId, teamId), isNotNull(lessons.sourceDocumentId), isNull(lessons.removedAt))),
		db
			.select({ n: count() })
			.from(processChanges)
			.where(
				and(eq(processChanges.originTeamId, teamId), isNotNull(processChanges.documentId), isNull(processChanges.removedAt))
			)
	]);
	return { documents: d.n, members: mb.n, lessons: l.n, processChanges: c.n };
}

/**
 * Deletes a team for good: its documents (with their content, shares and logs), memberships
 * and pending invitations go (foreign keys cascade). Lessons and process changes written in
 * its documents stay, detached (`origin_team_id` / `origin_document_id` keep where they came
 * from), because the metrics count them. Only an admin's confirmed "delete permanently" calls
 * this; archiving is the everyday way to put a team away.
 */
export async function deleteTeamPermanently(db: Executor, teamId: string): Promise<boolean> {
	const deleted = await db.delete(teams).where(eq(teams.id, teamId)).returning({ id: teams.id });
	return deleted.length > 0;
}

export interface TeamSummary extends Team {
	memberCount: number;
	myRole: TeamRole | null;
}

/** The organisation's live teams; archived ones only with `archived: true` (and then only those). */
export async function listTeams(
	db: Executor,
	orgId: string,
	userId: string,
	options: { archived?: boolean } = {}
): Promise<TeamSummary[]> {
	const rows = await db
		.select()
		.from(teams)
		.where(and(eq(teams.orgId, orgId), options.archived ? isNotNull(teams.archivedAt) : isNull(teams.archivedAt)))
		.orderBy(options.archived ? desc(teams.archivedAt) : asc(teams.name), asc(teams.name));
	const counts = await db
		.select({ teamId: teamMembers.teamId, n: count() })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(eq(teams.orgId, orgId))
		.groupBy(teamMembers.teamId);
	const mine = await listTeamRoles(db, orgId, userId);
	const byTeam = new Map(counts.map((c) => [c.teamId, c.n]));
	return rows.map((t) => ({ ...t, memberCount: byTeam.get(t.id) ?? 0, myRole: mine[t.id] ?? null }));
}

/** The user's role in each team of the organisation. */
export async function listTeamRoles(db: Executor, orgId: string, userId: string): Promise<Record<string, TeamRole>> {
	const rows = await db
		.select({ teamId: teamMembers.teamId, role: teamMembers.role })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(and(eq(teams.orgId, orgId), eq(teamMembers.userId, userId)));
	return Object.fromEntries(rows.map((r) => [r.teamId, r.role]));
}

export interface TeamMemberRow {
	userId: string;
	name: string;
	email: string;
	role: TeamRole;
	joinedAt: Date;
}

export async function listTeamMembers(db: Executor, teamId: string): Promise<TeamMemberRow[]> {
	return db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: teamMembers.role,
			joinedAt: teamMembers.joinedAt
		})
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.where(eq(teamMembers.teamId, teamId))
		.orderBy(asc(users.name));
}

/**
 * Puts an organisation member into a team with a role (or changes their role there).
 * Only members of the team's organisation can join it.
 */
export async function setTeamMember(db: Executor, team: Team, userId: string, role: TeamRole): Promise<void> {
	await db.transaction(async (tx) => {
		const [member] = await tx
			.select({ userId: orgMembers.userId })
			.from(orgMembers)
			.where(and(eq(orgMembers.orgId, team.orgId), eq(orgMembers.userId, userId)));
		if (!member) throw new NotOrgMemberError();
		await tx
			.insert(teamMembers)
			.values({ teamId: team.id, userId, role })
			.onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
	});
}

export async function removeTeamMember(db: Executor, teamId: string, userId: string): Promise<void> {
	await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}
