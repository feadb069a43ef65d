/**
 * `npm run bench:sync` — Alur's sync server against the reference y-websocket backend
 * (`@y/websocket-server` 0.1.1, in memory) under identical load, alternating per repetition,
 * each repetition on a fresh server process (Alur: a fresh database, real sessions).
 *
 * Prints one JSON line per load point on stdout (issue 3, part 5) and a readable summary with
 * the targets on stderr. Flags:
 *   --quick              1 repetition, shorter windows
 *   --points a,b,hot,c,cold
 *   --reps N             repetitions per point (default 3; cold 5: five readers a repetition)
 *   --window S           measured window in seconds (default 12; quick 5)
 *   --servers alur,reference
 *   --db postgres|pglite Alur's database (default postgres, BENCH_DATABASE_URL or the local server)
 *   --profile            write V8 CPU profiles of the Alur server (--cpu-prof) to the run dir
 *   --no-caret           type without moving the caret in awareness (a real editor moves it)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Generator, canPin, pinSelf, schedMode, snapshotApp, startServer, type ServerKind, type ServerProcess } from './processes';
import type { ColdReply, HistoryReply, LoadPlan, LoadResult } from './protocol';
import { openBenchDatabase, type BenchDatabase, type DatabaseKind, type ServerDatabase } from './database';
import type { Seeded } from './seed';
import { hostCpuTicks, loadAverage, median, processCpuSeconds, processMemoryMb, processRunqueueWaitSeconds, round } from './stats';

interface LoadPoint {
	name: string;
	clients: number;
	docs: number;
	rate: number;
	/** Commenters per document (team mentors), each posting `commentRate` messages a second. */
	commenters?: number;
	commentRate?: number;
}

const LOAD_POINTS: LoadPoint[] = [
	{ name: 'a', clients: 20, docs: 1, rate: 5 },
	{ name: 'b', clients: 200, docs: 20, rate: 2 },
	{ name: 'hot', clients: 100, docs: 1, rate: 1 },
	{ name: 'c', clients: 1000, docs: 100, rate: 1 },
	// Issue 13: point a's 20 editors plus 5 mentors commenting once a second each. Every comment
	// message passes the comment write policy; the ratio to point a's CPU per delivery is its cost.
	{ name: 'review', clients: 20, docs: 1, rate: 5, commenters: 5, commentRate: 1 }
];
/** The comment checks may cost this much more server CPU per delivered update than point a. */
const REVIEW_CPU_BUDGET = 1.1;
const COLD_UPDATES = 10_000;
const COLD_READERS = 5;
/**
 * Before the cold read, other clients open another document this many times, all at once, as
 * on a server that has been serving people: the figure is then the document's load from the
 * database, not a just-started server's first queries on each pooled connection.
 */
const COLD_WARM_ROUNDS = 3;

// ---- arguments ----------------------------------------------------------------------------

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0) return undefined;
	const value = process.argv[i + 1];
	return value && !value.startsWith('--') ? value : '';
}
const quick = flag('quick') !== undefined;
const reps = Number(flag('reps') ?? (quick ? 1 : 3));
/** A cold read gives five samples, all within tens of milliseconds: more repetitions steady its median. */
const coldReps = Number(flag('reps') ?? (quick ? 1 : 5));
const windowMs = Number(flag('window') ?? (quick ? 5 : 12)) * 1000;
const warmupMs = quick ? 1500 : 3000;
const pointNames = (flag('points') ?? 'a,b,hot,c,cold,review').split(',').filter(Boolean);
const serverKinds = (flag('servers') ?? 'alur,reference').split(',').filter(Boolean) as ServerKind[];
const profile = flag('profile') !== undefined;
/** --no-caret: keystrokes without the caret moves in awareness that a real editor sends. */
const noCaret = flag('no-caret') !== undefined;
const databaseKind = (flag('db') || 'postgres') as DatabaseKind;
if (databaseKind !== 'postgres' && databaseKind !== 'pglite') throw new Error(`--db ${databaseKind}: postgres or pglite`);

const selectedLoad = LOAD_POINTS.filter((p) => pointNames.includes(p.name));
const seedClients = Math.max(pointNames.includes('cold') ? 1 + 2 * COLD_READERS : 0, ...selectedLoad.map((p) => p.clients));
const seedDocs = Math.max(pointNames.includes('cold') ? 2 : 1, ...selectedLoad.map((p) => p.docs));
const seedCommenters = Math.max(0, ...selectedLoad.map((p) => (p.commenters ?? 0) * p.docs));

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
 * every repetition gets a copy of it, so each server starts on a fresh database.
 */
