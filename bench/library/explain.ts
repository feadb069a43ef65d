/**
 * `tsx bench/library/explain.ts <url of a --keep database> <case>`: EXPLAIN (ANALYZE, BUFFERS) of
 * every statement one search of the bench's mix sends, for tuning indexes against a kept seed.
 * Cases: typo-curator, phrase, team, queue, child-tags.
 */
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db';
import { searchLibrary, type LibrarySearchInput, type LibraryViewer } from '../../src/lib/server/repositories/library-search';

const [url, which] = process.argv.slice(2);
const client = postgres(url, { max: 1, onnotice: () => {} });
const captured: { query: string; params: unknown[] }[] = [];
const db = drizzle(client, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;

const [org] = await client`select id from organizations limit 1`;
const [user] = await client`select id from users limit 1`;
const teams = await client`select id, name from teams where org_id = ${org.id} order by name`;
const tag = async (name: string) => (await client`select id from tags where name = ${name}`)[0].id as string;
const member: LibraryViewer = { orgId: org.id, userId: user.id, curator: false, teamIds: [teams[0].id] };
const curator: LibraryViewer = { orgId: org.id, userId: user.id, curator: true, teamIds: [] };
const cases: Record<string, () => Promise<[LibraryViewer, LibrarySearchInput]>> = {
	'typo-curator': async () => [curator, { query: 'verifkasi', statuses: ['draft', 'proposed', 'published'] }],
	phrase: async () => [member, { query: '"tanda tangan elektronik"' }],
	team: async () => [member, { query: 'berkas', teamIds: [teams[3].id] }],
	queue: async () => [curator, { query: 'pelayanan', statuses: ['proposed'] }],
	'child-tags': async () => [member, { query: 'printer', tagIds: [await tag('Peralatan'), await tag('Aplikasi')] }],
	multi: async () => [member, { query: 'pajak kendaraan pembayaran' }]
};
const [viewer, input] = await cases[which]();
const t = performance.now();
await searchLibrary(db, viewer, input);
console.log(`# ${which}: ${(performance.now() - t).toFixed(1)} ms, ${captured.length} statements`);
for (const { query, params } of captured) {
	const plan = await client.unsafe(`explain (analyze, buffers) ${query}`, params as never[]);
	console.log(query.slice(0, 200).replace(/\s+/g, ' '));
	for (const row of plan) console.log(row['QUERY PLAN']);
}
await client.end();
