/**
 * The load generator: a separate Node process (pinned to its own core by run.ts) that hosts
 * the simulated clients and measures them. It is driven over IPC by run.ts (see protocol.ts),
 * so the orchestrator can read the server's /proc counters at the exact window edges.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { BenchClient, expectedText, sendTimes, type DeliverySink } from './client';
import type { Command, ConnectedReply, LoadPlan, LoadResult, Reply } from './protocol';
import { Samples, percentileSorted } from './stats';

// Every provider registers a process 'exit' listener.
process.setMaxListeners(0);

function send(reply: Reply): void {
	process.send?.(reply);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(predicate: () => boolean, timeoutMs: number, pollMs = 2): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	while (!predicate()) {
		if (performance.now() > deadline) return false;
		await sleep(pollMs);
	}
	return true;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
	return Promise.race([promise, sleep(ms).then(() => 'timeout' as const)]);
}

const eld = monitorEventLoopDelay({ resolution: 10 });

// ---- load points -------------------------------------------------------------------------

let plan: LoadPlan | null = null;
let docs: BenchClient[][] = [];
let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
let deliveredInWindow = 0;
let genCpuAtMark: NodeJS.CpuUsage | null = null;
const latencies = new Samples();

/** Max latency per second of the window, by send time (shows a backlog building or draining). */
let perSecondMax: number[] = [];

const sink: DeliverySink = {
	delivered(latencyMs, sentAt, receivedAt) {
		if (sentAt >= windowStart && sentAt <= windowEnd) {
			latencies.push(latencyMs);
			const second = Math.floor((sentAt - windowStart) / 1000);
			perSecondMax[second] = Math.max(perSecondMax[second] ?? 0, latencyMs);
		}
		if (receivedAt >= windowStart && receivedAt <= windowEnd) deliveredInWindow++;
	}
};

async function connect(p: LoadPlan): Promise<ConnectedReply> {
	plan = p;
	const queue: { doc: number; cookie: string; index: number; commenterId?: string }[] = [];
	docs = p.docs.map(() => []);
	p.docs.forEach((d, doc) => {
		d.cookies.forEach((cookie, index) => queue.push({ doc, cookie, index }));
		d.commenters?.forEach((c, index) => queue.push({ doc, cookie: c.cookie, index: d.cookies.length + index, commenterId: c.userId }));
	});
	const started = performance.now();
	let failed = 0;
	let next = 0;
	const worker = async () => {
		while (next < queue.length) {
			const item = queue[next++];
			const client = new BenchClient({
				serverUrl: p.serverUrl,
				room: p.docs[item.doc].room,
				cookie: item.cookie,
				origin: p.origin,
				name: `bench-${item.doc}-${item.index}`,
				sink,
				caret: p.caret && !item.commenterId,
				commenterId: item.commenterId
			});
			docs[item.doc].push(client);
			if ((await withTimeout(client.whenSynced(), 60_000)) === 'timeout') failed++;
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, p.connectConcurrency) }, worker));
	const all = docs.flat();
	const connected = all.filter((c) => c.syncedAt !== null).length;
	const lastSynced = Math.max(...all.map((c) => c.syncedAt ?? Number.NaN));
	return {
		type: 'connected',
		connectMs: lastSynced - started,
		connected,
		failed,
		closes: all.reduce((n, c) => n + c.closes, 0)
	};
}

function start(): void {
	const all = docs.flat();
	for (const client of all) if (!client.commenterId) client.addParagraph();
	for (const client of all) client.startTyping(client.commenterId ? (plan!.commentRatePerSec ?? 1) : plan!.ratePerSec);
}

/** BENCH_GEN_PROF=<file>: a CPU profile of the generator over the measured window only. */
let profiler: Session | null = null;
async function startWindowProfile(): Promise<void> {
	if (!process.env.BENCH_GEN_PROF) return;
	profiler = new Session();
	profiler.connect();
	await profiler.post('Profiler.enable');
	await profiler.post('Profiler.start');
}
async function stopWindowProfile(): Promise<void> {
	if (!profiler) return;
	const { profile } = await profiler.post('Profiler.stop');
	writeFileSync(process.env.BENCH_GEN_PROF!, JSON.stringify(profile));
	profiler.disconnect();
	profiler = null;
}

function mark(): void {
	windowStart = performance.now();
	deliveredInWindow = 0;
	perSecondMax = [];
	eld.reset();
	eld.enable();
	genCpuAtMark = process.cpuUsage();
}

