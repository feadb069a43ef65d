import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeUser } from '../helpers/factories';
import { trainingRecords } from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { jakartaToday } from '../../src/lib/training/record-input';
import { actions as learningActions, load as learningLoad } from '../../src/routes/o/[orgId]/learning/+page.server';
import { GET as exportLearning } from '../../src/routes/o/[orgId]/learning/export/+server';
import { actions as importActions, load as importLoad } from '../../src/routes/o/[orgId]/settings/training/+page.server';

type User = Awaited<ReturnType<typeof makeUser>>;
type AnyHandler = (event: never) => unknown;

/** Calls a load, action or endpoint as SvelteKit would: what it returns, or what it throws. */
async function call(
	handler: AnyHandler | undefined,
	database: TestDatabase,
	user: User,
	params: Record<string, string>,
	options: { fields?: [string, string | File][]; search?: string; method?: string } = {}
): Promise<unknown> {
	if (!handler) throw new Error('no such handler');
	const url = new URL(`http://localhost/o/${params.orgId}/learning${options.search ?? ''}`);
	let request = new Request(url);
	if (options.fields) {
		const body = new FormData();
		for (const [key, value] of options.fields) body.append(key, value);
		request = new Request(url, { method: 'POST', body });
	}
	const event = { request, url, params, locals: { database, user, session: null } };
	try {
		return await handler(event as never);
	} catch (thrown) {
		return { thrown };
	}
}

const status = (result: unknown) => (result as { thrown?: { status?: number } }).thrown?.status ?? (result as { status?: number }).status;
const csvFile = (text: string, name = 'pelatihan.csv') => new File([text], name, { type: 'text/csv' });

