/**
 * `npm run bench:library` — the lesson library's search and related-lessons queries (issue 14)
 * on a large organisation: seeds 100 000 lessons (PGlite: 20 000) of Indonesian public-service
 * text generated from the word list in words.ts, with tags, and 1 000 000 reuses (PGlite:
 * 200 000), then runs a fixed mix of queries through the app's own repository
 * (src/lib/server/repositories/library-search.ts) and prints one JSON line on stdout:
 *
 *   {"db":…,"lessons":…,"reuses":…,"search_p50_ms":…,"search_p95_ms":…,"related_p95_ms":…,"seed_s":…}
 *
 * Progress goes to stderr. Flags:
 *   --db postgres|pglite   default postgres: a fresh database created next to BENCH_DATABASE_URL
 *                          (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end
 *   --lessons N --reuses N override the sizes (trial runs)
 *   --rounds N             measured rounds of the query mix (default 5, after one warm-up round)
 *   --keep                 keep the PostgreSQL database (its name is printed on stderr)
 *   --seeded URL           query a database a --keep run left (no seeding; for tuning queries)
 *
 * Seeding is bulk: lessons in multi-row INSERTs of 1 000, documents, tags and reuses with
 * INSERT … SELECT over generate_series, so the triggers of migration 0006 (search vector, lexicon,
 * reuse counts) run as they do in production, per statement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseKind } from '../../src/lib/server/db/client';
import { lessons, organizations, tags, teams, users } from '../../src/lib/server/db/schema';
import {
	relatedLessons,
	searchLibrary,
	type LibrarySearchInput,
	type LibraryViewer
} from '../../src/lib/server/repositories/library-search';
import type { DocumentType } from '../../src/lib/roles';
import * as W from './words';

// ---- arguments ----------------------------------------------------------------------------

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
const kind: DatabaseKind = flag('db') === 'pglite' ? 'pglite' : 'postgres';
const LESSONS = Number(flag('lessons') ?? (kind === 'pglite' ? 20_000 : 100_000));
const REUSES = Number(flag('reuses') ?? (kind === 'pglite' ? 200_000 : 1_000_000));
const ROUNDS = Number(flag('rounds') ?? 5);
const KEEP = process.argv.includes('--keep');
const SEEDED = flag('seeded');
const benchStart = performance.now();
const TEAMS = 24;
const LESSONS_PER_DOCUMENT = 8;
const TARGET_DOCUMENTS = Math.max(100, Math.round(REUSES / 200));

const log = (message: string) =>
	process.stderr.write(`[bench:library ${((performance.now() - benchStart) / 1000).toFixed(1)} s] ${message}\n`);

// ---- text -----------------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so every run writes the same organisation. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Writer {
	constructor(private readonly random: () => number) {}
	pick<T>(list: readonly T[]): T {
		// Squared: the first words of each list are the common ones, as in real writing.
		return list[Math.floor(this.random() ** 1.6 * list.length)];
	}
	chance(p: number): boolean {
		return this.random() < p;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.random() * (max - min + 1));
	}
	sentence(): string {
		switch (this.int(0, 4)) {
			case 0:
				return cap(`${this.pick(W.SUBJECTS)} ${this.pick(W.VERBS)} ${this.pick(W.OBJECTS)} ${this.pick(W.TIMES)}, ${this.pick(W.CONNECTORS)} ${this.pick(W.PROBLEMS)}.`);
			case 1:
				return `Akar masalahnya: ${this.pick(W.CAUSES)}, ${this.pick(W.CONNECTORS)} ${this.pick(W.PROBLEMS)}.`;
			case 2:
				return `Ke depan kami ${this.pick(W.ACTIONS)} di ${this.pick(W.UNITS)} untuk ${this.pick(W.SERVICES)}.`;
			case 3:
				return cap(`${this.pick(W.SUBJECTS)} di ${this.pick(W.UNITS)} ${this.pick(W.VERBS)} ${this.pick(W.OBJECTS)} ${this.pick(W.CONNECTORS)} ${this.pick(W.CAUSES)}.`);
			default:
				return `Dalam ${this.pick(W.SERVICES)}, ${this.pick(W.PROBLEMS)} ${this.pick(W.TIMES)}.`;
		}
	}
	title(): string {
		switch (this.int(0, 2)) {
			case 0:
				return cap(`${this.pick(W.PROBLEMS)} di ${this.pick(W.SERVICES)}`);
			case 1:
				return cap(`${this.pick(W.ACTIONS)} untuk ${this.pick(W.SERVICES)}`);
			default:
				return cap(`${this.pick(W.SERVICES)}: ${this.pick(W.CAUSES)}`);
		}
	}
	/** 1 to 8 sentences, most short: 60 to 900 characters. */
	body(): string {
		const n = 1 + Math.floor(this.random() ** 2 * 8);
		return Array.from({ length: n }, () => this.sentence()).join(' ');
	}
}

