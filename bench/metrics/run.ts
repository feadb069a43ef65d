/**
 * `npm run bench:metrics` — the impact dashboard (issue 15) on a large organisation: seeds
 * 100 000 lessons, 1 000 000 reuses, 50 000 process changes, 500 000 measurements, 20 000 action
 * items and the 70:20:10 mix's events (people, edit days, comments, mentions, reviews, training),
 * then times the dashboard page's whole server load (src/lib/server/impact-view.ts, as
 * o/[orgId]/impact/+page.server.ts runs it) for one team's year and the whole organisation's,
 * and its statements alone, and prints one JSON line on stdout:
 *
 *   {"db":…,"funnel_p50_ms":…,"funnel_p95_ms":…,"dashboard_p95_ms":…,"org_dashboard_p95_ms":…, …}
 *
 * The database is the configured one: `DATABASE_URL` set → that PostgreSQL database (migrated
 * first; the bench's organisation is added next to whatever is there, and found again by name
 * on the next run, so a second run only measures; `--reseed` deletes it and seeds again).
 * Without `DATABASE_URL`, PGlite in a temporary directory (never the app's ./data), full size too
 * (seeding takes ~6 minutes there). `BENCH_METRICS_SCALE` (e.g. 0.2, or 0.02 for a trial)
 * scales every table on either database. Progress goes to stderr.
 *
 * Flags: --rounds N (measured rounds, default 5, after one warm-up), --reseed, --drop (delete
 * the bench organisation at the end).
 *
 * Seeding is INSERT … SELECT over generate_series with ids derived from the row number
 * (md5 → version 4 uuid), so related rows find each other without a round trip; the reuse-count trigger
 * is off while reuses go in and the counts are set once afterwards (as bench/library does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { loadActionRows, loadFunnel, loadFunnelStageRows, loadImpactDashboard } from '../../src/lib/server/repositories/metrics';
import { loadTeamActivityMix } from '../../src/lib/server/repositories/activity';
import { loadImpactView } from '../../src/lib/server/impact-view';
import { actionsTable, funnelTable, mostReusedTable, teamsTable, trendTable } from '../../src/lib/impact/tables';
import type { MetricScope } from '../../src/lib/metrics/types';
import { jakartaDay } from '../../src/lib/metrics/days';

// ---- arguments ----------------------------------------------------------------------------

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
const URL_ = process.env.DATABASE_URL || undefined;
const kind = URL_ ? 'postgres' : 'pglite';
const SCALE = Number(process.env.BENCH_METRICS_SCALE ?? 1);
const ROUNDS = Number(flag('rounds') ?? 5);
const RESEED = process.argv.includes('--reseed');
const DROP = process.argv.includes('--drop');
/** Samples of the organisation's views per round. */
const ORG_SAMPLES = 2;

const size = (n: number) => Math.max(1, Math.round(n * SCALE));
const LESSONS = size(100_000);
const REUSES = size(1_000_000);
const CHANGES = size(50_000);
const MEASUREMENTS = size(500_000);
const ACTIONS = size(20_000);
const TEAMS = 20;
const LESSONS_PER_DOCUMENT = 5;
const DOCUMENTS = Math.ceil(LESSONS / LESSONS_PER_DOCUMENT);
// The learning-activity events the dashboard's 70:20:10 mix counts (scaled like the rest).
const USERS = Math.max(TEAMS, size(400));
const EDIT_DAYS = size(200_000);
const COMMENTS = size(100_000);
const MENTIONS = size(30_000);
const REVIEWS = size(10_000);
const TRAINING = size(4_000);
// `a2`: seeded with activity, reuses spread over time and version 4 uuids; an organisation of
// an earlier seed has another name and is seeded again.
const ORG_NAME = `Bench metrics ${LESSONS}/${REUSES}/${CHANGES}/${MEASUREMENTS}/${ACTIONS} a2`;

const benchStart = performance.now();
const log = (message: string) =>
	process.stderr.write(`[bench:metrics ${((performance.now() - benchStart) / 1000).toFixed(1)} s] ${message}\n`);

