import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { orgMembers, organizations, teamMembers, teams, users, type Organization } from '../db/schema';
import type { OrgRole } from '../../roles';

export class LastAdminError extends Error {
	constructor() {
		super('an organisation keeps at least one admin');
		this.name = 'LastAdminError';
	}
}

/** Creates an organisation with its creator as the first admin. */
export async function createOrganization(db: Executor, name: string, creatorId: string): Promise<Organization> {
	return db.transaction(async (tx) => {
		const [org] = await tx
			.insert(organizations)
			.values({ id: crypto.randomUUID(), name: name.trim() })
			.returning();
		await tx.insert(orgMembers).values({ orgId: org.id, userId: creatorId, role: 'admin' });
		return org;
	});
}

export async function findOrganization(db: Executor, orgId: string): Promise<Organization | undefined> {
	const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
	return org;
}

/** Deletes an organisation with its teams, documents and memberships (foreign keys cascade). */
export async function deleteOrganization(db: Executor, orgId: string): Promise<void> {
	await db.delete(organizations).where(eq(organizations.id, orgId));
}

export async function renameOrganization(db: Executor, orgId: string, name: string): Promise<void> {
	await db.update(organizations).set({ name: name.trim() }).where(eq(organizations.id, orgId));
}

export interface MyOrganization extends Organization {
	role: OrgRole;
}

export async function listUserOrganizations(db: Executor, userId: string): Promise<MyOrganization[]> {
	const rows = await db
		.select({ org: organizations, role: orgMembers.role })
		.from(orgMembers)
		.innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
		.where(eq(orgMembers.userId, userId))
		.orderBy(asc(organizations.name));
	return rows.map((r) => ({ ...r.org, role: r.role }));
}

export async function getOrgRole(db: Executor, orgId: string, userId: string): Promise<OrgRole | null> {
	const [row] = await db
		.select({ role: orgMembers.role })
		.from(orgMembers)
		.where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
	return row?.role ?? null;
}

export interface OrgMemberRow {
	userId: string;
	name: string;
	email: string;
	role: OrgRole;
	joinedAt: Date;
}

export async function listOrgMembers(db: Executor, orgId: string): Promise<OrgMemberRow[]> {
	return db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: orgMembers.role,
			joinedAt: orgMembers.joinedAt
		})
		.from(orgMembers)
		.innerJoin(users, eq(users.id, orgMembers.userId))
		.where(eq(orgMembers.orgId, orgId))
		.orderBy(asc(users.name));
}

/** Adds a member, or leaves an existing membership as it is; returns whether a row was added. */
export async function addOrgMember(db: Executor, orgId: string, userId: string, role: OrgRole): Promise<boolean> {
	const rows = await db
		.insert(orgMembers)
		.values({ orgId, userId, role })
		.onConflictDoNothing()
		.returning({ userId: orgMembers.userId });
	return rows.length > 0;
}

async function assertAnotherAdmin(tx: Executor, orgId: string, userId: string): Promise<void> {
	// Lock the organisation's admin rows so two admins cannot demote each other at once.
	const admins = await tx
		.select({ userId: orgMembers.userId })
		.from(orgMembers)
		.where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'admin')))
		.for('update');
	if (admins.every((a) => a.userId === userId)) throw new LastAdminError();
}

export async function setOrgRole(db: Executor, orgId: string, userId: string, role: OrgRole): Promise<void> {
	await db.transaction(async (tx) => {
		if (role !== 'admin') await assertAnotherAdmin(tx, orgId, userId);
		await tx
			.update(orgMembers)
			.set({ role })
			.where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
	});
}

/** Removes a member from the organisation and from all of its teams. */
export async function removeOrgMember(db: Executor, orgId: string, userId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await assertAnotherAdmin(tx, orgId, userId);
		await tx
			.delete(teamMembers)
			.where(
				and(
					eq(teamMembers.userId, userId),
					sql`${teamMembers.teamId} in (select ${teams.id} from ${teams} where ${teams.orgId} = ${orgId})`
				)
			);
		await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
	});
}

export async function countOrgMembers(db: Executor, orgId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(orgMembers).where(eq(orgMembers.orgId, orgId));
	return row.n;
}
