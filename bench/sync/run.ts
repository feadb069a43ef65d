/**
 * `npm run bench:sync` — Alur's sync server against the reference y-websocket backend
 * (`@y/websocket-server` 0.1.1, in memory) under identical load, alternating per repetition,
 * each repetition on a fresh server process (Alur: fresh PGlite database, real sessions).
 *
 * Prints one JSON line per load point on stdout (issue 3, part 5) and a readable summary with
 * the targets on stderr. Flags:
 *   --quick              1 repetition, shorter windows
 *   --points a,b,hot,c,cold
 *   --reps N             repetitions per point (default 3)
 *   --window S           measured window in seconds (default 12; quick 5)
 *   --servers alur,reference
 *   --profile            write V8 CPU profiles of the Alur server (--cpu-prof) to the run dir
 *   --no-caret           type without moving the caret in awareness (a real editor moves it)
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Generator, canPin, pinSelf, schedMode, snapshotApp, startServer, type ServerKind, type ServerProcess } from './processes';
import type { ColdReply, HistoryReply, LoadPlan, LoadResult } from './protocol';
import { seedAlur, type Seeded } from './seed';
import { loadAverage, median, processCpuSeconds, processMemoryMb, processRunqueueWaitSeconds, round } from './stats';

interface LoadPoint {
	name: string;
	clients: number;
	docs: number;
	rate: number;
}

const LOAD_POINTS: LoadPoint[] = [
	{ name: 'a', clients: 20, docs: 1, rate: 5 },
	{ name: 'b', clients: 200, docs: 20, rate: 2 },
	{ name: 'hot', clients: 100, docs: 1, rate: 1 },
	{ name: 'c', clients: 1000, docs: 100, rate: 1 }
];
const COLD_UPDATES = 10_000;
const COLD_READERS = 5;

// ---- arguments ----------------------------------------------------------------------------

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0) return undefined;
	const value = process.argv[i + 1];
	return value && !value.startsWith('--') ? value : '';
}
const quick = flag('quick') !== undefined;
const reps = Number(flag('reps') ?? (quick ? 1 : 3));
const windowMs = Number(flag('window') ?? (quick ? 5 : 12)) * 1000;
const warmupMs = quick ? 1500 : 3000;
const pointNames = (flag('points') ?? 'a,b,hot,c,cold').split(',').filter(Boolean);
const serverKinds = (flag('servers') ?? 'alur,reference').split(',').filter(Boolean) as ServerKind[];
const profile = flag('profile') !== undefined;
/** --no-caret: keystrokes without the caret moves in awareness that a real editor sends. */
const noCaret = flag('no-caret') !== undefined;

const selectedLoad = LOAD_POINTS.filter((p) => pointNames.includes(p.name));
const seedClients = Math.max(pointNames.includes('cold') ? 1 + COLD_READERS : 0, ...selectedLoad.map((p) => p.clients));
const seedDocs = Math.max(pointNames.includes('cold') ? 2 : 1, ...selectedLoad.map((p) => p.docs));

const runDir = mkdtempSync(path.join(os.tmpdir(), 'alur-bench-'));
const log = (...args: unknown[]) => console.error('[bench]', ...args);

// ---- helpers ------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function orderFor(rep: number): ServerKind[] {
	const kinds = serverKinds.slice();
	return rep % 2 === 0 ? kinds : kinds.reverse();
}

/**
 * Seeds one database for the whole run (enough sessions and documents for the largest point);
 * every repetition copies it, so each server starts on a fresh database.
 */
let seed: { dir: string; seeded: Seeded } | null = null;
async function seededDataDir(clients: number, docs: number): Promise<{ dataDir: string; seeded: Seeded }> {
	if (!seed) {
		const dir = path.join(runDir, 'seed');
		const t = performance.now();
		const seeded = await seedAlur(dir, { clients: seedClients, documents: seedDocs, migrationsDir: path.join(appDir ?? '.', 'drizzle') });
		log(`seeded ${seedClients} sessions, ${seedDocs} documents${seeded.viaCreateDocument ? ' (createDocument)' : ' (documents row)'} in ${Math.round(performance.now() - t)} ms`);
		seed = { dir, seeded };
	}
	if (clients > seed.seeded.cookies.length || docs > seed.seeded.documentIds.length) throw new Error('seed too small');
	const dataDir = path.join(runDir, `db-${++dbCount}`);
	cpSync(seed.dir, dataDir, { recursive: true });
	return { dataDir, seeded: seed.seeded };
}
let dbCount = 0;