const cap = (s: string) => s.charAt(0).toLocaleUpperCase('id-ID') + s.slice(1);

// ---- database -----------------------------------------------------------------------------

interface BenchDb {
	database: Database;
	description: string;
	dispose(): Promise<void>;
}

async function openBench(): Promise<BenchDb> {
	if (SEEDED) {
		const database = await openDatabase({ url: SEEDED, dataDir: '', migrationsDir: './drizzle', poolSize: 2 });
		return { database, description: `seeded ${SEEDED}`, dispose: () => database.close() };
	}
	if (kind === 'pglite') {
		// On disk, as the quick start runs it.
		const dir = mkdtempSync(path.join(os.tmpdir(), 'alur-bench-library-'));
		const database = await openDatabase({ dataDir: dir, migrationsDir: './drizzle' });
		return {
			database,
			description: `PGlite in ${dir}`,
			dispose: async () => {
				await database.close();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const name = `alur_bench_library_${process.pid}`;
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.href, dataDir: '', migrationsDir: './drizzle', poolSize: 2 });
	return {
		database,
		description: `PostgreSQL database ${name}`,
		dispose: async () => {
			await database.close();
			if (KEEP) log(`kept ${url.href}`);
			else await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

async function rows<T>(db: Database['db'], query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

interface Seeded {
	orgId: string;
	userId: string;
	teamIds: string[];
	tagIds: Map<string, string>;
	lessons: number;
	reuses: number;
}

async function seed(db: Database['db']): Promise<Seeded> {
	const writer = new Writer(rng(14));
	const userId = crypto.randomUUID();
	const orgId = crypto.randomUUID();
	await db.insert(users).values({ id: userId, email: 'bench@example.go.id', name: 'Bench', passwordHash: 'x' });
	await db.insert(organizations).values({ id: orgId, name: 'Pemerintah Kabupaten Contoh' });
	const teamIds = Array.from({ length: TEAMS }, () => crypto.randomUUID());
	await db.insert(teams).values(teamIds.map((id, i) => ({ id, orgId, name: `${W.UNITS[i % W.UNITS.length]} ${Math.floor(i / W.UNITS.length) + 1}` })));

	// Tags: parents, then children.
	const tagIds = new Map<string, string>();
	for (const [parent, children] of W.TAGS) {
		const parentId = crypto.randomUUID();
		tagIds.set(parent, parentId);
		await db.insert(tags).values({ id: parentId, orgId, name: parent });
		for (const child of children) {
			const id = crypto.randomUUID();
			tagIds.set(child, id);
			await db.insert(tags).values({ id, orgId, name: child, parentId });
		}
	}

	// Source documents (failure analyses and retrospectives, a third organisation-wide) and the
	// SOP improvements that reuse lessons, spread over the teams.
	const sourceDocuments = Math.ceil(LESSONS / LESSONS_PER_DOCUMENT);
	await db.execute(sql`
		insert into documents (id, org_id, team_id, type, title, visibility, created_at, updated_at)
		select gen_random_uuid(), ${orgId}, t.id,
			case when g % 3 = 0 then 'retrospective' else 'failure_analysis' end,
			'Dokumen sumber ' || g, case when g % 3 = 1 then 'organisation' else 'team' end, now(), now()
		from generate_series(1, ${sourceDocuments}) g
		join (select id, (row_number() over (order by id) - 1)::int as ix from teams where org_id = ${orgId}) t on t.ix = g % ${TEAMS}`);
	await db.execute(sql`
		insert into documents (id, org_id, team_id, type, title, visibility, created_at, updated_at)
		select gen_random_uuid(), ${orgId}, t.id, 'sop_improvement', 'Perbaikan SOP ' || g, 'organisation', now(), now()
		from generate_series(1, ${TARGET_DOCUMENTS}) g
		join (select id, (row_number() over (order by id) - 1)::int as ix from teams where org_id = ${orgId}) t on t.ix = g % ${TEAMS}`);
	const sources = await rows<{ id: string; team_id: string }>(
		db,
		sql`select id, team_id from documents where org_id = ${orgId} and type <> 'sop_improvement' order by title`
	);

	// Lessons: 70 % published, 12 % proposed, 12 % draft, 6 % retired; over three years.
	const started = Date.parse('2024-01-01T00:00:00Z');
	const span = 3 * 365 * 86_400_000;
	const BATCH = 1000;
	for (let done = 0; done < LESSONS; done += BATCH) {
		const batch = Array.from({ length: Math.min(BATCH, LESSONS - done) }, (_, i) => {
			const n = done + i;
			const source = sources[Math.floor(n / LESSONS_PER_DOCUMENT) % sources.length];
			const r = writer.int(0, 99);
			const status = r < 70 ? 'published' : r < 82 ? 'proposed' : r < 94 ? 'draft' : 'retired';
			const createdAt = new Date(started + Math.floor((n / LESSONS) * span));
			const everPublished = status === 'published' || status === 'retired';
			return {
				id: crypto.randomUUID(),
				orgId,
				sourceDocumentId: source.id,
				originDocumentId: source.id,
				originTeamId: source.team_id,
				blockId: crypto.randomUUID(),
				title: writer.title(),
				body: writer.body(),
				status: status as 'published' | 'proposed' | 'draft' | 'retired',
				libraryTitle: everPublished && writer.chance(0.3) ? writer.title() : null,
				librarySummary: everPublished && writer.chance(0.5) ? `Pelajaran: ${writer.pick(W.ACTIONS)} agar ${writer.pick(W.PROBLEMS)} tidak terulang.` : null,
				createdAt,
				updatedAt: createdAt,
				publishedAt: everPublished ? new Date(createdAt.getTime() + writer.int(1, 30) * 86_400_000) : null,
				retireReason: status === 'retired' ? 'Sudah tidak berlaku' : null
			};
		});
		await db.insert(lessons).values(batch);
		if ((done / BATCH) % 10 === 9 || done + BATCH >= LESSONS) log(`lessons ${Math.min(done + BATCH, LESSONS)}/${LESSONS}`);
	}

	// Tags on lessons: one or two each, children and parents.
	await db.execute(sql`create table bench_tag_ix as select (row_number() over (order by name))::int as n, id from tags where org_id = ${orgId}`);
	const tagCount = tagIds.size;
	for (const salt of ['a', 'b']) {
		await db.execute(sql`
			insert into lesson_tags (org_id, lesson_id, tag_id)
			select ${orgId}, l.id, t.id from lessons l
			join bench_tag_ix t on t.n = 1 + abs(hashtext(l.id::text || ${salt})) % ${tagCount}
			where l.org_id = ${orgId} and (${salt} = 'a' or abs(hashtext(l.id::text)) % 2 = 0)
			on conflict do nothing`);
	}
	log('tags on lessons');

	// Reuses: popular lessons are reused far more (power law), by SOP improvements of every team.
	await db.execute(sql`create table bench_lesson_ix as select (row_number() over (order by id))::int as n, id from lessons where org_id = ${orgId} and status = 'published'`);
	await db.execute(sql`create unique index on bench_lesson_ix (n)`);
	await db.execute(sql`create table bench_target_ix as select (row_number() over (order by id))::int as n, id, team_id from documents where org_id = ${orgId} and type = 'sop_improvement'`);
	await db.execute(sql`create unique index on bench_target_ix (n)`);
	const [{ published }] = await rows<{ published: number }>(db, sql`select count(*)::int as published from bench_lesson_ix`);
	// Like any bulk import: the per-statement reuse-count trigger would rewrite every lesson row
	// once per batch (and the table with it); it is off while the rows go in, and the counts are
	// set once afterwards — the same numbers the trigger keeps (tests/integration/library-search).
	await db.execute(sql`alter table lesson_reuses disable trigger lesson_reuses_count_insert`);
	const REUSE_BATCH = 100_000;
	for (let done = 0; done < REUSES; done += REUSE_BATCH) {
		const count = Math.min(REUSE_BATCH, REUSES - done);
		await db.execute(sql`
			insert into lesson_reuses (id, org_id, lesson_id, document_id, origin_document_id, origin_team_id, block_id, created_at, updated_at)
			select gen_random_uuid(), ${orgId}, l.id, t.id, t.id, t.team_id, gen_random_uuid(), r.at, r.at
			from (
				select 1 + floor(power(random(), 3) * ${published})::int as ln,
					1 + floor(random() * ${TARGET_DOCUMENTS})::int as tn,
					now() - random() * interval '700 days' as at
				from generate_series(1, ${count})
			) r
			join bench_lesson_ix l on l.n = r.ln
			join bench_target_ix t on t.n = r.tn`);
		log(`reuses ${done + count}/${REUSES}`);
	}
	await db.execute(sql`alter table lesson_reuses enable trigger lesson_reuses_count_insert`);
	await db.execute(sql`
		update lessons l set reuse_count = c.n
		from (select lesson_id, count(*)::int as n from lesson_reuses where removed_at is null group by lesson_id) c
		where l.id = c.lesson_id`);
	log('reuse counts');
	for (const table of ['bench_tag_ix', 'bench_lesson_ix', 'bench_target_ix']) await db.execute(sql.raw(`drop table ${table}`));
	log('vacuum');
	// The count update left a dead version of most lesson rows: compact, as after an import.
	await db.execute(sql`vacuum full lessons`);
	await db.execute(sql`vacuum analyze`);
	const [{ n: reuses }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from lesson_reuses`);
	return { orgId, userId, teamIds, tagIds, lessons: LESSONS, reuses };
}

/** What a --keep run seeded, read back. */
async function readSeeded(db: Database['db']): Promise<Seeded> {
	const [org] = await rows<{ id: string }>(db, sql`select id from organizations limit 1`);
	const [user] = await rows<{ id: string }>(db, sql`select id from users limit 1`);
	const teamRows = await rows<{ id: string; name: string }>(db, sql`select id, name from teams where org_id = ${org.id}`);
	// Seeded names sort in creation order of the units list.
	const order = (name: string) => {
		const i = W.UNITS.findIndex((u) => name.startsWith(u + ' '));
		return Number(name.split(' ').at(-1)) * 100 + i;
	};
	const teamIds = teamRows.sort((a, b) => order(a.name) - order(b.name)).map((t) => t.id);
	const tagRows = await rows<{ id: string; name: string }>(db, sql`select id, name from tags where org_id = ${org.id}`);
	const [{ n: lessonCount }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from lessons`);
	const [{ n: reuses }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from lesson_reuses`);
	return { orgId: org.id, userId: user.id, teamIds, tagIds: new Map(tagRows.map((t) => [t.name, t.id])), lessons: lessonCount, reuses };
}

// ---- queries --------------------------------------------------------------------------------

function searchMix(s: Seeded): { viewer: 'member' | 'curator'; input: LibrarySearchInput }[] {
	const q = (query: string, extra: Partial<LibrarySearchInput> = {}) => ({ viewer: 'member' as const, input: { query, ...extra } });
	const yearAgo = new Date(Date.parse('2026-12-31T00:00:00Z') - 365 * 86_400_000);
	return [
		...W.QUERY_WORDS.map((w) => q(w)),
		...W.QUERY_PHRASES.map((w) => q(w)),
		...W.QUERY_MULTI.map((w) => q(w)),
		...W.QUERY_TYPOS.map((w) => q(w)),
		q('pelayanan', { tagIds: [s.tagIds.get('Pelayanan')!] }),
		q('printer', { tagIds: [s.tagIds.get('Peralatan')!, s.tagIds.get('Aplikasi')!] }),
		q('berkas', { teamIds: [s.teamIds[3]] }),
		q('antrean', { documentTypes: ['retrospective'] }),
		q('pelayanan', { from: yearAgo }),
		q('pelayanan', { sort: 'most_reused' }),
		q('antrean', { sort: 'newest' }),
		q('jaringan', { page: 3 }),
		q('', { sort: 'most_reused' }),
		q(''),
		q('', { tagIds: [s.tagIds.get('SOP')!] }),
		{ viewer: 'curator', input: { query: 'pelayanan', statuses: ['proposed'] } },
		{ viewer: 'curator', input: { query: '', statuses: ['proposed'], sort: 'newest' } },
		{ viewer: 'curator', input: { query: 'verifkasi', statuses: ['draft', 'proposed', 'published'] } }
	];
}

function relatedMix(): { text: string; title: string; type: DocumentType }[] {
	const writer = new Writer(rng(2026));
	const types: DocumentType[] = ['failure_analysis', 'sop_improvement', 'retrospective'];
	return Array.from({ length: 20 }, (_, i) => ({
		text: Array.from({ length: writer.int(2, 5) }, () => writer.sentence()).join(' '),
		title: writer.title(),
		type: types[i % 3]
	}));
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
	const bench = await openBench();
	log(`${bench.description}: seeding ${LESSONS} lessons and ${REUSES} reuses`);
	try {
		const db = bench.database.db;
		const seedStart = performance.now();
		const seeded = SEEDED ? await readSeeded(db) : await seed(db);
		const seedSeconds = (performance.now() - seedStart) / 1000;
		log(`seeded in ${seedSeconds.toFixed(1)} s (${seeded.reuses} reuses)`);

		const viewers: Record<'member' | 'curator', LibraryViewer> = {
			member: { orgId: seeded.orgId, userId: seeded.userId, curator: false, teamIds: [seeded.teamIds[0]] },
			curator: { orgId: seeded.orgId, userId: seeded.userId, curator: true, teamIds: [] }
		};
		const searches = searchMix(seeded);
		const related = relatedMix();
		const searchMs: number[] = [];
		const relatedMs: number[] = [];
		const slowest = new Map<string, number>();
		for (let round = 0; round <= ROUNDS; round++) {
			const measured = round > 0;
			for (const { viewer, input } of searches) {
				const t = performance.now();
				await searchLibrary(db, viewers[viewer], input);
				const ms = performance.now() - t;
				if (measured) {
					searchMs.push(ms);
					const key = JSON.stringify(input);
					slowest.set(key, Math.max(slowest.get(key) ?? 0, ms));
				}
			}
			for (const input of related) {
				const t = performance.now();
				await relatedLessons(db, seeded.orgId, input);
				if (measured) relatedMs.push(performance.now() - t);
			}
			log(round === 0 ? 'warm-up round done' : `round ${round}/${ROUNDS} done`);
		}
		const worst = [...slowest.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
		for (const [query, ms] of worst) log(`slowest: ${ms.toFixed(1)} ms ${query}`);
		log(`related p50 ${percentile(relatedMs, 50).toFixed(1)} ms, max ${Math.max(...relatedMs).toFixed(1)} ms`);
		process.stdout.write(
			JSON.stringify({
				db: kind,
				lessons: seeded.lessons,
				reuses: seeded.reuses,
				search_p50_ms: round2(percentile(searchMs, 50)),
				search_p95_ms: round2(percentile(searchMs, 95)),
				related_p95_ms: round2(percentile(relatedMs, 95)),
				seed_s: round2(seedSeconds)
			}) + '\n'
		);
	} finally {
		await bench.dispose();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
