import { getConfig } from '../../src/lib/server/config';
import { getDatabase } from '../../src/lib/server/db';
import { createSyncServer, type SyncServer } from './index';

/** The dev server's sync server, on the process database (loaded through Vite's SSR graph). */
export async function startDevSync(): Promise<SyncServer> {
	return createSyncServer({ database: await getDatabase(), config: getConfig() });
}
