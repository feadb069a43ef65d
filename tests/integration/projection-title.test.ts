import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { documents, documentStates } from '../../src/lib/server/db/schema';
import { walkDocument } from '../../src/lib/projection/walk';
import { writeTitle } from '../../src/lib/editor/title-text';

/*
 * The title renamed in place lives in the Y.Doc's `title` root; lists read documents.title, which
 * the projection writes — on both its paths (the full transaction and the counts-only statement).
 */
describe.each(testDatabases)('the projection writes the title root into documents.title on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let teamId: string;
	let userId: string;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		userId = (await makeUser(database.db)).id;
		orgId = (await makeOrg(database.db, userId)).id;
		teamId = (await makeTeam(database.db, orgId)).id;
	});
	afterAll(() => database.destroy());

	/** The stored initial state of a new document, as a Y.Doc (what a room loads). */
	async function load(documentId: string): Promise<Y.Doc> {
		const [row] = await database.db.select().from(documentStates).where(eq(documentStates.documentId, documentId));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, row.state);
		return doc;
	}
	const sqlTitle = async (id: string) =>
		(await database.db.select({ title: documents.title }).from(documents).where(eq(documents.id, id)))[0].title;

	it('seeds the title root at creation and copies a rename on either path', async () => {
		const created = await createDocument(database.db, { orgId, teamId, type: 'retrospective', title: 'Retrospektif Mei', createdBy: userId });
		const doc = await load(created.id);
		expect(doc.getText('title').toString()).toBe('Retrospektif Mei');

		writeTitle(doc, 'Retrospektif Mei 2026');
		await writeDocumentProjection(database.db, { documentId: created.id, orgId, projection: walkDocument(doc) });
		expect(await sqlTitle(created.id)).toBe('Retrospektif Mei 2026');

		writeTitle(doc, 'Retrospektif triwulan II');
		await writeDocumentProjection(database.db, { documentId: created.id, orgId, projection: walkDocument(doc), rowsUnchanged: true });
		expect(await sqlTitle(created.id)).toBe('Retrospektif triwulan II');
	});

	it('leaves the SQL title alone for a document without a title root, and while the title is blank', async () => {
		const created = await createDocument(
			database.db,
			{ orgId, teamId, type: 'retrospective', title: 'Dokumen lama', createdBy: userId },
			// A document from before the title root: the body only.
			() => {
				const old = new Y.Doc();
				old.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
				return Y.encodeStateAsUpdate(old);
			}
		);
		const doc = await load(created.id);
		await writeDocumentProjection(database.db, { documentId: created.id, orgId, projection: walkDocument(doc) });
		expect(await sqlTitle(created.id)).toBe('Dokumen lama');

		writeTitle(doc, '   ');
		await writeDocumentProjection(database.db, { documentId: created.id, orgId, projection: walkDocument(doc), rowsUnchanged: true });
		expect(await sqlTitle(created.id)).toBe('Dokumen lama');
	});
});
