import type { Plugin } from 'vite';
import type { SyncServer } from './index';

/**
 * `npm run dev` is live too: the same sync server, attached to Vite's HTTP server for paths
 * under `/sync/` (Vite's own HMR socket keeps its path). The server code is loaded through
 * Vite's SSR module graph, the same one SvelteKit's pages use, so both share one database
 * handle; the config file itself imports nothing but this plugin.
 */
export function alurSync(): Plugin {
	let sync: Promise<SyncServer> | null = null;
	return {
		name: 'alur-sync',
		apply: 'serve',
		configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer) return; // middleware mode: no sockets to serve
			const start = () => {
				sync ??= (server.ssrLoadModule('/server/sync/dev.ts') as Promise<typeof import('./dev')>).then((m) => m.startDevSync());
				sync.catch(() => {
					sync = null;
				});
				return sync;
			};
			httpServer.on('upgrade', (req, socket, head) => {
				if (!new URL(req.url ?? '/', 'http://localhost').pathname.startsWith('/sync/')) return;
				start().then(
					(s) => s.handleUpgrade(req, socket, head),
					(error: unknown) => {
						server.config.logger.error(`alur-sync: ${String(error)}`);
						socket.destroy();
					}
				);
			});
			httpServer.on('close', () => {
				void sync?.then((s) => s.close());
			});
		}
	};
}
