import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import {
	createDocument,
	listRecentTeamDocuments,
	listTeamDocuments,
	searchDocuments,
	setDocumentArchived,
	updateDocument
} from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { createTeam, findTeam, listTeamMembers, setTeamArchived, setTeamMember } from '../../src/lib/server/repositories/teams';
import { documentShares, documents } from '../../src/lib/server/db/schema';
import type { DocumentType } from '../../src/lib/roles';

/** The queries behind the app shell (sidebar, quick search) and the team page's sorted list. */
describe.each(testDatabases)('shell and team list queries on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let otherOrgId: string;
	let teamId: string;
	let otherTeamId: string;
	let sari: { id: string; name: string };
	let budi: { id: string; name: string };

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		sari = await makeUser(database.db, { name: 'Sari Wulandari' });
		budi = await makeUser(database.db, { name: 'Budi Santoso' });
		orgId = (await makeOrg(database.db, sari.id)).id;
		await addOrgMember(database.db, orgId, budi.id, 'member');
		teamId = (await makeTeam(database.db, orgId, 'Bidang Pelayanan')).id;
		otherTeamId = (await makeTeam(database.db, orgId, 'Bidang Data')).id;
		otherOrgId = (await makeOrg(database.db, budi.id, 'Dinas Lain')).id;
	});
	afterAll(() => database.destroy());

	const create = (title: string, options: { type?: DocumentType; team?: string; by?: string; org?: string } = {}) =>
		createDocument(database.db, {
			orgId: options.org ?? orgId,
			teamId: options.team ?? teamId,
			type: options.type ?? 'retrospective',
			title,
			createdBy: options.by ?? sari.id
		});

	it('makes the creator a member (or mentor) of a new team in the same step', async () => {
		const team = await createTeam(database.db, orgId, { name: 'Bidang Arsip' }, { userId: budi.id, role: 'mentor' });
		expect((await listTeamMembers(database.db, team.id)).map((mb) => [mb.name, mb.role])).toEqual([['Budi Santoso', 'mentor']]);
		// Without a creator (seeding, tests) the team starts empty, as before.
		const empty = await createTeam(database.db, orgId, { name: 'Bidang Kosong' });
		expect(await listTeamMembers(database.db, empty.id)).toEqual([]);
	});

	it('names the author, and the last editor only while the last change is theirs', async () => {
		const doc = await create('Rapat evaluasi', { by: budi.id });
		let [row] = (await listTeamDocuments(database.db, teamId, { query: 'Rapat evaluasi' })).filter((d) => d.id === doc.id);
		expect(row).toMatchObject({ authorName: 'Budi Santoso', editorName: 'Budi Santoso' });

		await updateDocument(database.db, doc.id, { status: 'in_review' }, sari.id);
		[row] = await listTeamDocuments(database.db, teamId, { query: 'Rapat evaluasi' });
		expect(row).toMatchObject({ authorName: 'Budi Santoso', editorName: 'Sari Wulandari' });

		// A change that does not say who made it (as the projection of live edits) makes the
		// last editor unknown rather than leaving Sari's name on someone else's change.
		await database.db.update(documents).set({ updatedAt: new Date(Date.now() + 1000) }).where(eq(documents.id, doc.id));
		[row] = await listTeamDocuments(database.db, teamId, { query: 'Rapat evaluasi' });
		expect(row).toMatchObject({ authorName: 'Budi Santoso', editorName: null });

		await setDocumentArchived(database.db, doc.id, true, budi.id);
		[row] = await listTeamDocuments(database.db, teamId, { query: 'Rapat evaluasi', includeArchived: true });
		expect(row.editorName).toBe('Budi Santoso');
	});

	it('sorts by every column in both directions, unknown names last', async () => {
		const team = (await makeTeam(database.db, orgId, 'Bidang Urut')).id;
		const a = await create('beta', { team, type: 'sop_improvement', by: sari.id });
		const b = await create('Alfa', { team, type: 'failure_analysis', by: budi.id });
		const c = await create('gamma', { team, type: 'retrospective', by: sari.id });
		await updateDocument(database.db, c.id, { status: 'final' }, budi.id);
		await database.db.update(documents).set({ createdBy: null }).where(eq(documents.id, a.id));
		const order = async (sort: 'title' | 'type' | 'status' | 'updated' | 'author' | 'editor', direction: 'asc' | 'desc') =>
			(await listTeamDocuments(database.db, team, { sort, direction })).map((d) => d.title);

		// Case-insensitive titles: "Alfa" before "beta".
		expect(await order('title', 'asc')).toEqual(['Alfa', 'beta', 'gamma']);
		expect(await order('title', 'desc')).toEqual(['gamma', 'beta', 'Alfa']);
		expect(await order('type', 'asc')).toEqual(['Alfa', 'gamma', 'beta']);
		expect((await order('status', 'desc'))[0]).toBe('gamma');
		expect(await order('updated', 'desc')).toEqual(['gamma', 'Alfa', 'beta']);
		// beta's author account is gone (null): last in both directions.
		expect(await order('author', 'asc')).toEqual(['Alfa', 'gamma', 'beta']);
		expect(await order('author', 'desc')).toEqual(['gamma', 'Alfa', 'beta']);
		// Editors: Budi (gamma, Alfa), Sari (beta); a tie goes to the newer change.
		expect(await order('editor', 'asc')).toEqual(['gamma', 'Alfa', 'beta']);
		expect(await order('editor', 'desc')).toEqual(['beta', 'gamma', 'Alfa']);
	});

	it('quick search finds by title only what the user may open, never across organisations', async () => {
		const own = await create('Antrean KTP-el pagi');
		const otherTeam = await create('Antrean data ganda', { team: otherTeamId });
		const open = await create('Antrean terbuka untuk organisasi', { team: otherTeamId });
		await updateDocument(database.db, open.id, { visibility: 'organisation' });
		const shared = await create('Antrean dibagikan', { team: otherTeamId });
		await database.db.insert(documentShares).values({ documentId: shared.id, userId: budi.id, role: 'viewer' });
		const archived = await create('Antrean lama');
		await setDocumentArchived(database.db, archived.id, true);
		const otherOrgTeam = (await makeTeam(database.db, otherOrgId, 'Tim lain')).id;
		await create('Antrean di dinas lain', { team: otherOrgTeam, org: otherOrgId, by: budi.id });
		const team = await findTeam(database.db, orgId, teamId);
		if (!team) throw new Error('team missing');
		await setTeamMember(database.db, team, budi.id, 'member');

		const search = (broad: boolean, teamIds: string[]) =>
			searchDocuments(database.db, { orgId, userId: budi.id, query: 'antrean', broad, teamIds, limit: 10 }).then((rows) =>
				rows.map((r) => r.id).sort()
			);
		// Budi: member of teamId, a share on one document of the other team, and the open one.
		expect(await search(false, [teamId])).toEqual([own.id, open.id, shared.id].sort());
		// An admin or knowledge manager (broad) reaches every live document of this organisation only.
		expect(await search(true, [])).toEqual([own.id, otherTeam.id, open.id, shared.id].sort());

		// Documents of an archived team are out of the search, like every list.
		await setTeamArchived(database.db, otherTeamId, true);
		expect(await search(true, [])).toEqual([own.id]);
		await setTeamArchived(database.db, otherTeamId, false);
	});

	it('lists a few recent documents per team, newest first, without archived ones', async () => {
		const team = (await makeTeam(database.db, orgId, 'Bidang Terbaru')).id;
		const second = (await makeTeam(database.db, orgId, 'Bidang Kedua')).id;
		const made = [];
		for (let i = 1; i <= 4; i += 1) made.push(await create(`Dokumen ${i}`, { team }));
		await updateDocument(database.db, made[0].id, { status: 'final' }, sari.id); // now the newest
		await setDocumentArchived(database.db, made[3].id, true);
		await create('Satu-satunya', { team: second });

		const recent = await listRecentTeamDocuments(database.db, [team, second], 2);
		expect(recent.filter((d) => d.teamId === team).map((d) => d.title)).toEqual(['Dokumen 1', 'Dokumen 3']);
		expect(recent.filter((d) => d.teamId === second).map((d) => d.title)).toEqual(['Satu-satunya']);
		expect(await listRecentTeamDocuments(database.db, [], 5)).toEqual([]);
	});
});
