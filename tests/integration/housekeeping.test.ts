import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { createSession, sessionPolicy } from '../../src/lib/server/auth/session';
import { loginThrottle, sessions } from '../../src/lib/server/db/schema';
import { recordFailure } from '../../src/lib/server/auth/throttle';
import { housekeepingJobs } from '../../server/housekeeping';
import { Scheduler } from '../../server/scheduler';

const MINUTE = 60_000;
const idOf = ({ token }: { token: string }) => token.split('.')[0];
const DAY = 24 * 60 * MINUTE;

describe.each(testDatabases)('housekeeping sweeps on %s', (kind) => {
	let database: TestDatabase;
	let now = Date.parse('2026-12-01T08:00:00Z');
	// 1 idle day, 3 days at most; the test moves the clock.
	const policy = sessionPolicy(1, 3, () => new Date(now));
	const errors: unknown[] = [];
	let scheduler: Scheduler;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		scheduler = new Scheduler((_job, error) => errors.push(error));
		// A long first delay: the test runs the jobs itself, at the times it chooses.
		for (const job of housekeepingJobs(database.db, policy)) scheduler.add({ ...job, firstDelayMs: DAY });
	});
	afterAll(async () => {
		await scheduler.stop();
		await database.destroy();
	});

	it('removes exactly the sessions past their idle or absolute lifetime', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const start = now;
		// Absolute lifetime: made at start and used every 20 hours, so never idle, but 3 days old soon.
		const old = idOf(await createSession(db, user.id, policy));
		now = start + 20 * 60 * MINUTE;
		// Idle: made 20 h in and never used again.
		const idle = idOf(await createSession(db, user.id, policy));
		now = start + 2 * DAY + 8 * 60 * MINUTE;
		const fresh = idOf(await createSession(db, user.id, policy));
		await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, old));

		now = start + 3 * DAY + MINUTE;
		await scheduler.runNow('sweep-sessions');
		const left = (await db.select({ id: sessions.id }).from(sessions)).map((r) => r.id).sort();
		expect(left).toEqual([fresh]);
		expect(left).not.toContain(idle);
		expect(errors).toEqual([]);
	});

	it('removes exactly the throttle rows whose window passed and whose lock ended', async () => {
		const db = database.db;
		const t = now;
		// Quiet for 16 minutes, never locked: stale.
		await recordFailure(db, 'account', 'account:lama@example.go.id', new Date(t - 16 * MINUTE));
		// Failed 5 minutes ago: its window still counts.
		await recordFailure(db, 'account', 'account:baru@example.go.id', new Date(t - 5 * MINUTE));
		// An address locked for 15 minutes 10 minutes ago, its window started 20 minutes ago: still locked.
		for (let i = 0; i < 30; i++) await recordFailure(db, 'ip', 'ip:203.0.113.9', new Date(t - 10 * MINUTE));
		await db.update(loginThrottle).set({ windowStart: new Date(t - 20 * MINUTE) }).where(eq(loginThrottle.key, 'ip:203.0.113.9'));
		// An account whose lock ended a minute ago and whose last failure was 20 minutes ago: stale.
		for (let i = 0; i < 6; i++) await recordFailure(db, 'account', 'account:terkunci@example.go.id', new Date(t - 20 * MINUTE));

		await scheduler.runNow('sweep-login-throttle');
		const keys = (await db.select({ key: loginThrottle.key }).from(loginThrottle)).map((r) => r.key).sort();
		expect(keys).toEqual(['account:baru@example.go.id', 'ip:203.0.113.9']);

		// Once the address's lock is over, it goes too.
		now = t + 6 * MINUTE;
		await scheduler.runNow('sweep-login-throttle');
		expect((await db.select({ key: loginThrottle.key }).from(loginThrottle)).map((r) => r.key)).toEqual(['account:baru@example.go.id']);
		expect(errors).toEqual([]);
	});
});
