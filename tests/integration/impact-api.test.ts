import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { isHttpError } from '@sveltejs/kit';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember, removeOrgMember } from '../../src/lib/server/repositories/organizations';
import { apiTokens, lessonReuses, lessons, measurements, processChanges, teamMembers } from '../../src/lib/server/db/schema';
import type { Executor } from '../../src/lib/server/db';
import { createApiToken, revokeApiToken } from '../../src/lib/server/auth/api-tokens';
import { loadImpactDashboard } from '../../src/lib/server/repositories/metrics';
import { addDays, defaultPeriod, jakartaToday } from '../../src/lib/impact/scope-params';
import { funnelTable, teamsTable, trendTable } from '../../src/lib/impact/tables';
import { METRIC_DEFINITIONS_VERSION } from '../../src/lib/metrics/types';
import { GET as metricsGET } from '../../src/routes/api/v1/metrics/+server';
import { GET as orgMetricsGET } from '../../src/routes/api/v1/orgs/[orgId]/metrics/+server';
import { load as dashboardLoad } from '../../src/routes/o/[orgId]/impact/+page.server';
import { load as rowsLoad } from '../../src/routes/o/[orgId]/impact/rows/+page.server';
import { GET as exportGET } from '../../src/routes/o/[orgId]/impact/export/[table]/+server';
import { GET as rowsExportGET } from '../../src/routes/o/[orgId]/impact/rows/export/+server';

/**
 * The impact dashboard's server side on a real database: the metrics API (personal tokens, the
 * session, the organisation boundary, malformed parameters), the page loads' authorization, the
 * CSV exports (the same rows and headers as the tables) and the drill-down's redaction.
 */

type User = Awaited<ReturnType<typeof makeUser>>;

/** The body as sent: `Response.text()` would drop the byte order mark this checks for. */
async function csvText(response: Response): Promise<string> {
	const bytes = new Uint8Array(await response.arrayBuffer());
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** A minimal CSV reader for what `toCsv` writes (quoted fields, CRLF). */
function parseCsv(text: string): string[][] {
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 1; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') row.push(field), (field = '');
		else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
		else field += ch;
	}
	return rows;
}

