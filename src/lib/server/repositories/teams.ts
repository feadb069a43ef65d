import { and, asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { orgMembers, teamMembers, teams, users, type Team } from '../db/schema';
import type { TeamRole } from '../../roles';

export class NotOrgMemberError extends Error {
	constructor() {
		super('user is not a member of the organisation');
		this.name = 'NotOrgMemberError';
	}
}

export async function createTeam(
	db: Executor,
	orgId: string,
	input: { name: string; description?: string }
): Promise<Team> {
	const [team] = await db
		.insert(teams)
		.values({ id: crypto.randomUUID(), orgId, name: input.name.trim(), description: input.description?.trim() ?? '' })
		.returning();
	return team;
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

export async function deleteTeam(db: Executor, teamId: string): Promise<void> {
	await db.delete(teams).where(eq(teams.id, teamId));
}

export interface TeamSummary extends Team {
	memberCount: number;
	myRole: TeamRole | null;
}

export async function listTeams(db: Executor, orgId: string, userId: string): Promise<TeamSummary[]> {
	const rows = await db.select().from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.name));
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
