import { getConfig } from '../config';
import { openDatabase, type Database } from './client';

const DB_KEY = Symbol.for('alur.database');
type DbHolder = { [DB_KEY]?: Promise<Database> };

/**
 * The one database handle of this process. Vite (and the production entry next to the built
 * SvelteKit handler) can load this module twice; PGlite must be opened exactly once, so the
 * handle lives on globalThis rather than in a module variable.
 */
export function getDatabase(): Promise<Database> {
	const holder = globalThis as DbHolder;
	if (!holder[DB_KEY]) {
		const config = getConfig();
		const opening = openDatabase({
			url: config.DATABASE_URL,
			dataDir: config.DATA_DIR,
			migrationsDir: config.MIGRATIONS_DIR
		});
		// A failed open must not stick: the next request tries again.
		opening.catch(() => {
			if (holder[DB_KEY] === opening) delete holder[DB_KEY];
		});
		holder[DB_KEY] = opening;
	}
	return holder[DB_KEY];
}

/** Closes the process database handle, if one was opened. */
export async function closeDatabase(): Promise<void> {
	const holder = globalThis as DbHolder;
	const opening = holder[DB_KEY];
	delete holder[DB_KEY];
	if (opening) await (await opening).close();
}

export type { Database, Db, Executor, Tx } from './client';
