/**
 * Child processes of the benchmark: the two sync servers (Alur and the reference
 * `@y/websocket-server` 0.1.1, in memory) and the load generator, pinned to separate cores with
 * `taskset` when the machine has it and at least two cores.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Command, Reply } from './protocol';

export type ServerKind = 'alur' | 'reference';

export const root = path.resolve(import.meta.dirname, '..', '..');

export const canPin: boolean =
	os.availableParallelism() >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** Core for the server, core for the generator (and the orchestrator). */
export const SERVER_CORE = '0';
export const GENERATOR_CORE = '1';

/**
 * The machine may be shared (other test runs). With the kernel's autogroup scheduling, CPU time
 * is split between sessions before nice values count, so each measured process gets its own
 * session (`detached`) whose autogroup, like the process itself, runs at nice -20 (BENCH_NICE;
 * 0 turns it off; needs root). Run-queue wait that remains is reported. (SCHED_FIFO was tried
 * and is worse: V8's helper threads, pinned to the main thread's core, then stall it.)
 */
const NICE = process.env.BENCH_NICE ?? '-20';
export const schedMode: string =
	NICE !== '0' && process.getuid?.() === 0 && spawnSync('nice', ['-n', NICE, 'true'], { stdio: 'ignore' }).status === 0
		? `nice ${NICE}${existsSync('/proc/self/autogroup') ? ' (process and autogroup)' : ''}`
		: 'default';

/** Children still running, killed if the orchestrator exits early (they have their own sessions). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

function spawnMeasured(command: string, args: string[], options: SpawnOptions): ChildProcess {
	const child = spawn(command, args, { ...options, detached: true });
	live.add(child);
	child.once('exit', () => live.delete(child));
	if (schedMode !== 'default' && child.pid) {
		try {
			writeFileSync(`/proc/${child.pid}/autogroup`, NICE);
		} catch {
			// No autogroup scheduling: the process nice value is all there is.
		}
	}
	return child;
}

function pinned(core: string, command: string, args: string[]): [string, string[]] {
	const [c, a]: [string, string[]] = canPin ? ['taskset', ['-c', core, command, ...args]] : [command, args];
	return schedMode === 'default' ? [c, a] : ['nice', ['-n', NICE, c, ...a]];
}

/** Moves the calling process (all its threads) to the generator core, off the server's core. */
export function pinSelf(): void {
	if (canPin) spawnSync('taskset', ['-a', '-c', '-p', GENERATOR_CORE, String(process.pid)], { stdio: 'ignore' });
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ServerProcess {
	kind: ServerKind;
	pid: number;
	port: number;
	/** Base URL for WebsocketProvider: rooms are `<serverUrl>/<documentId>`. */
	serverUrl: string;
	origin: string;
	logFile: string;
	exited(): boolean;
	stop(): Promise<void>;
}

function tail(file: string, lines = 30): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

async function waitForHttp(port: number, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`server exited during start (code ${child.exitCode}):\n${tail(logFile)}`);
		}
		try {
			await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
			return;
		} catch {
			await sleep(100);
		}
	}
	throw new Error(`server did not listen on ${port} within ${timeoutMs} ms:\n${tail(logFile)}`);
}

