import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressHtml } from '../../server/compress-html';

const page = `<!doctype html><html><body>${'<p>Perbaikan SOP antrean KTP-el</p>'.repeat(200)}</body></html>`;

let server: Server;
let port = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		compressHtml(req, res);
		if (req.url === '/html') {
			res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(page)) });
			res.end(page);
		} else if (req.url === '/streamed') {
			// No writeHead: headers set, then the page in two parts, as SvelteKit streams one.
			res.setHeader('content-type', 'text/html; charset=utf-8');
			res.write(page.slice(0, 1000));
			setTimeout(() => res.end(page.slice(1000)), 20);
		} else if (req.url === '/json') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		} else if (req.url === '/events') {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.end('data: 1\n\n');
		} else if (req.url === '/static') {
			res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'br' });
			res.end('already');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, encoding?: string, method = 'GET'): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path, method, headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('compressHtml', () => {
	it('gzips a rendered page for a browser that accepts gzip, without a stale length', async () => {
		const { headers, body } = await get('/html', 'gzip, deflate, br');
		expect(headers['content-encoding']).toBe('gzip');
		expect(headers['content-length']).toBeUndefined();
		expect(headers['vary']).toContain('Accept-Encoding');
		expect(body.length).toBeLessThan(Buffer.byteLength(page) / 4);
		expect(gunzipSync(body).toString()).toBe(page);
	});

	it('gzips a page written in parts without writeHead', async () => {
		const { headers, body } = await get('/streamed', 'gzip');
		expect(headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(body).toString()).toBe(page);
	});

	it('leaves the page as it is for a client that does not accept gzip', async () => {
		const { headers, body } = await get('/html');
		expect(headers['content-encoding']).toBeUndefined();
		expect(body.toString()).toBe(page);
	});

	it('leaves JSON, event streams and already encoded files alone', async () => {
		const json = await get('/json', 'gzip');
		expect(json.headers['content-encoding']).toBeUndefined();
		expect(json.body.toString()).toBe('{"ok":true}');
		const events = await get('/events', 'gzip');
		expect(events.headers['content-encoding']).toBeUndefined();
		expect(events.body.toString()).toBe('data: 1\n\n');
		const encoded = await get('/static', 'gzip');
		expect(encoded.headers['content-encoding']).toBe('br');
		expect(encoded.body.toString()).toBe('already');
	});
});
