/**
 * The database under Alur's server in a benchmark run: PostgreSQL (the production deployment,
 * default) or embedded PGlite (`--db pglite`, the quick-start mode).
 *
 * PostgreSQL: one seeded database per run, and every repetition gets a fresh copy of it
 * (`CREATE DATABASE … TEMPLATE`). Its backend processes do Alur's database work, so their CPU
 * time is added to the server's. PGlite runs inside the server process, so nothing is needed
 * there beyond a copied data directory.
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { seedAlur, type Seeded } from './seed';
import { processCpuSeconds } from './stats';

export type DatabaseKind = 'postgres' | 'pglite';

/** One Alur server's database: its environment, the CPU it uses outside the server process, and cleanup. */
export interface ServerDatabase {
	env: Record<string, string>;
	/** CPU seconds used by the database outside the server process so far (PGlite: 0). */
	cpuSeconds(): number;
	/** Rows still in the update log of a document, or null where the benchmark cannot look (PGlite). */
	logRows(documentId: string): Promise<number | null>;
	dispose(): Promise<void>;
}

export interface BenchDatabase {
	readonly kind: DatabaseKind;
	readonly description: string;
	seed(options: { clients: number; documents: number; commenters?: number; migrationsDir: string }): Promise<Seeded>;
	fresh(): Promise<ServerDatabase>;
	close(): Promise<void>;
}

export async function openBenchDatabase(kind: DatabaseKind, runDir: string): Promise<BenchDatabase> {
	return kind === 'pglite' ? pgliteDatabase(runDir) : postgresDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

function pgliteDatabase(runDir: string): BenchDatabase {
	const seedDir = path.join(runDir, 'seed');
	let count = 0;
	return {
		kind: 'pglite',
		description: 'PGlite (embedded, in the server process)',
		seed: (options) => seedAlur({ dataDir: seedDir }, options),
		async fresh() {
			const dataDir = path.join(runDir, `db-${++count}`);
			cpSync(seedDir, dataDir, { recursive: true });
			return {
				env: { DATA_DIR: dataDir },
				cpuSeconds: () => 0,
				logRows: async () => null,
				dispose: async () => rmSync(dataDir, { recursive: true, force: true })
			};
		},
		close: async () => rmSync(seedDir, { recursive: true, force: true })
	};
}

async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		await admin`select 1`;
	} catch (error) {
		await admin.end({ timeout: 1 });
		throw new Error(`PostgreSQL at ${adminUrl} is not reachable (${String(error)}); set BENCH_DATABASE_URL or run with --db pglite`);
	}
	const prefix = `alur_bench_${process.pid}`;
	const seedName = `${prefix}_seed`;
	const urlFor = (name: string) => {
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return url.toString();
	};
	const created: string[] = [];
	const drop = async (name: string) => {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
	};
	let count = 0;
	return {
		kind: 'postgres',
		description: `PostgreSQL ${(await admin`show server_version`)[0].server_version} (${new URL(adminUrl).host}; its backends' CPU counted with the server's)`,
		async seed(options) {
			await drop(seedName);
			await admin.unsafe(`create database "${seedName}"`);
			created.push(seedName);
			return seedAlur({ url: urlFor(seedName) }, options);
		},
		async fresh() {
			const name = `${prefix}_${++count}`;
			await admin.unsafe(`create database "${name}" template "${seedName}"`);
			created.push(name);
			const backends = new BackendTracker(admin, name);
			backends.start();
			// One connection for the benchmark's own look into the database, opened on first use.
			let reader: postgres.Sql | null = null;
			return {
				env: { DATABASE_URL: urlFor(name) },
				cpuSeconds: () => backends.cpuSeconds(),
				async logRows(documentId) {
					reader ??= postgres(urlFor(name), { max: 1, onnotice: () => {} });
					const [row] = await reader`select count(*)::int as n from document_updates where document_id = ${documentId}`;
					return row.n as number;
				},
				async dispose() {
					backends.stop();
					await reader?.end({ timeout: 1 });
					await drop(name);
				}
			};
		},
		async close() {
			for (const name of created) await drop(name).catch(() => {});
			await admin.end({ timeout: 1 });
		}
	};
}

/**
 * Finds the backends serving one database (the server opens its pool at start) and sums their
 * CPU time. They are left where the system's PostgreSQL puts them, at its priority: pinning them
 * to the server's core makes every query wait for the server's event loop to yield the core.
 */
class BackendTracker {
	private readonly cpu = new Map<number, { start: number; last: number }>();
	private timer: NodeJS.Timeout | null = null;

	constructor(
		private readonly admin: postgres.Sql,
		private readonly database: string
	) {}

	start(): void {
		const poll = async () => {
			const rows = await this.admin`select pid from pg_stat_activity where datname = ${this.database}`.catch(() => []);
			for (const { pid } of rows as { pid: number }[]) {
				if (this.cpu.has(pid)) continue;
				try {
					const now = processCpuSeconds(pid);
					this.cpu.set(pid, { start: now, last: now });
				} catch {
					// Gone already.
				}
			}
		};
		void poll();
		this.timer = setInterval(() => void poll(), 100);
	}

	cpuSeconds(): number {
		let total = 0;
		for (const [pid, entry] of this.cpu) {
			try {
				entry.last = processCpuSeconds(pid);
			} catch {
				// Exited: its CPU up to the last reading still counts.
			}
			total += entry.last - entry.start;
		}
		return total;
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
	}
}