let benchDatabase: BenchDatabase | null = null;
let seeded: Seeded | null = null;
async function seededOnce(): Promise<Seeded> {
	if (!benchDatabase) throw new Error('no database opened');
	if (!seeded) {
		const t = performance.now();
		seeded = await benchDatabase.seed({
			clients: seedClients,
			documents: seedDocs,
			commenters: seedCommenters,
			migrationsDir: path.join(appDir ?? '.', 'drizzle')
		});
		log(`seeded ${seedClients} sessions, ${seedDocs} documents${seeded.viaCreateDocument ? ' (createDocument)' : ' (documents row)'} in ${Math.round(performance.now() - t)} ms`);
	}
	return seeded;
}

async function freshDatabase(clients: number, docs: number): Promise<{ database: ServerDatabase; seeded: Seeded }> {
	const seed = await seededOnce();
	if (clients > seed.cookies.length || docs > seed.documentIds.length) throw new Error('seed too small');
	return { database: await benchDatabase!.fresh(), seeded: seed };
}

type Identities = Pick<Seeded, 'documentIds' | 'cookies' | 'commenters'>;

function referenceIdentities(clients: number, docs: number, commenters: number): Identities {
	// Same header shape as Alur's; the reference ignores it.
	const cookie = (i: number) => `alur_session=reference${i}.${'x'.repeat(40)}`;
	return {
		documentIds: Array.from({ length: docs }, () => crypto.randomUUID()),
		cookies: Array.from({ length: clients }, (_, i) => cookie(i)),
		commenters: Array.from({ length: commenters }, (_, i) => ({ cookie: cookie(clients + i), userId: crypto.randomUUID() }))
	};
}

/** The Alur code under test, copied at the start of the run. */
let appDir: string | undefined;
let serverCount = 0;
async function launch(kind: ServerKind, database: ServerDatabase | null): Promise<ServerProcess> {
	serverCount++;
	return startServer(kind, {
		databaseEnv: database?.env,
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
	/** RSS with every client connected and synced, before typing starts. */
	connected_rss_mb: number;
	connect_cpu_s: number;
	/** The part of `cpu_s` spent by Alur's PostgreSQL backends (0 for PGlite and the reference). */
	db_cpu_s: number;
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
	/** Share of the machine's CPU time the hypervisor gave to other guests during the window (%). */
	steal_pct: number;
	per_second_max_ms: number[];
	/** CLOCK_MONOTONIC µs at the window's edges, to cut a --profile CPU profile to the window. */
	window_monotonic_us: [number, number];
}

async function runLoadOnce(point: LoadPoint, kind: ServerKind): Promise<LoadMetrics> {
	let database: ServerDatabase | null = null;
	let ids: Identities;
	const commentersPerDoc = point.commenters ?? 0;
	if (kind === 'alur') {
		const s = await freshDatabase(point.clients, point.docs);
		database = s.database;
		ids = s.seeded;
	} else ids = referenceIdentities(point.clients, point.docs, commentersPerDoc * point.docs);

	const server = await launch(kind, database);
	// The server's CPU includes its database's where that runs in other processes.
	const serverCpu = () => processCpuSeconds(server.pid) + (database?.cpuSeconds() ?? 0);
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
			commentRatePerSec: point.commentRate,
			caret: !noCaret,
			connectConcurrency: 100,
			docs: ids.documentIds.slice(0, point.docs).map((room, d) => ({
				room,
				cookies: ids.cookies.slice(d * perDoc, (d + 1) * perDoc),
				commenters: ids.commenters.slice(d * commentersPerDoc, (d + 1) * commentersPerDoc)
			}))
		};
		const cpuBeforeConnect = serverCpu();
		const connected = await generator.request({ cmd: 'connect', plan }, 'connected');
		const connectCpu = serverCpu() - cpuBeforeConnect;
		const connectedRss = processMemoryMb(server.pid).rss;
		const sockets = point.clients + commentersPerDoc * point.docs;
		if (connected.connected < sockets) log(`${kind}/${point.name}: only ${connected.connected}/${point.clients} clients synced`);
		await generator.request({ cmd: 'start' }, 'started');
		await sleep(warmupMs);
		const monotonic0 = Number(process.hrtime.bigint() / 1000n);
		const cpu0 = serverCpu();
		const dbCpu0 = database?.cpuSeconds() ?? 0;
		const serverWait0 = processRunqueueWaitSeconds(server.pid);
		const genWait0 = processRunqueueWaitSeconds(generator.pid);
		const host0 = hostCpuTicks();
		await generator.request({ cmd: 'mark' }, 'marked');
		await sleep(windowMs);
		const cpu1 = serverCpu();
		const dbCpu1 = database?.cpuSeconds() ?? 0;
		const monotonic1 = Number(process.hrtime.bigint() / 1000n);
		const serverWait = processRunqueueWaitSeconds(server.pid) - serverWait0;
		const genWait = processRunqueueWaitSeconds(generator.pid) - genWait0;
		const host1 = hostCpuTicks();
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
			diverged: result.diverged + (sockets - connected.connected),
			gen_lag_p99_ms: result.genLagP99,
			idle_rss_mb: idle.rss,
			connected_rss_mb: connectedRss,
			connect_cpu_s: connectCpu,
			db_cpu_s: dbCpu1 - dbCpu0,
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
			steal_pct: (100 * (host1.steal - host0.steal)) / (host1.total - host0.total),
			per_second_max_ms: result.perSecondMaxMs,
			window_monotonic_us: [monotonic0, monotonic1]
		};
	} finally {
		await generator.exit();
		await server.stop();
		await database?.dispose();
	}
}

