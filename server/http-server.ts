import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compressHtml } from './compress-html';

/** The request handler adapter-node builds (`build/handler.js`). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface RunningServer {
	server: Server;
	port: number;
	/** Stops accepting, lets requests in flight finish, then resolves. */
	close(): Promise<void>;
}

/**
 * The header through which this server tells adapter-node the protocol the request really came
 * in on, when no `ORIGIN` is configured (see `deriveOriginFromRequest`).
 */
export const PROTOCOL_HEADER = 'x-alur-protocol';

/**
 * Without `ORIGIN`, adapter-node builds each request's URL as `https://<Host>` unless a
 * protocol header says otherwise, so a browser on plain http (http://localhost:3000, an office
 * LAN's http://192.168.1.20:3000) has its every form post refused as cross-site: its Origin says
 * http. The protocol is a fact of the socket, not of the request, so this server sets the header
 * itself (overwriting whatever a client sent). Call before the handler module is imported:
 * adapter-node reads its environment once, at import. Returns false, and changes nothing, when
 * `ORIGIN` is set or a reverse proxy's header was configured (`PROTOCOL_HEADER`).
 */
export function deriveOriginFromRequest(env: NodeJS.ProcessEnv, origin: string | undefined): boolean {
	// Our configuration reads an empty value as unset; adapter-node would refuse `ORIGIN=` at import.
	if (env.ORIGIN === '') delete env.ORIGIN;
	if (env.PROTOCOL_HEADER === '') delete env.PROTOCOL_HEADER;
	if (origin || env.PROTOCOL_HEADER) return false;
	env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	return true;
}

/**
 * adapter-node serves built files through sirv, which pipes a read stream into the response with
 * no error handler: a file gone between the server's start and the request (a `build/` replaced
 * under a running server) raised an unhandled 'error' and ended the process, every other user's
 * requests and sync sockets with it. A stream piped into a response fails that response only.
 */
function keepServingOnStreamErrors(res: ServerResponse): void {
	res.on('pipe', (source) => {
		source.once('error', (error: Error) => {
			console.error(`http: a response's stream failed (${error.message})`);
			if (!res.headersSent) {
				res.statusCode = 500;
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ code: 'internal', message: 'The file could not be read.' }));
			} else {
				// Headers (and maybe part of the body) are out: cut the response so the client sees it fail.
				res.destroy(error);
			}
		});
	});
}

/** How long an idle keep-alive connection stays open: longer than common proxies' 60 s. */
const KEEP_ALIVE_MS = 65_000;

export async function startHttpServer(options: {
	handler: NodeHandler;
	port: number;
	host?: string;
	/** Set the protocol header from the socket on every request (see `deriveOriginFromRequest`). */
	protocolFromSocket?: boolean;
}): Promise<RunningServer> {
	const server = createServer((req, res) => {
		if (options.protocolFromSocket) {
			req.headers[PROTOCOL_HEADER] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
		}
		keepServingOnStreamErrors(res);
		compressHtml(req, res);
		options.handler(req, res, () => {
			res.statusCode = 404;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ code: 'not_found', message: 'Not found' }));
		});
	});
	// Node closes an idle keep-alive connection after 5 s; a client that sends its next request on
	// it at that moment gets ECONNRESET (Node's keep-alive agents ignore the server's hint, and so
	// did CI's test client). A reverse proxy's pool (nginx, a load balancer: 60 s idle) must also
	// give up on a connection before this server does, or its users see the odd 502.
	server.keepAliveTimeout = KEEP_ALIVE_MS;
	server.headersTimeout = KEEP_ALIVE_MS + 1_000;
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
