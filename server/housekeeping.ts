import type { Db } from '../src/lib/server/db';
import { deleteExpiredSessions, type SessionPolicy } from '../src/lib/server/auth/session';
import { deleteStaleThrottles } from '../src/lib/server/auth/throttle';
import type { Job } from './scheduler';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Rows that only accumulate otherwise: sessions past their idle or absolute lifetime (a session
 * is deleted at sign-out, but an abandoned one never is), and sign-in throttle rows whose window
 * passed and whose lock ended (one per typed e-mail and address, cleared today only by a
 * successful sign-in). Both are already ignored when read; the sweep only keeps tables small.
 */
export function housekeepingJobs(db: Db, policy: SessionPolicy, intervalMs = HOUR_MS): Job[] {
	const now = () => policy.now?.() ?? new Date();
	return [
		// A minute after start, so a restart's reconnect burst does not meet the sweep.
		{ name: 'sweep-sessions', intervalMs, firstDelayMs: 60_000, run: () => deleteExpiredSessions(db, policy).then(() => undefined) },
		{ name: 'sweep-login-throttle', intervalMs, firstDelayMs: 60_000, run: () => deleteStaleThrottles(db, now()).then(() => undefined) }
	];
}