interface Convergence {
	lost: number;
	diverged: number;
}

/** Lost inserts (missing from at least one replica) and replicas that differ from the majority. */
function checkReplicas(senders: BenchClient[], replicas: BenchClient[]): Convergence {
	let lost = 0;
	const paragraphs = replicas.map((r) => r.paragraphs());
	for (const sender of senders) {
		const commenter = sender.commenterId;
		if (commenter) {
			// Messages the commenter posted that some replica lacks.
			lost += Math.max(0, ...replicas.map((r) => sender.commentCount - r.commentsBy(commenter)));
			continue;
		}
		const expected = expectedText(sender.insertCount);
		let worst = 0;
		for (const map of paragraphs) {
			const actual = map.get(sender.clientId) ?? '';
			let prefix = 0;
			while (prefix < expected.length && actual.charCodeAt(prefix) === expected.charCodeAt(prefix)) prefix++;
			worst = Math.max(worst, expected.length - prefix);
		}
		lost += worst;
	}
	const prints = replicas.map((r) => r.fingerprint());
	const counts = new Map<string, number>();
	for (const f of prints) counts.set(f, (counts.get(f) ?? 0) + 1);
	const majority = Math.max(...counts.values());
	return { lost, diverged: replicas.length - majority };
}

async function stop(quietMs: number, convergeTimeoutMs: number): Promise<LoadResult> {
	windowEnd = performance.now();
	const windowMs = windowEnd - windowStart;
	await stopWindowProfile();
	const genCpu = process.cpuUsage(genCpuAtMark ?? undefined);
	eld.disable();
	const genLagP99 = eld.percentile(99) / 1e6;
	const genLagMax = eld.max / 1e6;
	for (const client of docs.flat()) client.stopTyping();
	const stoppedAt = performance.now();

	let sentInWindow = 0;
	let expectedDeliveries = 0;
	for (const clients of docs) {
		for (const client of clients) {
			const times = sendTimes.get(client.clientId) ?? [];
			let n = 0;
			for (const t of times) if (t !== undefined && t >= windowStart && t <= windowEnd) n++;
			sentInWindow += n;
			expectedDeliveries += n * (clients.length - 1);
		}
	}

	// Quiet period, then wait until every replica has every insert (or give up).
	await sleep(quietMs);
	const expectations = docs.map((clients) => new Map(clients.map((c) => [c.clientId, c.ownClock()])));
	const all = docs.flatMap((clients, i) => clients.map((c) => ({ c, i })));
	await waitUntil(() => all.every(({ c, i }) => c.covers(expectations[i])), convergeTimeoutMs, 20);
	const convergeMs = performance.now() - stoppedAt;

	// A fresh verifier per document reads what the server holds.
	const verifiers = docs.map(
		(clients, i) =>
			new BenchClient({
				serverUrl: plan!.serverUrl,
				room: plan!.docs[i].room,
				cookie: plan!.docs[i].cookies[0],
				origin: plan!.origin,
				name: `verifier-${i}`
			})
	);
	await withTimeout(Promise.all(verifiers.map((v) => v.whenSynced())), convergeTimeoutMs);
	await waitUntil(() => verifiers.every((v, i) => v.covers(expectations[i])), 2_000, 20);

	let lost = 0;
	let diverged = 0;
	docs.forEach((clients, i) => {
		const r = checkReplicas(clients, [...clients, verifiers[i]]);
		lost += r.lost;
		diverged += r.diverged;
	});
	const sorted = latencies.sorted();
	const closes = docs.flat().reduce((n, c) => n + c.closes, 0);
	for (const v of verifiers) v.destroy();
	return {
		type: 'result',
		windowMs,
		p50: percentileSorted(sorted, 50),
		p95: percentileSorted(sorted, 95),
		p99: percentileSorted(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
		samples: sorted.length,
		deliveredPerSec: deliveredInWindow / (windowMs / 1000),
		sentInWindow,
		expectedDeliveries,
		lost,
		diverged,
		convergeMs,
		genLagP99,
		genLagMax,
		closes,
		genCpuS: (genCpu.user + genCpu.system) / 1e6,
		perSecondMaxMs: perSecondMax.map((v) => Math.round(v ?? 0))
	};
}

// ---- cold: history written in one burst, then read by fresh clients -----------------------

async function writeHistory(c: Extract<Command, { cmd: 'write-history' }>): Promise<Reply> {
	const common = { serverUrl: c.serverUrl, room: c.room, cookie: c.cookie, origin: c.origin };
	const writer = new BenchClient({ ...common, name: 'writer' });
	const observer = new BenchClient({ ...common, name: 'observer' });
	if ((await withTimeout(Promise.all([writer.whenSynced(), observer.whenSynced()]), 30_000)) === 'timeout')
		throw new Error('history writer did not sync');
	if (c.initialState) Y.applyUpdate(writer.doc, Buffer.from(c.initialState, 'base64'));
	writer.addParagraph();
	const burstStart = performance.now();
	for (let i = 0; i < c.updates; i++) writer.typeOne();
	const burstEnd = performance.now();
	const expected = new Map([[writer.clientId, writer.ownClock()]]);
	let savedMs = Number.NaN;
	let observedMs = Number.NaN;
	await Promise.all([
		c.expectSaved
			? waitUntil(() => writer.isSaved(), 60_000).then((ok) => {
					if (ok) savedMs = performance.now() - burstEnd;
				})
			: Promise.resolve(),
		waitUntil(() => observer.covers(expected), 60_000).then((ok) => {
			if (ok) observedMs = performance.now() - burstEnd;
		})
	]);
	const history = {
		writerId: writer.clientId,
		insertCount: writer.insertCount,
		fragment: writer.doc.getXmlFragment('default').toString()
	};
	const closes = writer.closes + observer.closes;
	writer.destroy();
	observer.destroy();
	await sleep(200);
	return { type: 'history-written', history, burstMs: burstEnd - burstStart, savedMs, observedMs, closes };
}

async function coldRead(c: Extract<Command, { cmd: 'cold-read' }>): Promise<Reply> {
	const h = c.expected;
	const text = expectedText(h.insertCount);
	for (let round = 0; round < (c.warm?.rounds ?? 0); round++) {
		const warm = c.warm!.cookies.map(
			(cookie, i) => new BenchClient({ serverUrl: c.serverUrl, room: c.warm!.room, cookie, origin: c.origin, name: `warm-${i}` })
		);
		await withTimeout(Promise.all(warm.map((cl) => cl.whenSynced())), c.timeoutMs);
		for (const cl of warm) cl.destroy();
		await sleep(200);
	}
	// Settle this process's own garbage (the warm-up's clients) before the measured read, so a
	// collection of the generator's heap does not land in it (--expose-gc, see processes.ts).
	globalThis.gc?.();
	await sleep(500);
	eld.reset();
	eld.enable();
	const clients = c.cookies.map(
		(cookie, i) => new BenchClient({ serverUrl: c.serverUrl, room: c.room, cookie, origin: c.origin, name: `reader-${i}` })
	);
	await withTimeout(Promise.all(clients.map((cl) => cl.whenSynced())), c.timeoutMs);
	eld.disable();
	const syncedMs = clients.map((cl) => (cl.syncedAt === null ? Number.NaN : cl.syncedAt - cl.createdAt));
	let lost = 0;
	let diverged = 0;
	for (const cl of clients) {
		const actual = cl.paragraphs().get(h.writerId) ?? '';
		let prefix = 0;
		while (prefix < text.length && actual.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
		lost = Math.max(lost, text.length - prefix);
		if (cl.doc.getXmlFragment('default').toString() !== h.fragment) diverged++;
	}
	for (const cl of clients) cl.destroy();
	await sleep(200);
	return { type: 'cold-result', syncedMs, lost, diverged, genLagP99: eld.percentile(99) / 1e6 };
}

// ---- IPC ----------------------------------------------------------------------------------

process.on('message', (raw) => {
	const command = raw as Command;
	void (async () => {
		try {
			switch (command.cmd) {
				case 'connect':
					send(await connect(command.plan));
					break;
				case 'start':
					start();
					send({ type: 'started' });
					break;
				case 'mark':
					await startWindowProfile();
					mark();
					send({ type: 'marked' });
					break;
				case 'stop':
					send(await stop(command.quietMs, command.convergeTimeoutMs));
					break;
				case 'write-history':
					send(await writeHistory(command));
					break;
				case 'cold-read':
					send(await coldRead(command));
					break;
				case 'exit':
					for (const client of docs.flat()) client.destroy();
					setTimeout(() => process.exit(0), 100);
					break;
			}
		} catch (error) {
			send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
		}
	})();
});

process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
