import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { invitations, organizations, orgMembers, teamMembers, teams, users } from '../db/schema';
import { generateSecureRandomString, hashSecret } from '../auth/tokens';
import type { OrgRole, TeamRole } from '../../roles';

export type InvitationProblem = 'unknown' | 'expired' | 'used' | 'revoked';

export class InvitationError extends Error {
	constructor(readonly problem: InvitationProblem) {
		super(`invitation ${problem}`);
		this.name = 'InvitationError';
	}
}

export interface NewInvitation {
	orgId: string;
	orgRole: OrgRole;
	teamId?: string | null;
	teamRole?: TeamRole | null;
	createdBy: string;
	expiresAt: Date;
}

/** Creates a single-use invitation; returns the secret for the link (only its hash is stored). */
export async function createInvitation(db: Executor, input: NewInvitation): Promise<{ id: string; token: string }> {
	// Two CSPRNG strings: 240 bits, as the link is a bearer credential.
	const token = generateSecureRandomString() + generateSecureRandomString();
	const id = crypto.randomUUID();
	await db.insert(invitations).values({
		id,
		orgId: input.orgId,
		tokenHash: hashSecret(token),
		orgRole: input.orgRole,
		teamId: input.teamId ?? null,
		teamRole: input.teamId ? (input.teamRole ?? 'member') : null,
		createdBy: input.createdBy,
		expiresAt: input.expiresAt
	});
	return { id, token };
}

function problemOf(
	row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
	now: Date
): InvitationProblem | null {
	if (row.revokedAt) return 'revoked';
	if (row.usedAt) return 'used';
	if (row.expiresAt <= now) return 'expired';
	return null;
}

export interface InvitationPreview {
	orgId: string;
	orgName: string;
	teamName: string | null;
	inviterName: string | null;
	orgRole: OrgRole;
	teamRole: TeamRole | null;
	expiresAt: Date;
	problem: InvitationProblem | null;
}

/** What the invitation page shows before the user accepts. */
export async function previewInvitation(db: Executor, token: string, now: Date): Promise<InvitationPreview> {
	if (!/^[a-z2-9]{48}$/.test(token)) throw new InvitationError('unknown');
	const [row] = await db
		.select({
			inv: invitations,
			orgName: organizations.name,
			teamName: teams.name,
			inviterName: users.name
		})
		.from(invitations)
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.leftJoin(teams, eq(teams.id, invitations.teamId))
		.leftJoin(users, eq(users.id, invitations.createdBy))
		.where(eq(invitations.tokenHash, hashSecret(token)));
	if (!row) throw new InvitationError('unknown');
	return {
		orgId: row.inv.orgId,
		orgName: row.orgName,
		teamName: row.teamName,
		inviterName: row.inviterName,
		orgRole: row.inv.orgRole,
		teamRole: row.inv.teamRole,
		expiresAt: row.inv.expiresAt,
		problem: problemOf(row.inv, now)
	};
}

/**
 * Uses the invitation for `userId`, once: joins the organisation (an existing member keeps
 * their role) and the team if the invitation names one. Returns the organisation id.
 */
export async function acceptInvitation(
	db: Executor,
	token: string,
	userId: string,
	now: Date
): Promise<{ orgId: string; teamId: string | null }> {
	if (!/^[a-z2-9]{48}$/.test(token)) throw new InvitationError('unknown');
	return db.transaction(async (tx) => {
		const [inv] = await tx
			.select()
			.from(invitations)
			.where(eq(invitations.tokenHash, hashSecret(token)))
			.for('update');
		if (!inv) throw new InvitationError('unknown');
		const problem = problemOf(inv, now);
		if (problem) throw new InvitationError(problem);

		await tx.insert(orgMembers).values({ orgId: inv.orgId, userId, role: inv.orgRole }).onConflictDoNothing();
		if (inv.teamId) {
			await tx
				.insert(teamMembers)
				.values({ teamId: inv.teamId, userId, role: inv.teamRole ?? 'member' })
				.onConflictDoNothing();
		}
		await tx.update(invitations).set({ usedAt: now, usedBy: userId }).where(eq(invitations.id, inv.id));
		return { orgId: inv.orgId, teamId: inv.teamId };
	});
}

export interface PendingInvitation {
	id: string;
	orgRole: OrgRole;
	teamId: string | null;
	teamName: string | null;
	teamRole: TeamRole | null;
	createdAt: Date;
	expiresAt: Date;
	createdByName: string | null;
}

export async function listPendingInvitations(db: Executor, orgId: string, now: Date): Promise<PendingInvitation[]> {
	return db
		.select({
			id: invitations.id,
			orgRole: invitations.orgRole,
			teamId: invitations.teamId,
			teamName: teams.name,
			teamRole: invitations.teamRole,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt,
			createdByName: users.name
		})
		.from(invitations)
		.leftJoin(teams, eq(teams.id, invitations.teamId))
		.leftJoin(users, eq(users.id, invitations.createdBy))
		.where(
			and(
				eq(invitations.orgId, orgId),
				isNull(invitations.usedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, now)
			)
		)
		.orderBy(desc(invitations.createdAt));
}

/** Revokes an unused invitation of this organisation; returns whether one was revoked. */
export async function revokeInvitation(db: Executor, orgId: string, id: string, now: Date): Promise<boolean> {
	const rows = await db
		.update(invitations)
		.set({ revokedAt: now })
		.where(and(eq(invitations.id, id), eq(invitations.orgId, orgId), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
		.returning({ id: invitations.id });
	return rows.length > 0;
}
