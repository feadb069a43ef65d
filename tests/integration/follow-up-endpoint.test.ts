import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument, updateDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { setTeamMember } from '../../src/lib/server/repositories/teams';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { walkDocument } from '../../src/lib/projection/walk';
import type { DocumentType } from '../../src/lib/roles';
import { GET as followUpGET } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/follow-up/+server';
import { GET as peopleGET } from '../../src/routes/api/orgs/[orgId]/documents/[documentId]/people/+server';

/**
 * A retrospective's follow-up endpoint (what its page refreshes from) and the people endpoint's
 * `teamMember` on a real database: the team's open actions from earlier failure analyses and
 * retrospectives the caller may open — not SOP improvements, not later documents, not this one —
 * and the usual refusals as JSON.
 */

type User = Awaited<ReturnType<typeof makeUser>>;

function actions(...items: { id: string; text: string; dueOn?: string }[]): Y.Doc {
	const doc = new Y.Doc();
	const list = new Y.XmlElement('taskList');
	list.insert(
		0,
		items.map((item) => {
			const el = new Y.XmlElement('taskItem');
			el.setAttribute('id', item.id);
			if (item.dueOn) el.setAttribute('dueOn', item.dueOn);
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(item.text)]);
			el.insert(0, [p]);
			return el;
		})
	);
	doc.getXmlFragment('default').insert(0, [list]);
	return doc;
}

describe.each(testDatabases)('follow-up endpoint on %s', (kind) => {
	let database: TestDatabase;
	let author: User;
	let mentor: User;
	let orgMember: User;
	let stranger: User;
	let orgId: string;
	let teamId: string;
	let retro: string;
	let sop: string;
	const blocks: Record<string, string> = {};

	async function call(handler: (event: never) => Response | Promise<Response>, user: User | null, documentId: string, path: string) {
		const url = new URL(`http://localhost/api/orgs/${orgId}/documents/${documentId}/${path}`);
		const response = await handler({ locals: { database, user, session: null }, url, params: { orgId, documentId }, setHeaders: () => {} } as never);
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}
	const followUp = (user: User | null, documentId: string) => call(followUpGET, user, documentId, 'follow-up');

	const newDoc = async (title: string, type: DocumentType, items: { id: string; text: string; dueOn?: string }[] = []) => {
		const id = (await createDocument(database.db, { orgId, teamId, type, title, createdBy: author.id })).id;
		// Documents created in the same millisecond would not be "earlier" than one another.
		await new Promise((resolve) => setTimeout(resolve, 5));
		if (items.length > 0) await writeDocumentProjection(database.db, { documentId: id, orgId, projection: walkDocument(actions(...items)) });
		return id;
	};

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		author = await makeUser(database.db, { name: 'Ani Rahma' });
		mentor = await makeUser(database.db, { name: 'Citra Mentor' });
		orgMember = await makeUser(database.db, { name: 'Dedi Bidang Lain' });
		stranger = await makeUser(database.db, { name: 'Orang Luar' });
		orgId = (await makeOrg(database.db, author.id)).id;
		await addOrgMember(database.db, orgId, mentor.id, 'member');
		await addOrgMember(database.db, orgId, orgMember.id, 'member');
		const team = await makeTeam(database.db, orgId, 'Bidang Pelayanan');
		teamId = team.id;
		await setTeamMember(database.db, team, author.id, 'member');
		await setTeamMember(database.db, team, mentor.id, 'mentor');
		for (const key of ['analysis', 'openRetro', 'sop', 'later', 'own']) blocks[key] = crypto.randomUUID();
		const analysis = await newDoc('Analisis gangguan', 'failure_analysis', [{ id: blocks.analysis, text: 'Pasang pemantau', dueOn: '2026-01-10' }]);
		const earlier = await newDoc('Retrospektif Januari', 'retrospective', [{ id: blocks.openRetro, text: 'Perbarui SOP loket' }]);
		await updateDocument(database.db, earlier, { visibility: 'organisation' }, author.id);
		sop = await newDoc('Perbaikan SOP', 'sop_improvement', [{ id: blocks.sop, text: 'Di SOP' }]);
		retro = await newDoc('Retrospektif Februari', 'retrospective', [{ id: blocks.own, text: 'Milik dokumen ini' }]);
		await newDoc('Retrospektif Maret', 'retrospective', [{ id: blocks.later, text: 'Dokumen sesudahnya' }]);
		expect(analysis).not.toBe(earlier);
	});
	afterAll(() => database.destroy());

	it('lists the open actions of earlier failure analyses and retrospectives of the team, overdue first', async () => {
		const { status, body } = await followUp(author, retro);
		expect(status).toBe(200);
		const list = body.actions as { text: string; overdue: boolean; documentTitle: string }[];
		expect(list.map((a) => [a.text, a.overdue, a.documentTitle])).toEqual([
			['Pasang pemantau', true, 'Analisis gangguan'],
			['Perbarui SOP loket', false, 'Retrospektif Januari']
		]);
	});

	it('shows a member of another team only the actions of documents open to the organisation', async () => {
		await updateDocument(database.db, retro, { visibility: 'organisation' }, author.id);
		const { status, body } = await followUp(orgMember, retro);
		expect(status).toBe(200);
		expect((body.actions as { text: string }[]).map((a) => a.text)).toEqual(['Perbarui SOP loket']);
	});

	it('answers 401 signed out, 404 to outsiders and 400 for a document that is not a retrospective, as JSON', async () => {
		expect((await followUp(null, retro)).status).toBe(401);
		const outside = await followUp(stranger, retro);
		expect(outside).toMatchObject({ status: 404, body: { code: 'not_found' } });
		expect((await followUp(author, crypto.randomUUID())).status).toBe(404);
		expect((await followUp(author, 'bukan-uuid')).status).toBe(404);
		expect(await followUp(author, sop)).toMatchObject({ status: 400, body: { code: 'not_a_retrospective' } });
	});

	it('tells the editor which of the document’s people are team members (mentors are not)', async () => {
		const { status, body } = await call(peopleGET, author, retro, 'people');
		expect(status).toBe(200);
		const people = new Map((body.people as { id: string; teamMember: boolean }[]).map((p) => [p.id, p.teamMember]));
		expect([people.get(author.id), people.get(mentor.id), people.get(orgMember.id)]).toEqual([true, false, false]);
	});
});