function referenceIdentities(clients: number, docs: number): { documentIds: string[]; cookies: string[] } {
	return {
		documentIds: Array.from({ length: docs }, () => crypto.randomUUID()),
		// Same header shape as Alur's; the reference ignores it.
		cookies: Array.from({ length: clients }, (_, i) => `alur_session=reference${i}.${'x'.repeat(40)}`)
	};
}

/** The Alur code under test, copied at the start of the run. */
let appDir: string | undefined;
let serverCount = 0;
async function launch(kind: ServerKind, dataDir?: string): Promise<ServerProcess> {
	serverCount++;
	return startServer(kind, {
		dataDir,
		appDir,
		logFile: path.join(runDir, `${kind}-${serverCount}.log`),
		cpuProfDir: profile && kind === 'alur' ? path.join(runDir, 'profiles') : undefined
	});
}

// ---- load points --------------------------------------------------------------------------

interface LoadMetrics {
	connect_ms: number;
	p50_ms: number;
	p95_ms: number;
	p99_ms: number;
	delivered_per_s: number;
	cpu_s: number;
	rss_mb: number;
	lost: number;
	diverged: number;
	gen_lag_p99_ms: number;
	// Details kept in the raw results file, not in the JSON line.
	idle_rss_mb: number;
	connect_cpu_s: number;
	connected: number;
	closes: number;
	samples: number;
	expected_deliveries: number;
	converge_ms: number;
	gen_cpu_s: number;
	max_ms: number;
	/** Seconds the server / generator main thread waited for a CPU during the window (contention). */
	server_wait_s: number;
	gen_wait_s: number;
	load_avg: number;
	per_second_max_ms: number[];
	/** CLOCK_MONOTONIC µs at the window's edges, to cut a --profile CPU profile to the window. */
	window_monotonic_us: [number, number];
}

async function runLoadOnce(point: LoadPoint, kind: ServerKind): Promise<LoadMetrics> {
	let dataDir: string | undefined;
	let ids: { documentIds: string[]; cookies: string[] };
	if (kind === 'alur') {
		const s = await seededDataDir(point.clients, point.docs);
		dataDir = s.dataDir;
		ids = s.seeded;
	} else ids = referenceIdentities(point.clients, point.docs);

	const server = await launch(kind, dataDir);
	const generator = new Generator();
	try {
		await generator.ready();
		await sleep(300);
		const idle = processMemoryMb(server.pid);
		const perDoc = point.clients / point.docs;
		const plan: LoadPlan = {
			serverUrl: server.serverUrl,
			origin: server.origin,
			ratePerSec: point.rate,
			caret: !noCaret,
			connectConcurrency: 100,
			docs: ids.documentIds.slice(0, point.docs).map((room, d) => ({
				room,
				cookies: ids.cookies.slice(d * perDoc, (d + 1) * perDoc)
			}))
		};
		const cpuBeforeConnect = processCpuSeconds(server.pid);
		const connected = await generator.request({ cmd: 'connect', plan }, 'connected');
		const connectCpu = processCpuSeconds(server.pid) - cpuBeforeConnect;
		if (connected.connected < point.clients) log(`${kind}/${point.name}: only ${connected.connected}/${point.clients} clients synced`);
		await generator.request({ cmd: 'start' }, 'started');
		await sleep(warmupMs);
		const monotonic0 = Number(process.hrtime.bigint() / 1000n);
		const cpu0 = processCpuSeconds(server.pid);
		const serverWait0 = processRunqueueWaitSeconds(server.pid);
		const genWait0 = processRunqueueWaitSeconds(generator.pid);
		await generator.request({ cmd: 'mark' }, 'marked');
		await sleep(windowMs);
		const cpu1 = processCpuSeconds(server.pid);
		const monotonic1 = Number(process.hrtime.bigint() / 1000n);
		const serverWait = processRunqueueWaitSeconds(server.pid) - serverWait0;
		const genWait = processRunqueueWaitSeconds(generator.pid) - genWait0;
		const result: LoadResult = await generator.request(
			{ cmd: 'stop', quietMs: 1000, convergeTimeoutMs: quick ? 10_000 : 20_000 },
			'result'
		);
		const mem = processMemoryMb(server.pid);
		return {
			connect_ms: connected.connectMs,
			p50_ms: result.p50,
			p95_ms: result.p95,
			p99_ms: result.p99,
			delivered_per_s: result.deliveredPerSec,
			cpu_s: cpu1 - cpu0,
			rss_mb: mem.hwm,
			lost: result.lost,
			diverged: result.diverged + (point.clients - connected.connected),
			gen_lag_p99_ms: result.genLagP99,
			idle_rss_mb: idle.rss,
			connect_cpu_s: connectCpu,
			connected: connected.connected,
			closes: result.closes,
			samples: result.samples,
			expected_deliveries: result.expectedDeliveries,
			converge_ms: result.convergeMs,
			gen_cpu_s: result.genCpuS,
			max_ms: result.max,
			server_wait_s: serverWait,
			gen_wait_s: genWait,
			load_avg: loadAverage(),
			per_second_max_ms: result.perSecondMaxMs,
			window_monotonic_us: [monotonic0, monotonic1]
		};
	} finally {
		await generator.exit();
		await server.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	}
}

