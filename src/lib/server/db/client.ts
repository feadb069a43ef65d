import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What repositories take: the database or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
	db: Db;
	kind: DatabaseKind;
	/** Connections in the pool, all open from the start (1 for PGlite). */
	connections: number;
	/** Runs a cheap query; resolves when the database answers. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** PostgreSQL connection string; without it the embedded PGlite is used. */
	url?: string;
	/** PGlite data directory, or `memory://` for a throw-away database. */
	dataDir: string;
	migrationsDir: string;
	/** Connection pool size for PostgreSQL. */
	poolSize?: number;
}

/** Opens the database and applies every pending migration before returning it. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const migrationsFolder = path.resolve(options.migrationsDir);
	if (options.url) {
		const poolSize = options.poolSize ?? 10;
		const client = postgres(options.url, {
			max: poolSize,
			onnotice: () => {},
			// Keep timestamps as Date objects and bytea as Buffers, the drizzle defaults.
			connection: { application_name: 'alur' }
		});
		const db = drizzlePostgres(client, { schema }) as unknown as Db;
		try {
			await migratePostgresOnce(options.url, migrationsFolder);
			// Open the whole pool now (postgres.js connects on demand): the first burst of
			// requests — everyone reconnecting after a restart — should not wait for backends
			// to start one by one.
			await Promise.all(Array.from({ length: poolSize }, () => client`select 1`));
		} catch (error) {
			await client.end({ timeout: 1 });
			throw error;
		}
		return {
			db,
			kind: 'postgres',
			connections: poolSize,
			ping: async () => {
				await client`select 1`;
			},
			close: () => client.end({ timeout: 5 })
		};
	}

	if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
	// pg_trgm (the library search's typo tolerance) is a loadable extension in PGlite: it must be
	// offered here before the migration's CREATE EXTENSION can find it.
	const client = await PGlite.create(options.dataDir, {
		extensions: { pg_trgm },
		parsers: { [BYTEA]: parseBytea },
		serializers: { [BYTEA]: serializeBytea }
	});
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	try {
		await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
	} catch (error) {
		await client.close();
		throw error;
	}
	return {
		db,
		kind: 'pglite',
		connections: 1,
		ping: async () => {
			await client.query('select 1');
		},
		close: () => client.close()
	};
}

/**
 * Several instances may start together: the first to take the advisory lock migrates, the
 * others wait for it and then find nothing left to do. One dedicated connection holds the lock.
 */
async function migratePostgresOnce(url: string, migrationsFolder: string): Promise<void> {
	const lockClient = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await lockClient`select pg_advisory_lock(7400211)`;
		try {
			await migratePostgres(drizzlePostgres(lockClient, { schema }), { migrationsFolder });
		} finally {
			await lockClient`select pg_advisory_unlock(7400211)`;
		}
	} finally {
		await lockClient.end({ timeout: 5 });
	}
}

/** PostgreSQL's type oid for bytea. */
const BYTEA = 17;

/**
 * PGlite's own bytea codec converts byte by byte in JavaScript (parseInt per hex pair,
 * toString(16) per byte) and runs on the event loop: a 200 KB document state costs tens of
 * milliseconds per read and the sync log pays it on every INSERT. Node's native hex codec gives
 * the same bytes (a Buffer, as postgres.js returns) in a fraction of the time.
 */
function parseBytea(value: string): Buffer {
	// Text format with bytea_output = hex (the default): "\x" then two hex digits per byte.
	if (!value.startsWith('\\x')) throw new Error('unexpected bytea text format');
	return Buffer.from(value.slice(2), 'hex');
}

function serializeBytea(value: unknown): string {
	if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
	return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
}
