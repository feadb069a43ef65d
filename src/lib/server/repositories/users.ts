import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { users, type User } from '../db/schema';

export class EmailTakenError extends Error {
	constructor() {
		super('email taken');
		this.name = 'EmailTakenError';
	}
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
	const [user] = await db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${normaliseEmail(email)}`);
	return user;
}

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user;
}

/** Inserts a user; throws EmailTakenError when the e-mail exists in any letter case. */
export async function createUser(
	db: Executor,
	input: { email: string; name: string; passwordHash: string }
): Promise<User> {
	const rows = await db
		.insert(users)
		.values({ id: crypto.randomUUID(), email: input.email.trim(), name: input.name.trim(), passwordHash: input.passwordHash })
		.onConflictDoNothing()
		.returning();
	if (rows.length === 0) throw new EmailTakenError();
	return rows[0];
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
	await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function updateUserName(db: Executor, userId: string, name: string): Promise<void> {
	await db.update(users).set({ name: name.trim() }).where(eq(users.id, userId));
}

/** Deletes the account; sessions and memberships go with it (foreign keys cascade). */
export async function deleteUser(db: Executor, userId: string): Promise<void> {
	await db.delete(users).where(eq(users.id, userId));
}