describe.each(testDatabases)('training records on %s', (kind) => {
	let database: TestDatabase;
	let admin: User;
	let sari: User;
	let budi: User;
	let outsider: User;
	let orgId: string;
	let otherOrgId: string;
	const today = jakartaToday();
	const thisYear = today.slice(0, 4);

	const recordsOf = (userId: string) => database.db.select().from(trainingRecords).where(eq(trainingRecords.userId, userId));

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		admin = await makeUser(db, { name: 'Admin Dinas' });
		sari = await makeUser(db, { name: 'Sari Wulandari', email: `sari-${crypto.randomUUID().slice(0, 6)}@contoh.go.id` });
		budi = await makeUser(db, { name: 'Budi' });
		outsider = await makeUser(db, { name: 'Orang Luar' });
		orgId = (await makeOrg(db, admin.id)).id;
		await addOrgMember(db, orgId, sari.id, 'member');
		await addOrgMember(db, orgId, budi.id, 'knowledge_manager');
		otherOrgId = (await makeOrg(db, outsider.id, 'Dinas Lain')).id;
	});
	afterAll(async () => {
		await database?.destroy();
	});

	it('a member records their own training, sees it with the JP against 20, and deletes it', async () => {
		const bad = await call(learningActions.add, database, sari, { orgId }, {
			fields: [
				['course', 'Pelayanan Prima'],
				['organiser', 'BPSDM'],
				['completedOn', '2999-01-01'],
				['hours', '0']
			]
		});
		expect(status(bad)).toBe(400);
		expect((bad as { data: { training: unknown } }).data.training).toEqual({
			values: { course: 'Pelayanan Prima', organiser: 'BPSDM', completedOn: '2999-01-01', hours: '0' },
			errors: { completedOn: 'date_future', hours: 'hours_range' }
		});
		expect(await recordsOf(sari.id)).toEqual([]);

		const good = await call(learningActions.add, database, sari, { orgId }, {
			fields: [
				['course', 'Pelayanan Prima'],
				['organiser', 'BPSDM'],
				['completedOn', today],
				['hours', '12,5']
			]
		});
		expect(good).toEqual({ trainingAdded: 'Pelayanan Prima' });
		const page = (await call(learningLoad, database, sari, { orgId })) as {
			year: number;
			learning: { trainingHours: number; remainingHours: number; training: { id: string; hours: number }[] };
		};
		expect(page.year).toBe(Number(thisYear));
		expect(page.learning.trainingHours).toBe(12.5);
		expect(page.learning.remainingHours).toBe(7.5);
		expect(page.learning.training.map((t) => t.hours)).toEqual([12.5]);

		// Someone else may not delete it (404 for a stranger's id is enough: ids are random).
		const recordId = page.learning.training[0].id;
		expect(status(await call(learningActions.delete, database, budi, { orgId }, { fields: [['id', recordId]] }))).toBe(403);
		expect(status(await call(learningActions.delete, database, outsider, { orgId }, { fields: [['id', recordId]] }))).toBe(404);
		expect(status(await call(learningActions.delete, database, sari, { orgId }, { fields: [['id', 'bukan-uuid']] }))).toBe(404);
		expect(await recordsOf(sari.id)).toHaveLength(1);
		expect(await call(learningActions.delete, database, sari, { orgId }, { fields: [['id', recordId]] })).toEqual({ trainingDeleted: true });
		expect(await recordsOf(sari.id)).toEqual([]);
	});

	it('keeps the page and the export to members: outsiders get 404', async () => {
		expect(status(await call(learningLoad, database, outsider, { orgId }))).toBe(404);
		expect(status(await call(exportLearning, database, outsider, { orgId }))).toBe(404);
		expect(status(await call(learningActions.add, database, outsider, { orgId }, { fields: [['course', 'X'], ['completedOn', today], ['hours', '1']] }))).toBe(404);
		expect(await recordsOf(outsider.id)).toEqual([]);
	});

	it('exports the year as UTF-8 CSV with a BOM, named after the person and the year', async () => {
		await call(learningActions.add, database, sari, { orgId }, { fields: [['course', 'Analisis "Kebijakan", lanjutan'], ['organiser', 'LAN'], ['completedOn', today], ['hours', '8']] });
		const response = (await call(exportLearning, database, sari, { orgId }, { search: `?year=${thisYear}` })) as Response;
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="pembelajaran_sari-wulandari_${thisYear}.csv"`);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('"Analisis ""Kebijakan"", lanjutan",8,JP,LAN,' + today);
		expect(text).toContain('ringkasan,JP pelatihan,8,JP');
	});

	it('an admin imports a CSV all or nothing: one bad row stores nothing and lists every problem by row', async () => {
		const before = await database.db.select().from(trainingRecords);
		const csv = [
			'email;course;organiser;date;JP',
			`${sari.email.toUpperCase()};Pelayanan Prima;BPSDM Provinsi;05/01/${thisYear};16,5`,
			`${budi.email};Analisis Kebijakan;LAN;${thisYear}-01-12;24`,
			`${outsider.email};Kursus;LAN;${thisYear}-01-12;4`,
			`${budi.email};;LAN;2999-01-01;banyak`
		].join('\n');
		const failed = await call(importActions.import, database, admin, { orgId }, { fields: [['file', csvFile(csv)]] });
		expect(status(failed)).toBe(400);
		expect((failed as { data: { importFailure: unknown } }).data.importFailure).toEqual({
			errorCount: 4,
			fileName: 'pelatihan.csv',
			errors: [
				// a person of another organisation is no member here
				{ row: 4, column: 'email', code: 'email_unknown' },
				{ row: 5, column: 'course', code: 'required' },
				{ row: 5, column: 'date', code: 'date_future' },
				{ row: 5, column: 'hours', code: 'hours_invalid' }
			]
		});
		expect(await database.db.select().from(trainingRecords)).toEqual(before);

		const fixed = csv.split('\n').slice(0, 3).join('\n');
		const done = await call(importActions.import, database, admin, { orgId }, { fields: [['file', csvFile(fixed)]] });
		expect(done).toEqual({ imported: { records: 2, people: 2, hours: 40.5, fileName: 'pelatihan.csv' } });
		const sariRows = (await recordsOf(sari.id)).filter((r) => r.importId !== null);
		expect(sariRows).toMatchObject([{ orgId, course: 'Pelayanan Prima', organiser: 'BPSDM Provinsi', completedOn: `${thisYear}-01-05`, hours: 16.5, createdBy: admin.id }]);
		expect((await recordsOf(budi.id))[0].importId).toBe(sariRows[0].importId);
	});

	it('refuses the import to everyone but an org admin, and outside the organisation', async () => {
		const csv = `email,course,date,JP\n${sari.email},Kursus,${today},2`;
		const count = async () => (await database.db.select().from(trainingRecords)).length;
		const before = await count();
		expect(status(await call(importLoad, database, sari, { orgId }))).toBe(403);
		expect(status(await call(importLoad, database, budi, { orgId }))).toBe(403);
		expect(status(await call(importActions.import, database, sari, { orgId }, { fields: [['file', csvFile(csv)]] }))).toBe(403);
		expect(status(await call(importActions.import, database, budi, { orgId }, { fields: [['file', csvFile(csv)]] }))).toBe(403);
		// The admin of another organisation: this one does not exist for them.
		expect(status(await call(importActions.import, database, outsider, { orgId }, { fields: [['file', csvFile(csv)]] }))).toBe(404);
		// And importing into their own organisation a member of this one: not a member there.
		const cross = await call(importActions.import, database, outsider, { orgId: otherOrgId }, { fields: [['file', csvFile(csv)]] });
		expect((cross as { data: { importFailure: { errors: unknown[] } } }).data.importFailure.errors).toEqual([{ row: 2, column: 'email', code: 'email_unknown' }]);
		expect(await count()).toBe(before);
	});

	it('answers a file that is missing, too large or malformed with a clear problem, not a 500', async () => {
		const missing = await call(importActions.import, database, admin, { orgId }, { fields: [['other', 'x']] });
		expect((missing as { status: number; data: unknown }).data).toEqual({ importFailure: { problem: { code: 'file_empty' } } });
		const large = await call(importActions.import, database, admin, { orgId }, { fields: [['file', csvFile('email,course,date,JP\n' + 'x'.repeat(600_000))]] });
		expect((large as { data: unknown }).data).toEqual({ importFailure: { problem: { code: 'file_too_large', maxBytes: 500_000 } } });
		const headless = await call(importActions.import, database, admin, { orgId }, { fields: [['file', csvFile('nama,jam\nSari,2')]] });
		expect((headless as { data: unknown }).data).toEqual({ importFailure: { problem: { code: 'columns_missing', columns: ['email', 'course', 'date', 'hours'] } } });
	});
});
