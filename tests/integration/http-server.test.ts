import { createReadStream } from 'node:fs';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startHttpServer, type NodeHandler, type RunningServer } from '../../server/http-server';

let running: RunningServer | null = null;
let dir: string | null = null;
afterEach(async () => {
	await running?.close();
	running = null;
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = null;
	vi.restoreAllMocks();
});

it('a file that vanished after the headers went out fails that response only; the server keeps answering', async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'alur-http-'));
	const present = path.join(dir, 'present.js');
	writeFileSync(present, 'export {};');
	const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
	// As sirv sends a built file: headers first, then a read stream piped in without an error handler.
	const handler: NodeHandler = (req, res) => {
		const file = req.url === '/present.js' ? present : path.join(dir!, 'gone.js.br');
		res.writeHead(200, { 'content-type': 'text/javascript' });
		createReadStream(file).pipe(res);
	};
	running = await startHttpServer({ handler, port: 0, host: '127.0.0.1' });
	const base = `http://127.0.0.1:${running.port}`;

	await expect(fetch(`${base}/gone.js`).then((r) => r.text())).rejects.toThrow();
	expect(quiet).toHaveBeenCalledWith(expect.stringContaining('ENOENT'));
	// The process is still here and serves the next request.
	const next = await fetch(`${base}/present.js`);
	expect(next.status).toBe(200);
	expect(await next.text()).toBe('export {};');
});

it('before any header is out, the failed stream answers 500 as JSON', async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'alur-http-'));
	vi.spyOn(console, 'error').mockImplementation(() => {});
	const handler: NodeHandler = (_req, res) => {
		createReadStream(path.join(dir!, 'missing')).pipe(res);
	};
	running = await startHttpServer({ handler, port: 0, host: '127.0.0.1' });
	const response = await fetch(`http://127.0.0.1:${running.port}/missing`);
	expect(response.status).toBe(500);
	expect(await response.json()).toEqual({ code: 'internal', message: 'The file could not be read.' });
});

it('keeps an idle connection open past Node’s 5 s, so a keep-alive client reusing it is not reset', async () => {
	running = await startHttpServer({ handler: (_req, res) => res.end('ok'), port: 0, host: '127.0.0.1' });
	// Node's keep-alive agent, as Playwright's request context and many HTTP clients use it.
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const get = () =>
		new Promise<{ reused: boolean; keepAlive: string }>((resolve, reject) => {
			const req = http.get({ host: '127.0.0.1', port: running!.port, path: '/', agent }, (res) => {
				res.resume();
				res.on('end', () => resolve({ reused: req.reusedSocket, keepAlive: String(res.headers['keep-alive']) }));
			});
			req.on('error', reject);
		});
	try {
		expect(await get()).toEqual({ reused: false, keepAlive: 'timeout=65' });
		await new Promise((resolve) => setTimeout(resolve, 5_500));
		// With Node's default the server had closed it by now and the agent opened a new one.
		expect(await get()).toEqual({ reused: true, keepAlive: 'timeout=65' });
	} finally {
		agent.destroy();
	}
});
