import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The request handler adapter-node builds (`build/handler.js`). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface RunningServer {
	server: Server;
	port: number;
	/** Stops accepting, lets requests in flight finish, then resolves. */
	close(): Promise<void>;
}

export async function startHttpServer(options: {
	handler: NodeHandler;
	port: number;
	host?: string;
}): Promise<RunningServer> {
	const server = createServer((req, res) => {
		options.handler(req, res, () => {
			res.statusCode = 404;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ code: 'not_found', message: 'Not found' }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		server,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeIdleConnections();
				// Requests still open after 10 s are cut so shutdown always finishes.
				setTimeout(() => server.closeAllConnections(), 10_000).unref();
			})
	};
}
