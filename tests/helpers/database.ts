import postgres from 'postgres';
import { openDatabase, type Database, type DatabaseKind } from '../../src/lib/server/db/client';

/**
 * Every repository and auth suite runs on both databases: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Use with `describe.each(testDatabases)`.
 */
export const testDatabases: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
	/** Connection string of the throw-away PostgreSQL database (undefined on PGlite). */
	url?: string;
	/** Closes the handle and drops the throw-away database. */
	destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of the given kind: PGlite in memory, or a new PostgreSQL
 * database created next to TEST_DATABASE_URL, so suites running in parallel never share rows.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const database = await openDatabase({ dataDir: 'memory://', migrationsDir: './drizzle' });
		return { ...database, destroy: () => database.close() };
	}
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
	const name = `alur_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.href, dataDir: '', migrationsDir: './drizzle', poolSize: 5 });
	return {
		...database,
		url: url.href,
		destroy: async () => {
			await database.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
