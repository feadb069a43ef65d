import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { constants, createGzip, type Gzip } from 'node:zlib';

/**
 * Gzips the server-rendered HTML. adapter-node precompresses the built files it serves, but not
 * the pages SvelteKit renders, and the page is the first thing a browser waits for: the editor's
 * 15 KB of HTML are about 4 KB gzipped, a tenth of a second on Regular 3G before anything else
 * can start (issue 12). Only `text/html` is touched: JSON answers are small, and a stream (the
 * inbox's `text/event-stream`) must reach the browser as it is written. Each write is flushed,
 * so a page SvelteKit streams in parts still arrives in parts.
 */
export function compressHtml(req: IncomingMessage, res: ServerResponse): void {
	if (req.method === 'HEAD' || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return;
	const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
	const write = res.write.bind(res) as (...args: unknown[]) => boolean;
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	let decided = false;
	let gzip: Gzip | null = null;

	const header = (headers: OutgoingHttpHeaders | undefined, name: string): unknown => {
		for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
		return res.getHeader(name);
	};

	/** Once, before the first byte: the rest of the response goes through gzip if it is HTML. */
	const decide = (headers?: OutgoingHttpHeaders) => {
		if (decided) return;
		decided = true;
		const type = String(header(headers, 'content-type') ?? '');
		if (!type.startsWith('text/html') || header(headers, 'content-encoding') || res.statusCode === 204 || res.statusCode === 304) return;
		for (const key of Object.keys(headers ?? {})) if (key.toLowerCase() === 'content-length') delete headers![key];
		res.removeHeader('content-length');
		res.setHeader('content-encoding', 'gzip');
		const vary = res.getHeader('vary');
		res.setHeader('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
		gzip = createGzip({ level: 6 });
		gzip.on('data', (chunk: Buffer) => write(chunk));
		gzip.on('end', () => end());
		gzip.on('error', () => res.destroy());
	};

	const bytes = (chunk: unknown, encoding: unknown): Uint8Array =>
		typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : (chunk as Uint8Array);

	res.writeHead = ((statusCode: number, ...rest: unknown[]) => {
		const headers = rest.find((x): x is OutgoingHttpHeaders => typeof x === 'object' && x !== null && !Array.isArray(x));
		res.statusCode = statusCode;
		decide(headers);
		return writeHead(statusCode, ...rest);
	}) as ServerResponse['writeHead'];

	res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
		decide();
		if (!gzip) return write(chunk, encoding, callback);
		const done = typeof encoding === 'function' ? encoding : callback;
		gzip.write(bytes(chunk, encoding));
		// Flushed at once: a streamed page's parts reach the browser as SvelteKit writes them.
		gzip.flush(constants.Z_SYNC_FLUSH, () => (typeof done === 'function' ? done() : undefined));
		return true;
	}) as ServerResponse['write'];

	res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
		decide();
		if (!gzip) return end(chunk, encoding, callback);
		const done = [chunk, encoding, callback].find((x) => typeof x === 'function');
		if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') gzip.write(bytes(chunk, encoding));
		if (typeof done === 'function') res.once('finish', done as () => void);
		gzip.end();
		return res;
	}) as ServerResponse['end'];
}