// ---- cold ---------------------------------------------------------------------------------

interface ColdMetrics {
	synced_ms: number[];
	/** A warm-up client's connect-to-synced time on another document (first after a restart). */
	warmup_ms: number;
	cpu_s: number;
	rss_mb: number;
	lost: number;
	diverged: number;
	gen_lag_p99_ms: number;
	burst: HistoryReply;
}

async function runColdOnce(kind: ServerKind): Promise<ColdMetrics> {
	let dataDir: string | undefined;
	let ids: { documentIds: string[]; cookies: string[] };
	if (kind === 'alur') {
		const s = await seededDataDir(1 + COLD_READERS, 2);
		dataDir = s.dataDir;
		ids = s.seeded;
	} else ids = referenceIdentities(1 + COLD_READERS, 2);
	const room = ids.documentIds[0];

	let server = await launch(kind, dataDir);
	const generator = new Generator();
	try {
		await generator.ready();
		const burst: HistoryReply = await generator.request(
			{
				cmd: 'write-history',
				serverUrl: server.serverUrl,
				origin: server.origin,
				room,
				cookie: ids.cookies[0],
				updates: COLD_UPDATES,
				expectSaved: kind === 'alur'
			},
			'history-written'
		);
		if (kind === 'alur') {
			// A new process: the document can only come from the database.
			await server.stop();
			server = await launch(kind, dataDir);
		}
		await sleep(500);
		const cpu0 = processCpuSeconds(server.pid);
		const read: ColdReply = await generator.request(
			{
				cmd: 'cold-read',
				serverUrl: server.serverUrl,
				origin: server.origin,
				room,
				cookies: ids.cookies.slice(1, 1 + COLD_READERS),
				timeoutMs: 30_000,
				// Alur restarted: open another document first, so the figure is the document's load
				// from the database, not the new process's first query and JIT warm-up.
				warmRoom: ids.documentIds[1]
			},
			'cold-result'
		);
		const cpu1 = processCpuSeconds(server.pid);
		return {
			synced_ms: read.syncedMs,
			warmup_ms: read.warmupMs,
			cpu_s: cpu1 - cpu0,
			rss_mb: processMemoryMb(server.pid).hwm,
			lost: read.lost,
			diverged: read.diverged + read.syncedMs.filter((v) => !Number.isFinite(v)).length,
			gen_lag_p99_ms: read.genLagP99,
			burst
		};
	} finally {
		await generator.exit();
		await server.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	}
}

// ---- output -------------------------------------------------------------------------------

const ratio = (a: number | undefined, b: number | undefined) =>
	a !== undefined && b !== undefined && b > 0 ? round(a / b, 2) : null;

function summariseLoad(runs: LoadMetrics[]) {
	const m = (key: Exclude<keyof LoadMetrics, 'per_second_max_ms' | 'window_monotonic_us'>) => median(runs.map((r) => r[key]));
	return {
		connect_ms: round(m('connect_ms')),
		p50_ms: round(m('p50_ms'), 2),
		p95_ms: round(m('p95_ms'), 2),
		p99_ms: round(m('p99_ms'), 2),
		delivered_per_s: round(m('delivered_per_s')),
		cpu_s: round(m('cpu_s'), 2),
		rss_mb: round(m('rss_mb')),
		// Convergence must hold in every repetition: report the worst, not the median.
		lost: Math.max(...runs.map((r) => r.lost)),
		diverged: Math.max(...runs.map((r) => r.diverged)),
		gen_lag_p99_ms: round(m('gen_lag_p99_ms'), 2)
	};
}

