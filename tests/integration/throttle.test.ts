import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import {
	accountKey,
	clearThrottle,
	ipKey,
	recordFailure,
	throttleRetryAfter
} from '../../src/lib/server/auth/throttle';

describe.each(testDatabases)('sign-in throttling on %s', (kind) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase(kind);
	});
	afterAll(() => database.destroy());

	it('locks an account after repeated failures and says for how long', async () => {
		const db = database.db;
		const key = accountKey(' Rina@Example.go.id ');
		expect(key).toBe('account:rina@example.go.id');
		const now = new Date('2026-11-28T08:00:00Z');
		for (let i = 0; i < 5; i++) await recordFailure(db, 'account', key, now);
		expect(await throttleRetryAfter(db, [key], now)).toBe(0);
		await recordFailure(db, 'account', key, now);
		expect(await throttleRetryAfter(db, [key], now)).toBe(30);
		expect(await throttleRetryAfter(db, [key], new Date(now.getTime() + 31_000))).toBe(0);
	});

	it('takes the longest wait of the account and the address', async () => {
		const db = database.db;
		const now = new Date('2026-11-28T09:00:00Z');
		const ip = ipKey('203.0.113.7');
		for (let i = 0; i < 30; i++) await recordFailure(db, 'ip', ip, now);
		expect(await throttleRetryAfter(db, [accountKey('someone@example.go.id'), ip], now)).toBe(900);
	});

	it('counts concurrent failures without losing any', async () => {
		const db = database.db;
		const key = accountKey('race@example.go.id');
		const now = new Date('2026-11-28T10:00:00Z');
		await Promise.all(Array.from({ length: 8 }, () => recordFailure(db, 'account', key, now)));
		// 8 failures: the 3 beyond the free 5 give 30 s · 2² = 120 s.
		expect(await throttleRetryAfter(db, [key], now)).toBe(120);
	});

	it('is cleared by a successful sign-in', async () => {
		const db = database.db;
		const key = accountKey('ok@example.go.id');
		const now = new Date('2026-11-28T11:00:00Z');
		for (let i = 0; i < 7; i++) await recordFailure(db, 'account', key, now);
		await clearThrottle(db, key);
		expect(await throttleRetryAfter(db, [key], now)).toBe(0);
	});
});