describe.each(testDatabases)('impact dashboard, exports and metrics API on %s', (kind) => {
	let database: TestDatabase;
	let db: Executor;
	let curator: User;
	let memberA: User;
	let memberB: User;
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	let teamA: string;
	let teamB: string;
	let otherTeam: string;
	let lessonId: string;
	let changeId: string;
	let docB: string;
	const today = jakartaToday(new Date());

	function event(user: User | null, url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
		return {
			locals: { database, user, session: null },
			url: new URL(url, 'http://localhost'),
			params,
			request: new Request(new URL(url, 'http://localhost'), { headers }),
			setHeaders: () => {}
		} as never;
	}
	async function api(path: string, options: { user?: User | null; token?: string; authorization?: string } = {}) {
		const headers: Record<string, string> = {};
		if (options.token) headers.authorization = `Bearer ${options.token}`;
		if (options.authorization) headers.authorization = options.authorization;
		const url = new URL(path, 'http://localhost');
		const match = /^\/api\/v1\/orgs\/([^/]+)\/metrics$/.exec(url.pathname);
		const handler = match ? orgMetricsGET : metricsGET;
		const response = await handler(event(options.user ?? null, path, match ? { orgId: match[1] } : {}, headers));
		return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
	}
	async function refusal(run: () => unknown): Promise<number> {
		try {
			await run();
		} catch (e) {
			if (isHttpError(e)) return e.status;
			throw e;
		}
		return 200;
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		curator = await makeUser(db, { name: 'Rina Kusumawati' });
		memberA = await makeUser(db, { name: 'Budi Santoso' });
		memberB = await makeUser(db, { name: 'Sari Wulandari' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, curator.id)).id;
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
		await addOrgMember(db, orgId, memberA.id, 'member');
		await addOrgMember(db, orgId, memberB.id, 'member');
		teamA = (await makeTeam(db, orgId, 'Bidang Pelayanan')).id;
		teamB = (await makeTeam(db, orgId, 'Bidang Perizinan')).id;
		otherTeam = (await makeTeam(db, otherOrgId, 'Tim Lain')).id;
		await db.insert(teamMembers).values([
			{ teamId: teamA, userId: memberA.id, role: 'member' },
			{ teamId: teamB, userId: memberB.id, role: 'member' }
		]);
		const doc = (org: string, teamId: string, type: 'failure_analysis' | 'sop_improvement', title: string) =>
			createDocument(db, { orgId: org, teamId, type, title, visibility: 'team', createdBy: curator.id }).then((d) => d.id);
		const docA = await doc(orgId, teamA, 'failure_analysis', 'Antrean KTP-el membludak');
		docB = await doc(orgId, teamB, 'sop_improvement', 'SOP perizinan rahasia');
		const otherDoc = await doc(otherOrgId, otherTeam, 'failure_analysis', 'Dokumen dinas lain');
		const publishedAt = new Date(Date.now() - 10 * 86_400_000);
		lessonId = crypto.randomUUID();
		await db.insert(lessons).values({
			id: lessonId, orgId, sourceDocumentId: docA, originDocumentId: docA, originTeamId: teamA, blockId: crypto.randomUUID(),
			title: 'Nomor antrean daring mengurangi antrean', body: 'Warga datang subuh.', status: 'published', publishedAt
		});
		await db.insert(lessons).values({
			id: crypto.randomUUID(), orgId: otherOrgId, sourceDocumentId: otherDoc, originDocumentId: otherDoc, originTeamId: otherTeam,
			blockId: crypto.randomUUID(), title: 'Pelajaran dinas lain', body: 'Rahasia.', status: 'published', publishedAt
		});
		await db.insert(lessonReuses).values({
			id: crypto.randomUUID(), orgId, lessonId, documentId: docB, originDocumentId: docB, originTeamId: teamB, blockId: crypto.randomUUID()
		});
		changeId = crypto.randomUUID();
		await db.insert(processChanges).values({
			id: changeId, orgId, documentId: docB, originDocumentId: docB, originTeamId: teamB, blockId: crypto.randomUUID(),
			indicator: 'Waktu layanan perizinan', unit: 'hari', direction: 'decrease', baseline: 10, target: 5,
			linkedLessonIds: [lessonId], implementedOn: addDays(today, -5)
		});
		await db.insert(measurements).values({ id: crypto.randomUUID(), orgId, processChangeId: changeId, value: 7, measuredOn: addDays(today, -2) });
	});
	afterAll(() => database.destroy());

	it('answers a token’s organisation with exactly loadImpactDashboard, version included', async () => {
		const { token } = await createApiToken(db, { userId: memberA.id, orgId, name: 'Laporan triwulan' });
		const { status, body, headers } = await api('/api/v1/metrics', { token });
		expect(status).toBe(200);
		expect(headers.get('cache-control')).toBe('no-store');
		const expected = await loadImpactDashboard(db, { orgId, teamId: null, ...defaultPeriod(today) }, today);
		expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
		expect(body.version).toBe(METRIC_DEFINITIONS_VERSION);
		expect(expected.funnel.counts).toEqual({ captured: 1, reused: 1, linked: 1, measurable: 1, improved: 1, targetMet: 0 });
		expect(JSON.stringify(body)).not.toContain('dinas lain');
		// The same through the organisation's path, by token and by session.
		expect((await api(`/api/v1/orgs/${orgId}/metrics`, { token })).body).toEqual(body);
		expect((await api(`/api/v1/orgs/${orgId}/metrics`, { user: memberB })).body).toEqual(body);
		const [row] = await db.select().from(apiTokens).where(eq(apiTokens.userId, memberA.id));
		expect(row.lastUsedAt).not.toBeNull();
	});

	it('filters by team and period, and refuses malformed parameters with 400 JSON', async () => {
		const { token } = await createApiToken(db, { userId: memberA.id, orgId, name: 'Skrip' });
		const teamOnly = await api(`/api/v1/metrics?team=${teamB}&from=2022-01-01&to=${today}`, { token });
		expect(teamOnly.status).toBe(200);
		expect(teamOnly.body.scope).toEqual({ orgId, teamId: teamB, from: '2022-01-01', to: today });
		expect((teamOnly.body.funnel as { counts: { captured: number } }).counts.captured).toBe(0);
		const cases: [string, string][] = [
			['?from=2026-13-01', 'invalid_date'],
			['?from=kemarin', 'invalid_date'],
			['?to=2026-02-30', 'invalid_date'],
			['?from=2026-05-02&to=2026-05-01', 'period_reversed'],
			['?from=2015-01-01&to=2026-01-01', 'period_too_long'],
			['?team=bukan-uuid', 'invalid_team'],
			["?team=' OR 1=1 --", 'invalid_team']
		];
		for (const [query, code] of cases) {
			const { status, body } = await api(`/api/v1/metrics${query}`, { token });
			expect(status, query).toBe(400);
			expect(body.code, query).toBe(code);
			expect(typeof body.message).toBe('string');
		}
		// A team of another organisation is no team here: 404, and none of its numbers.
		const foreign = await api(`/api/v1/metrics?team=${otherTeam}`, { token });
		expect(foreign.status).toBe(404);
		expect(foreign.body.code).toBe('team_not_found');
		expect(foreign.body).not.toHaveProperty('funnel');
	});

	it('refuses missing, malformed and revoked tokens with 401, and other organisations with 404', async () => {
		const { id, token } = await createApiToken(db, { userId: memberA.id, orgId, name: 'Dicabut nanti' });
		expect((await api('/api/v1/metrics')).status).toBe(401);
		// The session alone names no organisation for /api/v1/metrics.
		expect((await api('/api/v1/metrics', { user: memberA })).status).toBe(401);
		// The last character flipped to one it is not: the same length and alphabet, one secret bit-pattern off.
		const flipped = token.slice(0, -1) + (token.endsWith('2') ? '3' : '2');
		for (const authorization of ['Bearer', 'Basic abc', `Bearer ${token}x`, `Bearer ${flipped}`, 'Bearer alur_x.y']) {
			const { status, body, headers } = await api('/api/v1/metrics', { authorization });
			expect(status, authorization).toBe(401);
			expect(body.code).toBe('invalid_token');
			expect(headers.get('www-authenticate')).toContain('Bearer');
		}
		// A wrong token is refused even with a valid session beside it.
		expect((await api(`/api/v1/orgs/${orgId}/metrics`, { user: memberA, authorization: 'Bearer nope' })).status).toBe(401);
		expect((await api(`/api/v1/orgs/${otherOrgId}/metrics`, { token })).status).toBe(404);
		expect((await api(`/api/v1/orgs/${orgId}/metrics`, { user: outsider })).status).toBe(404);
		expect((await api(`/api/v1/orgs/${otherOrgId}/metrics`, { user: memberA })).status).toBe(404);
		expect((await api('/api/v1/orgs/not-a-uuid/metrics', { user: memberA })).status).toBe(404);
		expect((await api(`/api/v1/orgs/${orgId}/metrics`)).status).toBe(401);
		expect(await revokeApiToken(db, outsider.id, id)).toBe(false);
		expect(await revokeApiToken(db, memberA.id, id)).toBe(true);
		expect((await api('/api/v1/metrics', { token })).status).toBe(401);
	});

	it('stops answering a token once its user left the organisation', async () => {
		const leaver = await makeUser(db, { name: 'Pindah Tugas' });
		await addOrgMember(db, orgId, leaver.id, 'member');
		const { token } = await createApiToken(db, { userId: leaver.id, orgId, name: 'Lama' });
		expect((await api('/api/v1/metrics', { token })).status).toBe(200);
		await removeOrgMember(db, orgId, leaver.id);
		const gone = await api('/api/v1/metrics', { token });
		expect(gone.status).toBe(404);
		expect(gone.body).not.toHaveProperty('funnel');
	});

	it('lets every member load the dashboard and nobody outside', async () => {
		const data = (await dashboardLoad(event(memberA, `/o/${orgId}/impact`, { orgId }))) as Exclude<Awaited<ReturnType<typeof dashboardLoad>>, void>;
		expect(data.funnel.counts.measurable).toBe(1);
		expect(data.problem).toBeNull();
		expect(data.empty).toBe(false);
		expect(await refusal(() => dashboardLoad(event(outsider, `/o/${orgId}/impact`, { orgId })))).toBe(404);
		expect(await refusal(() => rowsLoad(event(outsider, `/o/${orgId}/impact/rows?stage=captured`, { orgId })))).toBe(404);
		expect(await refusal(() => exportGET(event(outsider, `/o/${orgId}/impact/export/funnel`, { orgId, table: 'funnel' })))).toBe(404);
		// A malformed filter on the page says so and shows the default period; a foreign team shows nothing of it.
		const bad = (await dashboardLoad(event(memberA, `/o/${orgId}/impact?team=${otherTeam}`, { orgId }))) as typeof data;
		expect(bad.problem?.message).toBeTruthy();
		expect(bad.scope.teamId).toBeNull();
	});

	it('exports each table as CSV with the same headers and rows as the page', async () => {
		const data = (await dashboardLoad(event(memberA, `/o/${orgId}/impact`, { orgId }))) as Exclude<Awaited<ReturnType<typeof dashboardLoad>>, void>;
		const dashboard = await loadImpactDashboard(db, data.scope, today);
		for (const [table, model] of [
			['funnel', funnelTable(dashboard)],
			['trend', trendTable(dashboard)],
			['teams', teamsTable(dashboard)]
		] as const) {
			const response = await exportGET(event(memberA, `/o/${orgId}/impact/export/${table}?${data.query}`, { orgId, table }));
			expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="dampak_${table}_[0-9-]+_[0-9-]+\\.csv"$`));
			const csv = parseCsv(await csvText(response));
			expect(csv[0]).toEqual(model.headers);
			expect(csv.slice(1)).toEqual(model.rows.map((row) => row.map((c) => (c.csv === null ? '' : String(c.csv)))));
		}
		const funnel = parseCsv(await csvText(await exportGET(event(memberA, `/o/${orgId}/impact/export/funnel`, { orgId, table: 'funnel' }))));
		expect(funnel.slice(1, 6).map((r) => r[1])).toEqual(['1', '1', '1', '1', '1']);
		expect(await refusal(() => exportGET(event(memberA, `/o/${orgId}/impact/export/secrets`, { orgId, table: 'secrets' })))).toBe(404);
		expect(await refusal(() => exportGET(event(memberA, `/o/${orgId}/impact/export/funnel?from=2026-02-30`, { orgId, table: 'funnel' })))).toBe(400);
	});

	it('lists the rows behind a number, hiding what the viewer may not open, and exports the same rows', async () => {
		const url = `/o/${orgId}/impact/rows?stage=measurable`;
		type Rows = Exclude<Awaited<ReturnType<typeof rowsLoad>>, void>;
		// Team B's member may open the SOP that holds the change, but not team A's source document.
		const asB = (await rowsLoad(event(memberB, url, { orgId }))) as Rows;
		expect(asB.table.rows).toHaveLength(1);
		const [lesson, team, , reuses, source, changes] = asB.table.rows[0];
		expect(lesson).toMatchObject({ display: 'Nomor antrean daring mengurangi antrean', href: `/o/${orgId}/library/${lessonId}` });
		expect(team.display).toBe('Bidang Pelayanan');
		expect(reuses.csv).toBe(1);
		expect(source.href).toBeUndefined();
		expect(source.display).not.toContain('KTP-el');
		expect(changes.links).toEqual([{ text: 'Waktu layanan perizinan (hari)', href: `/o/${orgId}/changes/${changeId}` }]);
		// Team A's member sees their source document and the lesson, but not team B's change.
		const asA = (await rowsLoad(event(memberA, url, { orgId }))) as Rows;
		expect(asA.table.rows[0][4]).toMatchObject({ display: 'Antrean KTP-el membludak', href: `/o/${orgId}/d/${asA.table.rows[0][4].href?.split('/').pop()}` });
		expect(asA.table.rows[0][5].links?.[0].href).toBeUndefined();
		expect(JSON.stringify(asA)).not.toContain('Waktu layanan perizinan');
		expect(asA.hidden).toBe(1);
		const csv = parseCsv(await csvText(await rowsExportGET(event(memberA, url, { orgId }))));
		expect(csv[0]).toEqual(asA.table.headers);
		expect(csv.slice(1)).toEqual(asA.table.rows.map((row) => row.map((c) => (c.csv === null ? '' : String(c.csv)))));
		expect(csv.flat().join()).not.toContain('perizinan');
		// The curator (admin) sees everything.
		const asCurator = (await rowsLoad(event(curator, url, { orgId }))) as Rows;
		expect(asCurator.hidden).toBe(0);
		// Nothing else than a stage or a bucket, and exactly one of them.
		for (const query of ['', '?stage=everything', '?bucket=late&stage=captured', '?stage=captured&from=2026-99-01']) {
			expect(await refusal(() => rowsLoad(event(memberA, `/o/${orgId}/impact/rows${query}`, { orgId }))), query).toBe(400);
		}
		expect(await refusal(() => rowsLoad(event(memberA, `/o/${orgId}/impact/rows?stage=captured&team=${otherTeam}`, { orgId })))).toBe(404);
	});
});