function summariseCold(runs: ColdMetrics[]) {
	return {
		synced_ms: round(median(runs.flatMap((r) => r.synced_ms)), 1),
		cpu_s: round(median(runs.map((r) => r.cpu_s)), 2),
		rss_mb: round(median(runs.map((r) => r.rss_mb))),
		lost: Math.max(...runs.map((r) => r.lost)),
		diverged: Math.max(...runs.map((r) => r.diverged)),
		gen_lag_p99_ms: round(median(runs.map((r) => r.gen_lag_p99_ms)), 2)
	};
}

const raw: Record<string, unknown> = {
	started: new Date().toISOString(),
	host: { cpus: os.cpus().length, pinned: canPin, sched: schedMode, node: process.version },
	settings: { quick, reps, windowMs, warmupMs, servers: serverKinds, caret: !noCaret },
	points: {}
};
const checks: string[] = [];
const check = (ok: boolean, text: string) => checks.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);

async function main(): Promise<void> {
	pinSelf();
	if (serverKinds.includes('alur')) appDir = await snapshotApp(path.join(runDir, 'app'), log);
	log(`run dir ${runDir}; cores ${os.cpus().length}; pinning ${canPin ? 'server→0, generator→1' : 'off'}; priority ${schedMode}`);
	log(`reps ${reps}, warmup ${warmupMs} ms, window ${windowMs} ms, servers ${serverKinds.join(',')}, caret moves ${noCaret ? 'off' : 'on'}`);

	for (const name of pointNames) {
		if (name === 'cold') {
			const runs: Partial<Record<ServerKind, ColdMetrics[]>> = {};
			for (let rep = 0; rep < reps; rep++) {
				for (const kind of orderFor(rep)) {
					const t = performance.now();
					const r = await runColdOnce(kind);
					(runs[kind] ??= []).push(r);
					log(`cold rep ${rep + 1} ${kind}: synced ${r.synced_ms.map((v) => round(v)).join('/')} ms (warm-up on another document ${round(r.warmup_ms)} ms), burst ${round(r.burst.burstMs)} ms, saved +${round(r.burst.savedMs)} ms, observed +${round(r.burst.observedMs)} ms, lost ${r.lost}, diverged ${r.diverged} (${Math.round((performance.now() - t) / 1000)} s)`);
				}
			}
			const alur = runs.alur ? summariseCold(runs.alur) : undefined;
			const reference = runs.reference ? summariseCold(runs.reference) : undefined;
			const line = {
				point: 'cold',
				...(alur ? { alur } : {}),
				...(reference ? { reference } : {}),
				synced_ratio: ratio(alur?.synced_ms, reference?.synced_ms),
				cpu_ratio: ratio(alur?.cpu_s, reference?.cpu_s),
				rss_ratio: ratio(alur?.rss_mb, reference?.rss_mb)
			};
			console.log(JSON.stringify(line));
			const burstLine = {
				point: 'burst',
				updates: COLD_UPDATES,
				...(runs.alur
					? {
							alur: {
								saved_ms: round(median(runs.alur.map((r) => r.burst.savedMs))),
								observed_ms: round(median(runs.alur.map((r) => r.burst.observedMs)))
							}
						}
					: {}),
				...(runs.reference ? { reference: { observed_ms: round(median(runs.reference.map((r) => r.burst.observedMs))) } } : {})
			};
			console.log(JSON.stringify(burstLine));
			(raw.points as Record<string, unknown>).cold = { line, burstLine, runs };
			if (alur && reference) {
				check(alur.synced_ms <= 100, `cold: synced median ${alur.synced_ms} ms ≤ 100 ms`);
				check((line.synced_ratio ?? Infinity) <= 1.2, `cold: synced ratio ${line.synced_ratio} ≤ 1.2 (reference ${reference.synced_ms} ms)`);
			}
			if (runs.alur) {
				const worst = Math.max(...runs.alur.map((r) => (Number.isFinite(r.burst.savedMs) ? r.burst.savedMs : Infinity)));
				check(worst <= 2000, `burst: 10 000 updates saved ${burstLine.alur?.saved_ms} ms after the burst (worst ${round(worst)}) ≤ 2000 ms`);
			}
			if (alur) check(alur.lost === 0 && alur.diverged === 0, `cold: alur lost ${alur.lost}, diverged ${alur.diverged}`);
			continue;
		}
		const point = LOAD_POINTS.find((p) => p.name === name);
		if (!point) throw new Error(`unknown point ${name}`);
		const runs: Partial<Record<ServerKind, LoadMetrics[]>> = {};
		for (let rep = 0; rep < reps; rep++) {
			for (const kind of orderFor(rep)) {
				const t = performance.now();
				const r = await runLoadOnce(point, kind);
				(runs[kind] ??= []).push(r);
				log(
					`${point.name} rep ${rep + 1} ${kind}: connect ${round(r.connect_ms)} ms, p50/95/99 ${round(r.p50_ms, 2)}/${round(r.p95_ms, 2)}/${round(r.p99_ms, 2)} ms (max ${round(r.max_ms)}), ${round(r.delivered_per_s)}/s, ` +
						`samples ${r.samples}/${r.expected_deliveries}, cpu ${round(r.cpu_s, 2)} s, rss ${round(r.rss_mb)} MB (idle ${round(r.idle_rss_mb)}), lost ${r.lost}, diverged ${r.diverged}, ` +
						`closes ${r.closes}, gen lag p99 ${round(r.gen_lag_p99_ms, 1)} ms, gen cpu ${round(r.gen_cpu_s, 1)} s, run-queue wait server ${round(r.server_wait_s, 2)} s gen ${round(r.gen_wait_s, 2)} s, load ${r.load_avg}, max/s ${r.per_second_max_ms.join(',')} (${Math.round((performance.now() - t) / 1000)} s)`
				);
			}
		}
		const alur = runs.alur ? summariseLoad(runs.alur) : undefined;
		const reference = runs.reference ? summariseLoad(runs.reference) : undefined;
		const line = {
			point: point.name,
			...(alur ? { alur } : {}),
			...(reference ? { reference } : {}),
			p99_ratio: ratio(alur?.p99_ms, reference?.p99_ms),
			cpu_ratio: ratio(alur?.cpu_s, reference?.cpu_s),
			rss_ratio: ratio(alur?.rss_mb, reference?.rss_mb)
		};
		console.log(JSON.stringify(line));
		const perConnKb = (rs: LoadMetrics[] | undefined) =>
			rs ? round(median(rs.map((r) => ((r.rss_mb - r.idle_rss_mb) * 1024) / point.clients)), 1) : undefined;
		(raw.points as Record<string, unknown>)[point.name] = {
			line,
			rss_per_connection_kb: { alur: perConnKb(runs.alur), reference: perConnKb(runs.reference) },
			runs
		};
		for (const [kind, s] of Object.entries({ alur, reference })) {
			if (s) check(s.lost === 0 && s.diverged === 0, `${point.name}: ${kind} lost ${s.lost}, diverged ${s.diverged}`);
		}
		if (alur && reference && (point.name === 'a' || point.name === 'b')) {
			check((line.p99_ratio ?? Infinity) <= 1.0, `${point.name}: p99 ratio ${line.p99_ratio} ≤ 1.0 (alur ${alur.p99_ms} ms, reference ${reference.p99_ms} ms)`);
		}
		if (alur && point.name === 'hot') check(alur.p99_ms <= 50, `hot: alur p99 ${alur.p99_ms} ms ≤ 50 ms`);
		if (alur && point.name === 'c') {
			const connectedAll = runs.alur!.every((r) => r.connected === point.clients);
			check(connectedAll && alur.lost === 0 && alur.diverged === 0, `c: all ${point.clients} connected and converged`);
			if (reference) check((line.cpu_ratio ?? Infinity) <= 1.2, `c: cpu ratio ${line.cpu_ratio} ≤ 1.2 (alur ${alur.cpu_s} s, reference ${reference.cpu_s} s)`);
			const kb = perConnKb(runs.alur)!;
			check(kb <= 100, `c: peak RSS ${kb} KB per connection above idle ≤ 100 KB (reference ${perConnKb(runs.reference)} KB)`);
		}
	}

	const rawFile = path.join(runDir, 'results.json');
	writeFileSync(rawFile, JSON.stringify(raw, null, 2));
	if (checks.length) console.error(`\nTargets (issue 3, part 5):\n${checks.map((c) => `  ${c}`).join('\n')}`);
	console.error(`\nraw results: ${rawFile}${profile ? `\nprofiles: ${path.join(runDir, 'profiles')}` : ''}`);
	if (seed) rmSync(seed.dir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		console.error(`run dir: ${runDir} (server logs there)`);
		process.exit(1);
	}
);

