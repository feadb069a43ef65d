import { describe, expect, it } from 'vitest';
import { afterFailure, retryAfterMs, type ThrottleState } from '../../src/lib/server/auth/throttle-policy';

const t0 = new Date('2026-11-28T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(kind: 'account' | 'ip', times: number, start = t0): ThrottleState | undefined {
	let state: ThrottleState | undefined;
	for (let i = 0; i < times; i++) state = afterFailure(kind, state, new Date(start.getTime() + i));
	return state;
}

describe('account throttling', () => {
	it('lets five failures pass, then locks for 30 s, doubling', () => {
		expect(retryAfterMs(fail('account', 5), at(10))).toBe(0);
		const sixth = fail('account', 6)!;
		expect(sixth.lockedUntil!.getTime() - t0.getTime()).toBe(30_000 + 5);
		const seventh = fail('account', 7)!;
		expect(seventh.lockedUntil!.getTime() - at(6).getTime()).toBe(60_000);
	});

	it('never locks longer than 15 minutes', () => {
		const many = fail('account', 40)!;
		expect(many.lockedUntil!.getTime() - at(39).getTime()).toBe(15 * 60_000);
	});

	it('forgives after a quiet quarter of an hour', () => {
		const state = fail('account', 5)!;
		const later = afterFailure('account', state, at(16 * 60_000));
		expect(later.failures).toBe(1);
		expect(later.lockedUntil).toBeNull();
	});
});

describe('IP throttling', () => {
	it('locks an address after 30 failures in 15 minutes, for 15 minutes', () => {
		expect(fail('ip', 29)!.lockedUntil).toBeNull();
		const locked = fail('ip', 30)!;
		expect(retryAfterMs(locked, at(30))).toBe(15 * 60_000 - 1);
	});

	it('counts in a fixed window', () => {
		const state = fail('ip', 20)!;
		const next = afterFailure('ip', state, at(16 * 60_000));
		expect(next.failures).toBe(1);
	});
});
