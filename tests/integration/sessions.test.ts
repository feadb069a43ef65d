import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import {
	createSession,
	deleteExpiredSessions,
	deleteOtherSessions,
	deleteSession,
	sessionPolicy,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { sessions } from '../../src/lib/server/db/schema';
import { deleteUser } from '../../src/lib/server/repositories/users';

const DAY = 86_400_000;

describe.each(testDatabases)('sessions on %s', (kind) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase(kind);
	});
	afterAll(() => database.destroy());

	/** A policy of 1 idle day, 3 days at most, whose clock the test moves. */
	function clock(start = Date.parse('2026-11-28T00:00:00Z')) {
		let now = start;
		return { policy: sessionPolicy(1, 3, () => new Date(now)), advance: (ms: number) => (now += ms) };
	}

	it('stores only the hash of the secret', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy } = clock();
		const { token } = await createSession(db, user.id, policy);
		const [id, secret] = token.split('.');
		const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
		expect(row.secretHash).toBeInstanceOf(Uint8Array);
		expect(row.secretHash.length).toBe(32);
		expect(Buffer.from(row.secretHash).toString('latin1')).not.toContain(secret);
	});

	it('validates a fresh token and returns its user', async () => {
		const db = database.db;
		const user = await makeUser(db, { name: 'Siti Rahma' });
		const { policy } = clock();
		const { token } = await createSession(db, user.id, policy);
		const valid = await validateSessionToken(db, token, policy);
		expect(valid?.user).toEqual({ id: user.id, email: user.email, name: 'Siti Rahma' });
	});

	it('treats a tampered secret, a forged id and garbage as signed out', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy } = clock();
		const { token } = await createSession(db, user.id, policy);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await validateSessionToken(db, `${id}.${flipped}`, policy)).toBeNull();
		expect(await validateSessionToken(db, `${'a'.repeat(24)}.${secret}`, policy)).toBeNull();
		expect(await validateSessionToken(db, `${id}`, policy)).toBeNull();
		expect(await validateSessionToken(db, `'; DROP TABLE sessions;--`, policy)).toBeNull();
		// The genuine token still works after the attempts.
		expect(await validateSessionToken(db, token, policy)).not.toBeNull();
	});

	it('expires after the idle timeout and deletes the row', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy, advance } = clock();
		const { token } = await createSession(db, user.id, policy);
		advance(DAY + 1);
		expect(await validateSessionToken(db, token, policy)).toBeNull();
		const rows = await db.select().from(sessions).where(eq(sessions.id, token.split('.')[0]));
		expect(rows).toHaveLength(0);
	});

	it('slides with use, but never past the absolute lifetime', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy, advance } = clock();
		const { token, expiresAt: first } = await createSession(db, user.id, policy);
		advance(DAY - 60_000);
		const renewed = await validateSessionToken(db, token, policy);
		expect(renewed).not.toBeNull();
		expect(renewed!.expiresAt.getTime()).toBeGreaterThan(first.getTime());
		advance(DAY - 60_000);
		expect(await validateSessionToken(db, token, policy)).not.toBeNull();
		advance(DAY - 60_000);
		const last = await validateSessionToken(db, token, policy);
		// Used every day, so idle expiry is a day away, but the cookie ends at the absolute limit.
		expect(last!.expiresAt.getTime()).toBe(Date.parse('2026-11-28T00:00:00Z') + 3 * DAY);
		advance(5 * 60_000);
		expect(await validateSessionToken(db, token, policy)).toBeNull();
	});

	it('logout deletes the session; other sessions of the user stay', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy } = clock();
		const a = await createSession(db, user.id, policy);
		const b = await createSession(db, user.id, policy);
		expect(a.token).not.toBe(b.token);
		await deleteSession(db, a.token.split('.')[0]);
		expect(await validateSessionToken(db, a.token, policy)).toBeNull();
		expect(await validateSessionToken(db, b.token, policy)).not.toBeNull();
	});

	it('a password change signs out every other session', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy } = clock();
		const keep = await createSession(db, user.id, policy);
		const other = await createSession(db, user.id, policy);
		await deleteOtherSessions(db, user.id, keep.token.split('.')[0]);
		expect(await validateSessionToken(db, keep.token, policy)).not.toBeNull();
		expect(await validateSessionToken(db, other.token, policy)).toBeNull();
	});

	it('account removal deletes its sessions', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy } = clock();
		const { token } = await createSession(db, user.id, policy);
		await deleteUser(db, user.id);
		expect(await validateSessionToken(db, token, policy)).toBeNull();
		expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
	});

	it('sweeps expired sessions', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const { policy, advance } = clock();
		const { token } = await createSession(db, user.id, policy);
		advance(2 * DAY);
		await deleteExpiredSessions(db, policy);
		expect(await db.select().from(sessions).where(eq(sessions.id, token.split('.')[0]))).toHaveLength(0);
	});
});
