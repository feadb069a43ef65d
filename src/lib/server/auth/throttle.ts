import { and, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../db';
import { loginThrottle } from '../db/schema';
import { afterFailure, retryAfterMs, STALE_AFTER_MS, type ThrottleKind, type ThrottleState } from './throttle-policy';

export function accountKey(email: string): string {
	return `account:${email.trim().toLowerCase()}`;
}

export function ipKey(address: string): string {
	return `ip:${address}`;
}

/** Seconds until every given key may try again (0 = now). */
export async function throttleRetryAfter(db: Db, keys: string[], now: Date): Promise<number> {
	const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
	const ms = Math.max(0, ...rows.map((r) => retryAfterMs(r, now)));
	return Math.ceil(ms / 1000);
}

export async function recordFailure(db: Db, kind: ThrottleKind, key: string, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		// Make sure the row exists first, so concurrent failures queue on its lock instead of
		// each reading "no row" and overwriting one another's count.
		await tx
			.insert(loginThrottle)
			.values({ key, failures: 0, windowStart: now, lockedUntil: null })
			.onConflictDoNothing();
		const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for('update');
		const next: ThrottleState = afterFailure(kind, row, now);
		await tx.update(loginThrottle).set(next).where(eq(loginThrottle.key, key));
	});
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
	await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/**
 * Deletes the rows that no longer count (`isStale`: window passed, no lock running); returns how
 * many. Run by the housekeeping job, never on the sign-in path.
 */
export async function deleteStaleThrottles(db: Db, now: Date): Promise<number> {
	const deleted = await db
		.delete(loginThrottle)
		.where(
			and(
				lt(loginThrottle.windowStart, new Date(now.getTime() - STALE_AFTER_MS)),
				or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now))
			)
		)
		.returning({ key: loginThrottle.key });
	return deleted.length;
}
