/**
 * EXPLAIN ANALYZE of the dashboard's statement for one team's last year, on the database a
 * `bench:metrics` run seeded (DATABASE_URL): the plan that tuning the indexes was read from.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/metrics/explain.ts [--org] [--gin-limit N]
 *   (--org: the whole organisation; --gin-limit: the repository's FunnelQueryTuning.ginNameLimit)
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { impactDashboardQuery } from '../../src/lib/server/repositories/metrics';
import { jakartaDay } from '../../src/lib/metrics/days';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const client = postgres(url, { max: 1, onnotice: () => {} });
const [org] = await client`select id from organizations where name like 'Bench metrics %' and name <> 'Bench metrics (seeding)' limit 1`;
const [team] = await client`select id from teams where org_id = ${org.id} order by name limit 1`;
const today = jakartaDay(new Date());
const scope = {
	orgId: org.id as string,
	teamId: process.argv.includes('--org') ? null : (team.id as string),
	from: jakartaDay(new Date(Date.now() - 364 * 86_400_000)),
	to: today
};
await client`set jit = off`;
const limitAt = process.argv.indexOf('--gin-limit');
const tuning = limitAt > 0 ? { ginNameLimit: Number(process.argv[limitAt + 1]) } : {};
const query = new PgDialect().sqlToQuery(sql`explain (analyze, buffers) ${impactDashboardQuery(scope, today, tuning)}`);
const plan = await client.unsafe(query.sql, query.params as never[]);
for (const row of plan) console.log(row['QUERY PLAN']);
await client.end();
