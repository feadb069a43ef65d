import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface TestRedis {
	url: string;
	stop(): Promise<void>;
}

const INSTALL_HINT =
	'The two-instance sync test needs Redis. Install it (Debian/Ubuntu: apt-get install -y redis-server; ' +
	'macOS: brew install redis) so that `redis-server` is on PATH, or point TEST_REDIS_URL at a running one.';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Resolves once the process prints that it accepts connections; rejects if it exits first. */
function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
		});
	});
}

/**
 * Redis for a test: TEST_REDIS_URL when set (CI may point it at the machine's service), else a
 * `redis-server` from PATH of the test's own, on a free port, keeping nothing on disk. Without
 * either it throws at once with what to install, instead of timing out like a bug.
 */
export async function startTestRedis(): Promise<TestRedis> {
	if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, stop: async () => {} };
	const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
	const port = await freePort();
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await ready(child, 15_000);
	return {
		url: `redis://127.0.0.1:${port}`,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