// ---- cold ---------------------------------------------------------------------------------

interface ColdMetrics {
	synced_ms: number[];
	/** How long after the writer left the room was unloaded and its log folded (PostgreSQL only). */
	unloaded_ms: number | null;
	cpu_s: number;
	rss_mb: number;
	lost: number;
	diverged: number;
	gen_lag_p99_ms: number;
	burst: HistoryReply;
}

/** Alur unloads an empty room after saving it, then folds its log into the stored state. */
const UNLOAD_WAIT_MS = 10_000;

async function runColdOnce(kind: ServerKind): Promise<ColdMetrics> {
	let database: ServerDatabase | null = null;
	let ids: Identities;
	if (kind === 'alur') {
		const s = await freshDatabase(1 + 2 * COLD_READERS, 2);
		database = s.database;
		ids = s.seeded;
	} else ids = referenceIdentities(1 + 2 * COLD_READERS, 2, 0);
	const room = ids.documentIds[0];

	const server = await launch(kind, database);
	const serverCpu = () => processCpuSeconds(server.pid) + (database?.cpuSeconds() ?? 0);
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
				expectSaved: kind === 'alur',
				// Alur's document starts with its template; the reference's gets the same content.
				initialState: kind === 'reference' && benchDatabase ? (await seededOnce()).templateState : null
			},
			'history-written'
		);
		// The writer has left. Alur drops the document from memory once it is saved (the next
		// clients get it from the database); the reference keeps it in memory.
		let unloadedMs: number | null = null;
		const left = performance.now();
		if (database) {
			for (;;) {
				const rows = await database.logRows(room);
				if (rows === null) {
					await sleep(3000);
					break;
				}
				if (rows === 0) {
					unloadedMs = performance.now() - left;
					break;
				}
				if (performance.now() - left > UNLOAD_WAIT_MS) throw new Error(`cold: the log still has ${rows} rows ${UNLOAD_WAIT_MS} ms after the writer left`);
				await sleep(50);
			}
		}
		await sleep(500);
		const cpu0 = serverCpu();
		const read: ColdReply = await generator.request(
			{
				cmd: 'cold-read',
				serverUrl: server.serverUrl,
				origin: server.origin,
				room,
				cookies: ids.cookies.slice(1, 1 + COLD_READERS),
				timeoutMs: 30_000,
				expected: burst.history,
				warm: { room: ids.documentIds[1], cookies: ids.cookies.slice(1 + COLD_READERS, 1 + 2 * COLD_READERS), rounds: COLD_WARM_ROUNDS }
			},
			'cold-result'
		);
		const cpu1 = serverCpu();
		return {
			synced_ms: read.syncedMs,
			unloaded_ms: unloadedMs,
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
		await database?.dispose();
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
		/** Server CPU per delivered update (µs): comparable across points with other fan-outs. */
		cpu_per_delivery_us: round(median(runs.map((r) => (r.cpu_s * 1e6) / (r.delivered_per_s * (windowMs / 1000)))), 1),
		rss_mb: round(m('rss_mb')),
		// Convergence must hold in every repetition: report the worst, not the median.
		lost: Math.max(...runs.map((r) => r.lost)),
		diverged: Math.max(...runs.map((r) => r.diverged)),
		gen_lag_p99_ms: round(m('gen_lag_p99_ms'), 2)
	};
}

type LoadSummary = ReturnType<typeof summariseLoad>;
/** Each server's summary of point a in this run, for the review point's comparison. */
const pointA: Partial<Record<ServerKind, LoadSummary>> = {};

/**
 * The review point against point a of the same run: p99 and CPU per delivered update, each
 * server against itself (the reference does no checks: its ratio shows what the extra load
 * alone costs), and Alur's ratio checked against the budget.
 */
