import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../db';
import { sessions, users, type Session } from '../db/schema';
import { generateSecureRandomString, hashSecret, secretMatches, splitToken } from './tokens';

export const SESSION_COOKIE = 'alur_session';
const DAY_MS = 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so a busy user does not write on every request. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionPolicy {
	idleMs: number;
	maxMs: number;
	now?: () => Date;
}

export function sessionPolicy(idleDays: number, maxDays: number, now?: () => Date): SessionPolicy {
	return { idleMs: idleDays * DAY_MS, maxMs: maxDays * DAY_MS, now };
}

export interface SessionUser {
	id: string;
	email: string;
	name: string;
}

export interface ValidSession {
	session: Session;
	user: SessionUser;
	/** When the cookie should now expire (sliding with use, never past the absolute lifetime). */
	expiresAt: Date;
}

function expiry(session: Pick<Session, 'createdAt' | 'lastSeenAt'>, policy: SessionPolicy): Date {
	return new Date(
		Math.min(
			session.lastSeenAt.getTime() + policy.idleMs,
			session.createdAt.getTime() + policy.maxMs
		)
	);
}

/** Creates a session; returns the token for the cookie (the secret is not stored, only its hash). */
export async function createSession(
	db: Executor,
	userId: string,
	policy: SessionPolicy
): Promise<{ token: string; expiresAt: Date }> {
	const now = policy.now?.() ?? new Date();
	const id = generateSecureRandomString();
	const secret = generateSecureRandomString();
	const row = { id, userId, secretHash: hashSecret(secret), createdAt: now, lastSeenAt: now };
	await db.insert(sessions).values(row);
	return { token: `${id}.${secret}`, expiresAt: expiry(row, policy) };
}

/** A session row with its user, as read for a cookie (alone, or joined into a larger query). */
export interface SessionRow {
	session: Session;
	user: SessionUser;
}

/**
 * Checks a cookie token. Anything wrong — malformed, unknown, wrong secret, idle too long, too
 * old — answers null (signed out); expired sessions are deleted on the way.
 */
export async function validateSessionToken(
	db: Executor,
	token: string,
	policy: SessionPolicy
): Promise<ValidSession | null> {
	const parts = splitToken(token);
	if (!parts) return null;
	const [found] = await db
		.select({ session: sessions, user: { id: users.id, email: users.email, name: users.name } })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, parts.id));
	return settleSession(db, found, parts.secret, policy);
}

/**
 * The decision on a session row read for a token (`found` undefined = no such session): the
 * secret must match and the session must not have expired (then it is deleted); a session
 * last seen long enough ago is touched, so its idle expiry slides.
 */
export async function settleSession(
	db: Executor,
	found: SessionRow | undefined,
	secret: string,
	policy: SessionPolicy
): Promise<ValidSession | null> {
	if (!found || !secretMatches(secret, found.session.secretHash)) return null;
	const now = policy.now?.() ?? new Date();
	if (now >= expiry(found.session, policy)) {
		await db.delete(sessions).where(eq(sessions.id, found.session.id));
		return null;
	}
	let session = found.session;
	if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
		session = { ...session, lastSeenAt: now };
		await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
	}
	return { session, user: found.user, expiresAt: expiry(session, policy) };
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Executor, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes sessions that can no longer be valid; run now and then, not on the request path. */
export async function deleteExpiredSessions(db: Executor, policy: SessionPolicy): Promise<void> {
	const now = (policy.now?.() ?? new Date()).getTime();
	await db
		.delete(sessions)
		.where(
			or(
				lt(sessions.lastSeenAt, new Date(now - policy.idleMs)),
				lt(sessions.createdAt, new Date(now - policy.maxMs))
			)
		);
}

/** Sessions of a user other than `keepId` — used when a password changes. */
export async function deleteOtherSessions(db: Executor, userId: string, keepId: string): Promise<void> {
	await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)));
}