export async function startServer(
	kind: ServerKind,
	options: { databaseEnv?: Record<string, string>; logFile: string; cpuProfDir?: string; appDir?: string }
): Promise<ServerProcess> {
	const appDir = options.appDir ?? root;
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	delete env.YPERSISTENCE;
	const nodeArgs: string[] = [
		...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
		// BENCH_SERVER_ARGS: extra Node flags for both servers (e.g. --trace-gc).
		...(process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(' ') : [])
	];
	let args: string[];
	if (kind === 'alur') {
		if (!options.databaseEnv) throw new Error('alur needs a database');
		Object.assign(env, { NODE_ENV: 'production', ORIGIN: origin, ...options.databaseEnv });
		args = [...nodeArgs, '--import', 'tsx', path.join(appDir, 'server', 'index.ts')];
	} else {
		args = [...nodeArgs, path.join(root, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')];
	}
	const fd = openSync(options.logFile, 'a');
	const [command, argv] = pinned(SERVER_CORE, process.execPath, args);
	const child = spawnMeasured(command, argv, { cwd: kind === 'alur' ? appDir : root, env, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	const exited = () => child.exitCode !== null || child.signalCode !== null;
	try {
		await waitForHttp(port, child, options.logFile, 90_000);
	} catch (error) {
		if (!exited()) child.kill('SIGKILL');
		throw error;
	}
	return {
		kind,
		pid: child.pid!,
		port,
		serverUrl: `ws://127.0.0.1:${port}/sync`,
		origin,
		logFile: options.logFile,
		exited,
		stop: async () => {
			if (exited()) return;
			const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timedOut = await Promise.race([done.then(() => false), sleep(20_000).then(() => true)]);
			if (timedOut) {
				console.error(`[bench] ${kind} did not exit 20 s after SIGTERM; SIGKILL`);
				child.kill('SIGKILL');
				await done;
			}
		}
	};
}

/** A load-generator process driven over IPC, one request at a time. */
export class Generator {
	private readonly child: ChildProcess;
	private waiting: ((reply: Reply) => void) | null = null;
	private readonly backlog: Reply[] = [];
	private exitError: Error | null = null;

	constructor() {
		const [command, argv] = pinned(GENERATOR_CORE, process.execPath, [
			'--max-old-space-size=4096',
			// A large young generation: with the default, scavenges of 1000 replicas' garbage
			// took ~30 % of the generator's time in point c.
			'--max-semi-space-size=64',
			// The cold read collects the generator's own garbage before it starts.
			'--expose-gc',
			// Pinned to one core, V8's parallel collector threads can only take turns with the main
			// thread; collecting on it alone was as fast or faster at hot, and steadier.
			'--single-threaded-gc',
			...(process.env.BENCH_GEN_ARGS ? process.env.BENCH_GEN_ARGS.split(' ') : []),
			'--import',
			'tsx',
			path.join(root, 'bench', 'sync', 'load-generator.ts')
		]);
		this.child = spawnMeasured(command, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		this.child.on('message', (reply: Reply) => {
			if (this.waiting) {
				const w = this.waiting;
				this.waiting = null;
				w(reply);
			} else this.backlog.push(reply);
		});
		this.child.on('exit', (code) => {
			this.exitError = new Error(`load generator exited (code ${code})`);
			if (this.waiting) this.waiting({ type: 'error', message: this.exitError.message });
		});
	}

	private next(): Promise<Reply> {
		const queued = this.backlog.shift();
		if (queued) return Promise.resolve(queued);
		if (this.exitError) return Promise.reject(this.exitError);
		return new Promise((resolve) => (this.waiting = resolve));
	}

	get pid(): number {
		return this.child.pid!;
	}

	async ready(): Promise<void> {
		await this.expect('ready');
	}

	async request<T extends Reply['type']>(command: Command, type: T): Promise<Extract<Reply, { type: T }>> {
		this.child.send(command);
		return this.expect(type);
	}

	private async expect<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> {
		const reply = await this.next();
		if (reply.type === 'error') throw new Error(`load generator: ${reply.message}`);
		if (reply.type !== type) throw new Error(`load generator: expected ${type}, got ${reply.type}`);
		return reply as Extract<Reply, { type: T }>;
	}

	async exit(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.send({ cmd: 'exit' } satisfies Command);
		await Promise.race([done, sleep(5000)]);
		if (this.child.exitCode === null) this.child.kill('SIGKILL');
	}
}

/**
 * A private copy of the Alur server (server/, src/, build/, drizzle/, with node_modules linked):
 * every repetition then measures the same code even while the work tree changes under the run.
 */
export async function snapshotApp(into: string, log: (message: string) => void): Promise<string> {
	const handler = path.join(root, 'build', 'handler.js');
	for (let waited = 0; !existsSync(handler) && waited < 180_000; waited += 2000) {
		if (waited === 0) log('build/handler.js is missing (a build in progress?): waiting for it');
		await sleep(2000);
	}
	if (!existsSync(handler)) {
		log('build/handler.js still missing: vite build');
		const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
		if (spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) throw new Error('vite build failed');
	}
	mkdirSync(path.join(into, '.svelte-kit'), { recursive: true });
	for (const entry of ['server', 'src', 'build', 'drizzle', 'package.json', 'tsconfig.json', path.join('.svelte-kit', 'tsconfig.json')]) {
		cpSync(path.join(root, entry), path.join(into, entry), { recursive: true });
	}
	symlinkSync(path.join(root, 'node_modules'), path.join(into, 'node_modules'), 'dir');
	if (!existsSync(path.join(into, 'build', 'handler.js'))) throw new Error('build/ changed while it was copied; run again');
	return into;
}
