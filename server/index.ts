/**
 * Production entry: one HTTP port serves the built SvelteKit app (and, with the sync server,
 * its WebSocket). `npm start` runs it after `ensure-build.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { closeDatabase, getDatabase } from '../src/lib/server/db';
import { deriveOriginFromRequest, startHttpServer } from './http-server';
import { signalShutdown } from '../src/lib/server/notification-signal';
import { createSyncServer } from './sync';

async function main(): Promise<void> {
	let config;
	try {
		config = getConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(1);
		}
		throw error;
	}
	const database = await getDatabase();
	const protocolFromSocket = deriveOriginFromRequest(process.env, config.ORIGIN);
	const handlerUrl = pathToFileURL(path.resolve(import.meta.dirname, '..', 'build', 'handler.js')).href;
	const { handler } = (await import(handlerUrl)) as { handler: import('./http-server').NodeHandler };
	const app = await startHttpServer({ handler, port: config.PORT, host: config.HOST, protocolFromSocket });
	const sync = createSyncServer({ database, config });
	sync.attach(app.server);
	sync.events.on('save-failed', ({ documentId, error, attempt }) => {
		if (attempt === 1 || attempt % 10 === 0) console.error(`sync: saving ${documentId} failed (attempt ${attempt}):`, error);
	});
	sync.events.on('room-load-failed', ({ documentId, error }) => console.error(`sync: loading ${documentId} failed:`, error));
	sync.events.on('projection-failed', ({ documentId, error, stage }) =>
		console.error(`sync: projecting ${documentId} failed${stage ? ` (${stage})` : ''}:`, error)
	);
	sync.events.on('projection-catch-up-failed', ({ error }) => console.error('sync: listing stale projections failed:', error));
	sync.events.on('job-failed', ({ job, error }) => console.error(`scheduler: ${job} failed:`, error));
	console.log(`Alur listening on http://localhost:${app.port} (database: ${database.kind}, sync: /sync/<documentId>)`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: shutting down`);
		// Stop taking sockets, save what is pending, close sockets with 1012 (clients reconnect).
		await sync.close();
		// Open inbox streams end now rather than holding the HTTP server's close for 10 s.
		signalShutdown();
		await app.close();
		await closeDatabase();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
