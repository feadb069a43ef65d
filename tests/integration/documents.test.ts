import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import {
	createDocument,
	findDocument,
	listShareRoles,
	listTeamDocuments,
	setDocumentArchived,
	updateDocument
} from '../../src/lib/server/repositories/documents';
import { documentShares, documentStates, documentUpdates, documents } from '../../src/lib/server/db/schema';
import { alurSchema, BODY_FRAGMENT } from '../../src/lib/editor/extensions';
import { TEMPLATE_SECTIONS, templateUpdate } from '../../src/lib/editor/templates';
import type { DocumentType } from '../../src/lib/roles';

describe.each(testDatabases)('documents repository on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let teamId: string;
	let otherTeamId: string;
	let userId: string;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const user = await makeUser(database.db);
		userId = user.id;
		const org = await makeOrg(database.db, user.id);
		orgId = org.id;
		teamId = (await makeTeam(database.db, orgId, 'Bidang Pelayanan')).id;
		otherTeamId = (await makeTeam(database.db, orgId, 'Bidang Data')).id;
	});
	afterAll(() => database.destroy());

	const create = (type: DocumentType, title: string, team = teamId) =>
		createDocument(database.db, { orgId, teamId: team, type, title, createdBy: userId });

	it('creates the row and seeds the template as the initial state, once, with no log rows', async () => {
		const doc = await create('failure_analysis', '  Antrean KTP-el melebihi 3 jam  ');
		expect(doc).toMatchObject({ orgId, teamId, type: 'failure_analysis', title: 'Antrean KTP-el melebihi 3 jam', status: 'draft', visibility: 'team', archivedAt: null });

		const states = await database.db.select().from(documentStates).where(eq(documentStates.documentId, doc.id));
		expect(states).toHaveLength(1);
		expect(states[0].upToUpdateId).toBe(0);
		const log = await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, doc.id));
		expect(log).toHaveLength(0);

		// The stored bytes decode into the failure-analysis template.
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, states[0].state);
		const body = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FRAGMENT), alurSchema());
		const headings: string[] = [];
		body.forEach((node) => {
			if (node.type.name === 'heading') headings.push(node.textContent);
		});
		expect(headings).toEqual(TEMPLATE_SECTIONS.failure_analysis);
	});

	it('rolls the row back when the state cannot be written (one transaction)', async () => {
		const before = await listTeamDocuments(database.db, otherTeamId, { includeArchived: true });
		// A state insert that fails after the row insert: a second row for the same document id is
		// impossible to provoke from outside, so break the template instead (bytea cannot be null).
		await expect(
			createDocument(
				database.db,
				{ orgId, teamId: otherTeamId, type: 'retrospective', title: 'Gagal', createdBy: userId },
				() => null as unknown as Uint8Array
			)
		).rejects.toThrow();
		const after = await listTeamDocuments(database.db, otherTeamId, { includeArchived: true });
		expect(after).toEqual(before);
		const orphans = await database.db.select({ id: documents.id }).from(documents).where(eq(documents.title, 'Gagal'));
		expect(orphans).toHaveLength(0);
	});

	it('builds the template once per document: later reads never reseed it', async () => {
		let calls = 0;
		const doc = await createDocument(
			database.db,
			{ orgId, teamId: otherTeamId, type: 'sop_improvement', title: 'SOP arsip', createdBy: userId },
			(type) => {
				calls += 1;
				return templateUpdate(type);
			}
		);
		expect(calls).toBe(1);
		await updateDocument(database.db, doc.id, { title: 'SOP arsip digital' });
		await setDocumentArchived(database.db, doc.id, true);
		await setDocumentArchived(database.db, doc.id, false);
		expect(calls).toBe(1);
		const states = await database.db.select().from(documentStates).where(eq(documentStates.documentId, doc.id));
		expect(states).toHaveLength(1);
	});

	it('lists a team’s documents with filters by type, status and title, newest change first', async () => {
		const retro = await create('retrospective', 'Retrospektif Mei');
		const sop = await create('sop_improvement', 'Perbaikan SOP antrean');
		await updateDocument(database.db, sop.id, { status: 'in_review' });

		const all = await listTeamDocuments(database.db, teamId);
		expect(all.map((d) => d.id)).toContain(retro.id);
		expect(all[0].id).toBe(sop.id); // updated last
		expect(all.every((d) => d.archivedAt === null)).toBe(true);

		expect((await listTeamDocuments(database.db, teamId, { type: 'retrospective' })).map((d) => d.id)).toEqual([retro.id]);
		expect((await listTeamDocuments(database.db, teamId, { status: 'in_review' })).map((d) => d.id)).toEqual([sop.id]);
		// Case-insensitive substring; another team's documents never appear.
		const antrean = await listTeamDocuments(database.db, teamId, { query: 'ANTREAN' });
		expect(antrean.map((d) => d.title).sort()).toEqual(['Antrean KTP-el melebihi 3 jam', 'Perbaikan SOP antrean']);
		expect(await listTeamDocuments(database.db, teamId, { query: 'arsip' })).toEqual([]);
	});

	it('treats % and _ in a title search as literal characters', async () => {
		await create('retrospective', 'Capaian 100% target');
		expect((await listTeamDocuments(database.db, teamId, { query: '100%' })).map((d) => d.title)).toEqual(['Capaian 100% target']);
		expect(await listTeamDocuments(database.db, teamId, { query: '%' })).toHaveLength(1);
		expect(await listTeamDocuments(database.db, teamId, { query: '_' })).toHaveLength(0);
	});

	it('renames and sets status and visibility, bumping updated_at', async () => {
		const doc = await create('failure_analysis', 'Server SIAK mati');
		await new Promise((r) => setTimeout(r, 5));
		await updateDocument(database.db, doc.id, { title: '  Server SIAK mati 2 jam ', status: 'final', visibility: 'organisation' });
		const after = await findDocument(database.db, doc.id);
		expect(after).toMatchObject({ title: 'Server SIAK mati 2 jam', status: 'final', visibility: 'organisation', type: 'failure_analysis' });
		expect(after!.updatedAt.getTime()).toBeGreaterThan(doc.updatedAt.getTime());
	});

	it('refuses a status outside draft / in review / final at the database too', async () => {
		const doc = await create('retrospective', 'Status aneh');
		await expect(
			database.db.update(documents).set({ status: 'published' as 'final' }).where(eq(documents.id, doc.id))
		).rejects.toThrow();
	});

	it('hides archived documents from the list unless asked, and restores them', async () => {
		const doc = await create('retrospective', 'Retrospektif lama');
		await setDocumentArchived(database.db, doc.id, true);
		expect((await findDocument(database.db, doc.id))!.archivedAt).toBeInstanceOf(Date);
		expect((await listTeamDocuments(database.db, teamId)).map((d) => d.id)).not.toContain(doc.id);
		const withArchived = await listTeamDocuments(database.db, teamId, { includeArchived: true });
		expect(withArchived.find((d) => d.id === doc.id)?.archivedAt).toBeInstanceOf(Date);

		await setDocumentArchived(database.db, doc.id, false);
		expect((await findDocument(database.db, doc.id))!.archivedAt).toBeNull();
		expect((await listTeamDocuments(database.db, teamId)).map((d) => d.id)).toContain(doc.id);
	});

	it('returns the user’s share roles for listed documents only', async () => {
		const doc = await create('failure_analysis', 'Dibagikan');
		const other = await makeUser(database.db);
		await database.db.insert(documentShares).values({ documentId: doc.id, userId: other.id, role: 'commenter' });
		const roles = await listShareRoles(database.db, other.id, [doc.id]);
		expect([...roles]).toEqual([[doc.id, 'commenter']]);
		expect((await listShareRoles(database.db, userId, [doc.id])).size).toBe(0);
		expect((await listShareRoles(database.db, other.id, [])).size).toBe(0);
	});
});