// ---- database -----------------------------------------------------------------------------

async function openBench(): Promise<{ database: Database; description: string; dispose(): Promise<void> }> {
	if (URL_) {
		const database = await openDatabase({ url: URL_, dataDir: '', migrationsDir: './drizzle', poolSize: 4 });
		return { database, description: `PostgreSQL ${new URL(URL_).pathname.slice(1)}`, dispose: () => database.close() };
	}
	const dir = mkdtempSync(path.join(os.tmpdir(), 'alur-bench-metrics-'));
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

async function rows<T>(db: Database['db'], query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

// ---- seeding --------------------------------------------------------------------------------

/**
 * A uuid derived from the organisation, a table letter and a row number (SQL expression), with
 * the version 4 and variant bits set: the app refuses other uuids in addresses (a bare md5 made
 * every `?team=` invalid, and the page fell back to the whole organisation).
 */
const idOf = (orgId: string, table: string, n: SQL) =>
	sql`overlay(overlay(md5(${orgId}::text || ${table} || (${n})::text) placing '4' from 13) placing '8' from 17)::uuid`;
/** The team of document d (1-based), as a uuid expression. */
const teamOfDoc = (orgId: string, d: SQL) => idOf(orgId, 't', sql`(${d}) % ${TEAMS}`);
/** The document lesson k was written in. */
const docOfLesson = (k: SQL) => sql`((${k}) - 1) / ${LESSONS_PER_DOCUMENT} + 1`;

const PER_TEAM = Math.floor(USERS / TEAMS);
/** Member k (0-based, wrapped) of the team of document d: users are dealt to teams round-robin. */
const memberOf = (orgId: string, d: SQL, k: SQL) => idOf(orgId, 'u', sql`(${d}) % ${TEAMS} + ${TEAMS} * ((${k}) % ${PER_TEAM})`);
/** A hash of n and a salt in [0, mod), as SQL. */
const hashOf = (n: SQL, salt: string, mod: number) => sql`abs(hashtext((${n})::text || ${salt})) % ${mod}`;

/** Inserts `total` rows in chunks with a progress line each. */
async function chunked(label: string, total: number, chunk: number, insert: (from: number, to: number) => PromiseLike<unknown>): Promise<void> {
	for (let from = 1; from <= total; from += chunk) {
		const to = Math.min(total, from + chunk - 1);
		await insert(from, to);
		log(`${label} ${to}/${total}`);
	}
}

async function seed(db: Database['db']): Promise<string> {
	const orgId = crypto.randomUUID();
	// Named when complete: an interrupted seed is never measured (and is deleted on the next run).
	await db.execute(sql`insert into organizations (id, name) values (${orgId}, 'Bench metrics (seeding)')`);
	await db.execute(sql`
		insert into teams (id, org_id, name)
		select ${idOf(orgId, 't', sql`g`)}, ${orgId}, 'Bidang ' || lpad(g::text, 2, '0')
		from generate_series(0, ${TEAMS - 1}::int) g`);
	// People: PER_TEAM per team, every one a member of the organisation and of one team. User 0
	// is the one the bench opens the dashboard as.
	await db.execute(sql`
		insert into users (id, email, name, password_hash)
		select ${idOf(orgId, 'u', sql`g`)}, 'bench-metrics-' || ${orgId} || '-' || g || '@bench.invalid', 'Pegawai ' || g, 'x'
		from generate_series(0, ${TEAMS * PER_TEAM - 1}::int) g`);
	await db.execute(sql`
		insert into org_members (org_id, user_id, role)
		select ${orgId}, ${idOf(orgId, 'u', sql`g`)}, 'member' from generate_series(0, ${TEAMS * PER_TEAM - 1}::int) g`);
	await db.execute(sql`
		insert into team_members (team_id, user_id, role)
		select ${idOf(orgId, 't', sql`g % ${TEAMS}`)}, ${idOf(orgId, 'u', sql`g`)}, case when g < ${TEAMS} then 'mentor' else 'member' end
		from generate_series(0, ${TEAMS * PER_TEAM - 1}::int) g`);
	// Documents written over three years by a member of their team.
	await db.execute(sql`
		insert into documents (id, org_id, team_id, type, title, visibility, created_by, created_at)
		select ${idOf(orgId, 'd', sql`g`)}, ${orgId}, ${teamOfDoc(orgId, sql`g`)},
			(array['failure_analysis', 'sop_improvement', 'retrospective'])[1 + g % 3], 'Dokumen ' || g, 'organisation',
			${memberOf(orgId, sql`g`, hashOf(sql`g`, 'w', PER_TEAM))}, now() - ${hashOf(sql`g`, 'c', 1095)} * interval '1 day'
		from generate_series(1, ${DOCUMENTS}::int) g`);
	log(`${TEAMS} teams, ${TEAMS * PER_TEAM} people, ${DOCUMENTS} documents`);

	// Lessons over three years up to now (by a hash of the number: the team is the number's
	// document's, so anything periodic in it would give teams different mixes): 85 % published,
	// 5 % retired, 4 % merged into the first lesson of their fifty (always published), 6 % draft
	// or proposed.
	await chunked('lessons', LESSONS, 20_000, (from, to) =>
		db.execute(sql`
			insert into lessons (id, org_id, source_document_id, origin_document_id, origin_team_id, block_id, title, body,
				status, merged_into, published_at, library_title)
			select ${idOf(orgId, 'l', sql`g`)}, ${orgId}, ${idOf(orgId, 'd', docOfLesson(sql`g`))}, ${idOf(orgId, 'd', docOfLesson(sql`g`))},
				${teamOfDoc(orgId, docOfLesson(sql`g`))}, ${idOf(orgId, 'b', sql`g`)},
				'Pelajaran ' || g, 'Isi pelajaran ' || g,
				case when g % 50 = 1 or h.s < 85 then 'published' when h.s < 90 then 'retired' when h.s < 94 then 'merged'
					when h.s % 2 = 0 then 'draft' else 'proposed' end,
				case when g % 50 <> 1 and h.s between 90 and 93 then ${idOf(orgId, 'l', sql`g - g % 50 + 1`)} end,
				case when g % 50 = 1 or h.s < 94 then now() - h.d * interval '1 day' - (g % 86400) * interval '1 second' end,
				case when g % 7 = 0 then 'Pustaka ' || g end
			from generate_series(${from}::int, ${to}::int) g
			cross join lateral (select abs(hashtext(g::text || 's')) % 100 as s, abs(hashtext(g::text || 'p')) % 1095 as d) h`)
	);

	// Reuses: four lessons in ten are ever reused (chosen by a hash), the popular ones far more
	// (squared), each in another document (1 % in their own, which do not count), 5 % removed,
	// made on a day between the lesson's publication and now.
	await db.execute(sql`drop table if exists bench_metrics_reusable`);
	await db.execute(sql`
		create table bench_metrics_reusable as
		select (row_number() over (order by k))::int as n, k from generate_series(1, ${LESSONS}::int) k
		where abs(hashtext(k::text || 'r')) % 10 < 4`);
	await db.execute(sql`create unique index on bench_metrics_reusable (n)`);
	const [{ reusable }] = await rows<{ reusable: number }>(db, sql`select count(*)::int as reusable from bench_metrics_reusable`);
	await db.execute(sql`alter table lesson_reuses disable trigger lesson_reuses_count_insert`);
	await chunked('reuses', REUSES, 100_000, (from, to) =>
		db.execute(sql`
			insert into lesson_reuses (id, org_id, lesson_id, document_id, origin_document_id, origin_team_id, block_id, removed_at,
				created_at)
			select ${idOf(orgId, 'r', sql`r.g`)}, ${orgId}, ${idOf(orgId, 'l', sql`r.k`)}, ${idOf(orgId, 'd', sql`r.d`)},
				${idOf(orgId, 'd', sql`r.d`)}, ${teamOfDoc(orgId, sql`r.d`)}, ${idOf(orgId, 'rb', sql`r.g`)},
				case when r.g % 20 = 0 then now() end,
				now() - floor(random() * (1 + ${hashOf(sql`r.k`, 'p', 1095)})) * interval '1 day'
			from (
				select s.g, s.k, case when s.g % 100 = 0 then ${docOfLesson(sql`s.k`)}
					else (${docOfLesson(sql`s.k`)} + s.hop - 1) % ${DOCUMENTS} + 1 end as d
				from (
					select p.g, x.k, p.hop
					from (
						select g, 1 + floor(power(random(), 2) * ${reusable})::int as n, 1 + floor(random() * ${Math.max(1, DOCUMENTS - 1)})::int as hop
						from generate_series(${from}::int, ${to}::int) g
					) p join bench_metrics_reusable x on x.n = p.n
				) s
			) r`)
	);
	await db.execute(sql`alter table lesson_reuses enable trigger lesson_reuses_count_insert`);
	// Fresh statistics first: after an earlier seed was deleted they describe its organisation,
	// and the planner's nested loop over "no lessons of this org" ran for minutes.
	await db.execute(sql`analyze lessons, lesson_reuses`);
	await db.execute(sql`
		update lessons l set reuse_count = c.n
		from (select lesson_id, count(*)::int as n from lesson_reuses where org_id = ${orgId} and removed_at is null group by lesson_id) c
		where l.org_id = ${orgId} and l.id = c.lesson_id`);
	log('reuse counts');

	// Process changes: each names one or two reused lessons, popular ones more; one in ten names
	// a lesson of its own document by block id. 80 % with a baseline, 60 % a target, 70 % implemented.
	await chunked('process changes', CHANGES, 25_000, (from, to) =>
		db.execute(sql`
			insert into process_changes (id, org_id, document_id, origin_document_id, origin_team_id, block_id, indicator, unit,
				direction, baseline, target, linked_lesson_ids, implemented_on, removed_at)
			select ${idOf(orgId, 'c', sql`s.g`)}, ${orgId}, ${idOf(orgId, 'd', sql`s.d`)}, ${idOf(orgId, 'd', sql`s.d`)},
				${teamOfDoc(orgId, sql`s.d`)}, ${idOf(orgId, 'cb', sql`s.g`)}, 'Waktu layanan ' || s.g, 'hari',
				case when s.g % 2 = 0 then 'decrease' else 'increase' end,
				case when s.g % 5 <> 0 then 20 end,
				case when s.g % 5 in (1, 2, 3) then case when s.g % 2 = 0 then 12 else 28 end end,
				case when s.g % 10 = 0 then jsonb_build_array(${idOf(orgId, 'b', sql`s.k`)}::text)
					when s.g % 3 = 0 then jsonb_build_array(${idOf(orgId, 'l', sql`s.k`)}::text, ${idOf(orgId, 'l', sql`s.k2`)}::text)
					else jsonb_build_array(${idOf(orgId, 'l', sql`s.k`)}::text) end,
				case when s.g % 10 < 7 then current_date - (s.g * 31 % 900) end,
				case when s.g % 33 = 0 then now() end
			from (
				select t.g, t.k, t.k2, case when t.g % 10 = 0 then ${docOfLesson(sql`t.k`)} else 1 + (t.g * 7 % ${DOCUMENTS}) end as d
				from (
					select p.g, x.k, x2.k as k2
					from (
						select g, 1 + floor(power(random(), 2) * ${reusable})::int as n, 1 + floor(random() * ${reusable})::int as n2
						from generate_series(${from}::int, ${to}::int) g
					) p join bench_metrics_reusable x on x.n = p.n join bench_metrics_reusable x2 on x2.n = p.n2
				) t
			) s`)
	);

	await db.execute(sql`analyze process_changes`);
	// Measurements: ten per change, around its implementation (some before it), 2 % removed.
	await chunked('measurements', MEASUREMENTS, 100_000, (from, to) =>
		db.execute(sql`
			insert into measurements (id, org_id, process_change_id, value, measured_on, removed_at)
			select ${idOf(orgId, 'm', sql`g`)}, ${orgId}, pc.id,
				round((10 + random() * 20)::numeric, 1)::float8,
				coalesce(pc.implemented_on, current_date - 400) + (g % 10) * 20 - 30,
				case when g % 50 = 0 then now() end
			from generate_series(${from}::int, ${to}::int) g
			join process_changes pc on pc.org_id = ${orgId} and pc.id = ${idOf(orgId, 'c', sql`1 + g % ${CHANGES}`)}`)
	);

	await db.execute(sql`drop table bench_metrics_reusable`);

	// Action items due over three years; 60 % done (by a hash), some late.
	await chunked('action items', ACTIONS, 20_000, (from, to) =>
		db.execute(sql`
			insert into action_items (id, org_id, document_id, origin_document_id, origin_team_id, block_id, text, due_on, done, done_at)
			select ${idOf(orgId, 'a', sql`s.g`)}, ${orgId}, ${idOf(orgId, 'd', sql`s.d`)}, ${idOf(orgId, 'd', sql`s.d`)},
				${teamOfDoc(orgId, sql`s.d`)}, ${idOf(orgId, 'ab', sql`s.g`)}, 'Tindak lanjut ' || s.g, s.due, s.h < 6,
				case when s.h < 6 then (s.due + s.h - 3)::timestamp + interval '3 hours' end
			from (
				select g, 1 + abs(hashtext(g::text || 'd')) % ${DOCUMENTS} as d, current_date - abs(hashtext(g::text || 'u')) % 1095 + 60 as due,
					abs(hashtext(g::text || 'h')) % 10 as h
				from generate_series(${from}::int, ${to}::int) g
			) s`)
	);

	await seedActivity(db, orgId);

	await db.execute(sql`update organizations set name = ${ORG_NAME} where id = ${orgId}`);
	log('analyze');
	await db.execute(sql`vacuum analyze`);
	return orgId;
}

/**
 * What the 70:20:10 mix counts besides reuses, over the last three years, by members of the
 * document's team: days a person edited a document (a third of them with a second editor the
 * same day: co-editing), comments (3 % removed) with mentions of a teammate, review requests
 * each with a sign-off, and training records.
 */
async function seedActivity(db: Database['db'], orgId: string): Promise<void> {
	const doc = (g: SQL, salt: string) => sql`1 + ${hashOf(g, salt, DOCUMENTS)}`;
	const daysAgo = (g: SQL, salt: string) => hashOf(g, salt, 1095);
	await chunked('edit days', EDIT_DAYS, 100_000, (from, to) =>
		db.execute(sql`
			insert into document_edit_days (org_id, document_id, team_id, user_id, day, updates)
			select ${orgId}, ${idOf(orgId, 'd', sql`s.d`)}, ${teamOfDoc(orgId, sql`s.d`)}, ${memberOf(orgId, sql`s.d`, sql`s.k + p.i`)},
				current_date - s.ago, 1 + s.g % 7
			from (
				select g, ${doc(sql`g`, 'e')} as d, ${hashOf(sql`g`, 'k', PER_TEAM)} as k, ${daysAgo(sql`g`, 'a')} as ago
				from generate_series(${from}::int, ${to}::int) g
			) s cross join lateral (select 0 as i union all select 1 where s.g % 3 = 0) p
			on conflict do nothing`)
	);
	const threads = Math.ceil(COMMENTS / 4);
	await db.execute(sql`
		insert into comment_threads (document_id, id, author_id, anchored, message_count, created_at, last_message_at)
		select ${idOf(orgId, 'd', doc(sql`g`, 'h'))}, ${idOf(orgId, 'h', sql`g`)}, ${memberOf(orgId, doc(sql`g`, 'h'), hashOf(sql`g`, 'k', PER_TEAM))},
			true, 4, now() - ${daysAgo(sql`g`, 'a')} * interval '1 day', now() - ${daysAgo(sql`g`, 'a')} * interval '1 day'
		from generate_series(1, ${threads}::int) g`);
	// Message g is in thread (g + 3) / 4, by a member of that thread's document's team.
	await chunked('comments', COMMENTS, 100_000, (from, to) =>
		db.execute(sql`
			insert into comment_messages (document_id, id, thread_id, author_id, body, created_at, removed_at)
			select ${idOf(orgId, 'd', sql`s.d`)}, ${idOf(orgId, 'm', sql`s.g`)}, ${idOf(orgId, 'h', sql`s.t`)},
				${memberOf(orgId, sql`s.d`, sql`s.g`)}, 'Komentar ' || s.g,
				now() - ${daysAgo(sql`s.t`, 'a')} * interval '1 day' + (s.g % 4) * interval '1 hour',
				case when s.g % 33 = 0 then now() end
			from (select g, (g + 3) / 4 as t, ${doc(sql`(g + 3) / 4`, 'h')} as d from generate_series(${from}::int, ${to}::int) g) s`)
	);
	await db.execute(sql`analyze comment_messages`);
	// Mentions of the next teammate, in the first MENTIONS messages that are a third's.
	await db.execute(sql`
		insert into comment_mentions (document_id, message_id, user_id, created_at)
		select m.document_id, m.id, ${memberOf(orgId, sql`s.d`, sql`s.g + 1`)}, m.created_at
		from (select g, ${doc(sql`(g + 3) / 4`, 'h')} as d from generate_series(1, ${MENTIONS * 3}::int, 3) g) s
		join comment_messages m on m.document_id = ${idOf(orgId, 'd', sql`s.d`)} and m.id = ${idOf(orgId, 'm', sql`s.g`)}`);
	await db.execute(sql`
		insert into review_requests (id, document_id, requested_by, created_at)
		select ${idOf(orgId, 'q', sql`g`)}, ${idOf(orgId, 'd', doc(sql`g`, 'q'))}, ${memberOf(orgId, doc(sql`g`, 'q'), sql`g`)},
			now() - ${daysAgo(sql`g`, 'a')} * interval '1 day'
		from generate_series(1, ${REVIEWS}::int) g`);
	await db.execute(sql`
		insert into sign_offs (id, request_id, document_id, reviewer_id, decision, state_vector, content_digest, created_at)
		select ${idOf(orgId, 'o', sql`g`)}, ${idOf(orgId, 'q', sql`g`)}, ${idOf(orgId, 'd', doc(sql`g`, 'q'))},
			${memberOf(orgId, doc(sql`g`, 'q'), sql`g + 1`)}, case when g % 4 = 0 then 'changes_requested' else 'approved' end,
			'\\x00'::bytea, 'bench', now() - ${daysAgo(sql`g`, 'a')} * interval '1 day' + interval '2 hours'
		from generate_series(1, ${REVIEWS}::int) g`);
	await db.execute(sql`
		insert into training_records (id, org_id, user_id, course, organiser, completed_on, hours)
		select ${idOf(orgId, 'x', sql`g`)}, ${orgId}, ${idOf(orgId, 'u', sql`g % ${TEAMS * PER_TEAM}`)}, 'Pelatihan ' || g, 'BPSDM',
			current_date - ${daysAgo(sql`g`, 'a')}, 2 + g % 23
		from generate_series(1, ${TRAINING}::int) g`);
	log(`activity: ${EDIT_DAYS} edit days (+ co-editors), ${COMMENTS} comments, ${MENTIONS} mentions, ${REVIEWS} reviews and sign-offs, ${TRAINING} training records`);
}

/** The organisation and the people the seed made for it (users are not the organisation's rows). */
async function deleteOrg(db: Database['db'], orgId: string): Promise<void> {
	// The big tables first, one statement each: left to the organisation's cascade, every
	// document's deletion would set its reuses' document_id to null row by row, each firing the
	// reuse-count trigger (a million reuses took longer than seeding them).
	// Without the count trigger (in one transaction: it is never left off): the lessons go too,
	// and an interrupted seed's counts were never set (they would go below zero).
	await db.transaction(async (tx) => {
		await tx.execute(sql`alter table lesson_reuses disable trigger lesson_reuses_count_delete`);
		await tx.execute(sql`delete from lesson_reuses where org_id = ${orgId}`);
		await tx.execute(sql`alter table lesson_reuses enable trigger lesson_reuses_count_delete`);
	});
	await db.execute(sql`delete from measurements where org_id = ${orgId}`);
	await db.execute(sql`delete from process_changes where org_id = ${orgId}`);
	await db.execute(sql`delete from action_items where org_id = ${orgId}`);
	await db.execute(sql`delete from document_edit_days where org_id = ${orgId}`);
	await db.execute(sql`delete from lessons where org_id = ${orgId}`);
	await db.execute(sql`delete from organizations where id = ${orgId}`);
	await db.execute(sql`delete from users where email like ${`bench-metrics-${orgId}-%`}`);
}

async function findOrSeed(db: Database['db']): Promise<string> {
	const stale = await rows<{ id: string; name: string }>(
		db,
		sql`select id, name from organizations where name like 'Bench metrics %'`
	);
	for (const org of stale) {
		if (org.name === ORG_NAME && !RESEED) {
			log(`found the seeded organisation ${org.id}: measuring only (--reseed to seed again)`);
			return org.id;
		}
		log(`deleting the earlier bench organisation ${org.id} (${org.name})`);
		await deleteOrg(db, org.id);
	}
	log(`seeding ${LESSONS} lessons, ${REUSES} reuses, ${CHANGES} process changes, ${MEASUREMENTS} measurements, ${ACTIONS} action items`);
	return seed(db);
}

// ---- measuring ------------------------------------------------------------------------------

type Locals = Parameters<typeof loadImpactView>[1];

/**
 * Everything the dashboard page's load (src/routes/o/[orgId]/impact/+page.server.ts) waits
 * for, as a member opening it: access, the scope from the URL, the funnel statement, the teams
 * and the 70:20:10 mix (loadImpactView runs the last three at once, as the page does), then the
 * tables it builds from them. The address is the page's: no `team` is the whole organisation.
 */
async function openDashboardPage(db: Database['db'], locals: Locals, orgId: string, teamId: string | null): Promise<number> {
	const url = new URL(`http://bench.invalid/o/${orgId}/impact${teamId ? `?team=${teamId}` : ''}`);
	const view = await loadImpactView(db, locals, url, orgId, false);
	// The page shows the default scope instead of a filter it refuses: that would measure another view.
	if (!view.resolved.ok) throw new Error(`the dashboard refused ${url.search}: ${view.resolved.refusal.code}`);
	if (view.dashboard.scope.teamId !== teamId) throw new Error(`the dashboard showed team ${view.dashboard.scope.teamId}, not ${teamId}`);
	const d = view.dashboard;
	const tables = [funnelTable(d), trendTable(d), teamsTable(d), mostReusedTable(d, view.teamNames), actionsTable(d)];
	return tables.length + view.activity.length;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round2 = (n: number) => Math.round(n * 100) / 100;

async function timed(samples: number[], run: () => Promise<unknown>, measured: boolean): Promise<void> {
	const t = performance.now();
	await run();
	if (measured) samples.push(performance.now() - t);
}

async function main(): Promise<void> {
	const bench = await openBench();
	log(`${bench.description} (scale ${SCALE})`);
	try {
		const db = bench.database.db;
		const seedStart = performance.now();
		const orgId = await findOrSeed(db);
		const seedSeconds = (performance.now() - seedStart) / 1000;

		const today = jakartaDay(new Date());
		const yearAgo = jakartaDay(new Date(Date.now() - 364 * 86_400_000));
		const teamIds = (await rows<{ id: string }>(db, sql`select id from teams where org_id = ${orgId} order by name`)).map((t) => t.id);
		// One team at a time (each round walks ten of them), over the last year: the dashboard's view.
		const scopes: MetricScope[] = teamIds.slice(0, 10).map((teamId) => ({ orgId, teamId, from: yearAgo, to: today }));
		const orgScope: MetricScope = { orgId, teamId: null, from: yearAgo, to: today };
		const [viewer] = await rows<{ id: string; email: string; name: string }>(
			db,
			sql`select id, email, name from users where email = ${`bench-metrics-${orgId}-0@bench.invalid`}`
		);
		const locals = { database: bench.database, user: viewer, session: null } as Locals;
		const funnelMs: number[] = [];
		const pageMs: number[] = [];
		const dashboardMs: number[] = [];
		const activityMs: number[] = [];
		const drillMs: number[] = [];
		const orgPageMs: number[] = [];
		const orgDashboardMs: number[] = [];
		const orgActivityMs: number[] = [];
		for (let round = 0; round <= ROUNDS; round++) {
			const measured = round > 0;
			for (const scope of scopes) {
				await timed(funnelMs, () => loadFunnel(db, scope), measured);
				await timed(pageMs, () => openDashboardPage(db, locals, orgId, scope.teamId), measured);
				await timed(dashboardMs, () => loadImpactDashboard(db, scope, today), measured);
				await timed(activityMs, () => loadTeamActivityMix(db, scope), measured);
				await timed(drillMs, () => loadFunnelStageRows(db, scope, 'measurable', today), measured);
				await timed(drillMs, () => loadActionRows(db, scope, 'overdue', today), measured);
			}
			for (let i = 0; i < ORG_SAMPLES; i++) {
				await timed(orgPageMs, () => openDashboardPage(db, locals, orgId, null), measured);
				await timed(orgDashboardMs, () => loadImpactDashboard(db, orgScope, today), measured);
				await timed(orgActivityMs, () => loadTeamActivityMix(db, orgScope), measured);
			}
			log(`round ${round}${measured ? '' : ' (warm-up)'}`);
		}
		const sample = await loadImpactDashboard(db, scopes[0], today);
		log(`one team's year: ${JSON.stringify(sample.funnel.counts)}, actions ${JSON.stringify(sample.actions)}`);
		const [mix] = await loadTeamActivityMix(db, scopes[0]);
		log(`its activity: ${JSON.stringify(mix.mix.counts)}`);

		const p = (values: number[], at: number) => round2(percentile(values, at));
		const result = {
			db: kind,
			funnel_p50_ms: p(funnelMs, 50),
			funnel_p95_ms: p(funnelMs, 95),
			// The target: one team's dashboard page, everything its load waits for.
			dashboard_p95_ms: p(pageMs, 95),
			dashboard_p50_ms: p(pageMs, 50),
			// Its two costly parts alone.
			impact_query_p95_ms: p(dashboardMs, 95),
			activity_p95_ms: p(activityMs, 95),
			drilldown_p95_ms: p(drillMs, 95),
			// The page's default view: the whole organisation's year.
			org_dashboard_p95_ms: p(orgPageMs, 95),
			org_dashboard_p50_ms: p(orgPageMs, 50),
			org_impact_query_p95_ms: p(orgDashboardMs, 95),
			org_activity_p95_ms: p(orgActivityMs, 95),
			lessons: LESSONS,
			reuses: REUSES,
			process_changes: CHANGES,
			measurements: MEASUREMENTS,
			action_items: ACTIONS,
			edit_days: EDIT_DAYS,
			comments: COMMENTS,
			samples: pageMs.length,
			org_samples: orgPageMs.length,
			load_avg: os.loadavg().map(round2),
			seed_s: round2(seedSeconds)
		};
		process.stdout.write(`${JSON.stringify(result)}\n`);
		if (DROP) {
			log('deleting the bench organisation');
			await deleteOrg(db, orgId);
		}
	} finally {
		await bench.dispose();
	}
}

main().catch((error) => {
	const cause = error instanceof Error && error.cause ? `\ncause: ${String(error.cause)}` : '';
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}\n`);
	process.exit(1);
});
