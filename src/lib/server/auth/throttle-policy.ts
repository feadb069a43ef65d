/**
 * Sign-in throttling rules, as pure functions of the stored state and the clock.
 * Per account: 5 failures are free, then each failure locks the account for twice as long,
 * from 30 s up to 15 min. Per IP address: 30 failures within 15 min lock it for 15 min, which
 * stops guessing across many accounts without locking out an office behind one NAT for long.
 */
export interface ThrottleState {
	failures: number;
	windowStart: Date;
	lockedUntil: Date | null;
}

export type ThrottleKind = 'account' | 'ip';

const MINUTE = 60_000;
const WINDOW_MS = 15 * MINUTE;
const FREE_ACCOUNT_FAILURES = 5;
const IP_FAILURE_LIMIT = 30;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * MINUTE;

/** Milliseconds until the key may try again, 0 when it may now. */
export function retryAfterMs(state: ThrottleState | undefined, now: Date): number {
	if (!state?.lockedUntil) return 0;
	return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/**
 * Whether a stored state no longer counts: its window passed and no lock is running. The next
 * failure would start afresh anyway (`afterFailure`), so the row can go.
 */
export function isStale(state: ThrottleState, now: Date): boolean {
	return now.getTime() - state.windowStart.getTime() > WINDOW_MS && retryAfterMs(state, now) === 0;
}

/** Rows older than this (by window start) may be stale; `isStale` decides for each. */
export const STALE_AFTER_MS = WINDOW_MS;

/**
 * The state after one more failed attempt. For an account, `windowStart` is the last failure
 * (a quiet quarter of an hour forgives); for an IP address it is a fixed 15-minute window.
 */
export function afterFailure(
	kind: ThrottleKind,
	state: ThrottleState | undefined,
	now: Date
): ThrottleState {
	const quiet = !state || isStale(state, now);
	const failures = quiet ? 1 : state.failures + 1;
	const windowStart = quiet || kind === 'account' ? now : state.windowStart;

	let lockMs = 0;
	if (kind === 'account' && failures > FREE_ACCOUNT_FAILURES) {
		lockMs = Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_ACCOUNT_FAILURES - 1));
	} else if (kind === 'ip' && failures >= IP_FAILURE_LIMIT) {
		lockMs = MAX_LOCK_MS;
	}
	return {
		failures,
		windowStart,
		lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null
	};
}
