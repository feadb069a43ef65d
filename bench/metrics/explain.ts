/**
 * EXPLAIN ANALYZE of the dashboard's statements for one team's last year, on the database a
 * `bench:metrics` run seeded (DATABASE_URL): the plans that tuning the indexes was read from.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/metrics/explain.ts [--org] [--activity] [--gin-limit N] [--jit]
 *   (--org: the whole organisation; --activity: the 70:20:10 mix's statement instead of the
 *   funnel's; --gin-limit: the repository's FunnelQueryTuning.ginNameLimit; --jit: leave JIT as
 *   the server has it, as the mix's statement runs)
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { impactDashboardQuery } from '../../src/lib/server/repositories/metrics';
import { teamActivityQuery } from '../../src/lib/server/repositories/activity';
import { jakartaDay } from '../../src/lib/metrics/days';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const client = postgres(url, { max: 1, onnotice: () => {} });
const [org] = await client`select id from organizations where name like 'Bench metrics %' and name <> 'Bench metrics (seeding)' limit 1`;
const teams = await client`select id from teams where org_id = ${org.id} order by name`;
const today = jakartaDay(new Date());
const teamId = process.argv.includes('--org') ? null : (teams[0].id as string);
const scope = { orgId: org.id as string, teamId, from: jakartaDay(new Date(Date.now() - 364 * 86_400_000)), to: today };
if (!process.argv.includes('--jit')) await client`set jit = off`;
// As loadImpactDashboard runs its statement (metrics.ts funnelStatement).
if (!process.argv.includes('--activity')) {
	await client`set work_mem = '32MB'`;
	await client`set enable_mergejoin = off`;
}
const limitAt = process.argv.indexOf('--gin-limit');
const tuning = limitAt > 0 ? { ginNameLimit: Number(process.argv[limitAt + 1]) } : {};
const statement = process.argv.includes('--activity')
	? teamActivityQuery(scope, teamId ? [teamId] : teams.map((t) => t.id as string))
	: impactDashboardQuery(scope, today, tuning);
const query = new PgDialect().sqlToQuery(sql`explain (analyze, buffers) ${statement}`);
const plan = await client.unsafe(query.sql, query.params as never[]);
for (const row of plan) console.log(row['QUERY PLAN']);
await client.end();
