import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { sessionPolicy } from '../../../src/lib/server/auth/session';
import { appendDocumentUpdate } from '../../../src/lib/server/repositories/document-log';
import { loadUpgradeAccess, prepareUpgradeAccess } from '../../../src/lib/server/repositories/upgrade-access';
import { applyStoredDocument } from '../../../src/lib/sync/integrated-state';
import { makeWorld, updateFrom, type World } from './harness';

const policy = sessionPolicy(14, 60);
const token = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

/** The upgrade's one query, with the stored document for a room not in memory. */
describe.each(testDatabases)('upgrade access query on %s', (kind) => {
	let database: TestDatabase;
	let world: World;
	let otherWorld: World;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
		otherWorld = await makeWorld(database.db);
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('reads the stored state and every log row in order with the role, in one statement', async () => {
		const documentId = await world.document((doc) => doc.getText('t').insert(0, 'awal'));
		const first = updateFrom(null, (doc) => doc.getText('x').insert(0, 'satu'), 41);
		const second = updateFrom(first, (doc) => doc.getText('x').insert(4, ' dua'), 41);
		await appendDocumentUpdate(database.db, documentId, first);
		await appendDocumentUpdate(database.db, documentId, second);

		const access = await loadUpgradeAccess(database.db, token(world.editor.cookie), documentId, policy, { withDocument: true });
		if (access.status !== 'ok' || !access.stored) throw new Error(`expected access with the document, got ${access.status}`);
		expect(access.role).toBe('editor');
		expect(access.stored.updates.map((u) => Array.from(u.data))).toEqual([Array.from(first), Array.from(second)]);
		const doc = new Y.Doc();
		applyStoredDocument(doc, access.stored);
		expect(doc.getText('t').toString()).toBe('awal');
		expect(doc.getText('x').toString()).toBe('satu dua');

		const plain = await loadUpgradeAccess(database.db, token(world.editor.cookie), documentId, policy);
		expect(plain.status === 'ok' && plain.stored).toBeUndefined();
	});

	it('gives an outsider the same no-access answer, with or without the document', async () => {
		const withDocument = await loadUpgradeAccess(database.db, token(otherWorld.editor.cookie), world.documentId, policy, { withDocument: true });
		expect(withDocument).toEqual({ status: 'no-access' });
		expect(await loadUpgradeAccess(database.db, token(otherWorld.editor.cookie), world.documentId, policy)).toEqual({ status: 'no-access' });
	});
});

describe.each(testDatabases.filter((kind) => kind === 'postgres'))('upgrade statements prepared at start on %s', (kind) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('leaves both statements prepared, with a generic plan, on every pooled connection', async () => {
		await prepareUpgradeAccess(database.db, database.connections);
		// All connections are idle: as many queries at once land on one connection each.
		const perConnection = await Promise.all(
			Array.from({ length: database.connections }, () =>
				database.db.execute<{ pid: number; statements: number }>(sql`
					select pg_backend_pid() as pid, count(*)::int as statements from pg_prepared_statements
					 where statement like '%"org_members"."role"%' and generic_plans > 0`)
			)
		);
		const rows = perConnection.map((result) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as { pid: number; statements: number });
		expect(new Set(rows.map((r) => r.pid)).size).toBe(database.connections);
		for (const row of rows) expect(row.statements).toBe(2);
	});
});