function addReviewCost(line: Record<string, unknown>, alur: LoadSummary | undefined, reference: LoadSummary | undefined): void {
	const against = (kind: ServerKind, s: LoadSummary | undefined) => {
		const a = pointA[kind];
		if (!s || !a) return undefined;
		return { a_p99_ms: a.p99_ms, a_cpu_per_delivery_us: a.cpu_per_delivery_us, cpu_per_delivery_ratio: ratio(s.cpu_per_delivery_us, a.cpu_per_delivery_us) };
	};
	line.vs_a = { alur: against('alur', alur), reference: against('reference', reference) };
	const alurVsA = against('alur', alur);
	if (alurVsA)
		check(
			(alurVsA.cpu_per_delivery_ratio ?? Infinity) <= REVIEW_CPU_BUDGET,
			`review: alur CPU per delivered update ${alur!.cpu_per_delivery_us} µs vs point a ${alurVsA.a_cpu_per_delivery_us} µs, ratio ${alurVsA.cpu_per_delivery_ratio} ≤ ${REVIEW_CPU_BUDGET}`
		);
	else log('review: run point a in the same run (--points a,review) for the comparison');
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
	settings: { quick, reps, windowMs, warmupMs, servers: serverKinds, caret: !noCaret, database: databaseKind },
	points: {}
};
const checks: string[] = [];
const check = (ok: boolean, text: string) => checks.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);

async function main(): Promise<void> {
	pinSelf();
	if (serverKinds.includes('alur')) {
		appDir = await snapshotApp(path.join(runDir, 'app'), log);
		benchDatabase = await openBenchDatabase(databaseKind, runDir);
		log(`Alur's database: ${benchDatabase.description}`);
	}
	try {
		await runPoints();
	} finally {
		await benchDatabase?.close();
	}
	const rawFile = path.join(runDir, 'results.json');
	writeFileSync(rawFile, JSON.stringify(raw, null, 2));
	if (checks.length) console.error(`\nTargets (issue 3, part 5):\n${checks.map((c) => `  ${c}`).join('\n')}`);
	console.error(`\nraw results: ${rawFile}${profile ? `\nprofiles: ${path.join(runDir, 'profiles')}` : ''}`);
}

async function runPoints(): Promise<void> {
	log(`run dir ${runDir}; cores ${os.cpus().length}; pinning ${canPin ? 'server→0, generator→1' : 'off'}; priority ${schedMode}`);
	log(`reps ${reps} (cold ${coldReps}), warmup ${warmupMs} ms, window ${windowMs} ms, servers ${serverKinds.join(',')}, caret moves ${noCaret ? 'off' : 'on'}`);

	for (const name of pointNames) {
		if (name === 'cold') {
			const runs: Partial<Record<ServerKind, ColdMetrics[]>> = {};
			for (let rep = 0; rep < coldReps; rep++) {
				for (const kind of orderFor(rep)) {
					const t = performance.now();
					const r = await runColdOnce(kind);
					(runs[kind] ??= []).push(r);
					log(`cold rep ${rep + 1} ${kind}: synced ${r.synced_ms.map((v) => round(v)).join('/')} ms${r.unloaded_ms === null ? '' : ` (unloaded and folded ${round(r.unloaded_ms)} ms after the writer left)`}, burst ${round(r.burst.burstMs)} ms, saved +${round(r.burst.savedMs)} ms, observed +${round(r.burst.observedMs)} ms, lost ${r.lost}, diverged ${r.diverged} (${Math.round((performance.now() - t) / 1000)} s)`);
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
						`samples ${r.samples}/${r.expected_deliveries}, cpu ${round(r.cpu_s, 2)} s (database ${round(r.db_cpu_s, 2)} s), rss ${round(r.rss_mb)} MB (idle ${round(r.idle_rss_mb)}, connected ${round(r.connected_rss_mb)}), lost ${r.lost}, diverged ${r.diverged}, ` +
						`closes ${r.closes}, gen lag p99 ${round(r.gen_lag_p99_ms, 1)} ms, gen cpu ${round(r.gen_cpu_s, 1)} s, run-queue wait server ${round(r.server_wait_s, 2)} s gen ${round(r.gen_wait_s, 2)} s, load ${r.load_avg}, steal ${round(r.steal_pct)} %, max/s ${r.per_second_max_ms.join(',')} (${Math.round((performance.now() - t) / 1000)} s)`
				);
			}
		}
		const steal = Math.max(...Object.values(runs).flatMap((rs) => rs.map((r) => r.steal_pct)));
		if (steal > 5) log(`${point.name}: the hypervisor took up to ${round(steal)} % of the CPU time (steal): latencies are inflated for both servers`);
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
		if (point.name === 'a') Object.assign(pointA, { alur, reference });
		if (point.name === 'review') addReviewCost(line, alur, reference);
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

