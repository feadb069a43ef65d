import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument, setDocumentArchived, updateDocument } from '../../src/lib/server/repositories/documents';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { setTeamMember } from '../../src/lib/server/repositories/teams';
import { listOpenActions } from '../../src/lib/server/repositories/action-items';
import { openActionsForViewer } from '../../src/lib/server/open-actions';
import { loadMembership } from '../../src/lib/server/authz';
import { actionItems, type Team } from '../../src/lib/server/db/schema';
import { walkDocument } from '../../src/lib/projection/walk';
import type { DocumentType } from '../../src/lib/roles';

/*
 * taskItem nodes → action_items, through the projection's real write path (walkDocument on a
 * Y.Doc, then writeDocumentProjection), and the open-action lists read from them.
 */

interface Item {
	id: string;
	text: string;
	ownerId?: string | null;
	dueOn?: string | null;
	checked?: boolean;
}

/** A body with one task list of the given items (attributes as y-prosemirror stores them). */
function body(...items: Item[]): Y.Doc {
	const doc = new Y.Doc();
	const list = new Y.XmlElement('taskList');
	list.insert(
		0,
		items.map((item) => {
			const el = new Y.XmlElement('taskItem');
			el.setAttribute('id', item.id);
			el.setAttribute('checked', (item.checked ?? false) as unknown as string);
			el.setAttribute('ownerId', (item.ownerId ?? null) as unknown as string);
			el.setAttribute('dueOn', (item.dueOn ?? null) as unknown as string);
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(item.text)]);
			el.insert(0, [p]);
			return el;
		})
	);
	doc.getXmlFragment('default').insert(0, [list]);
	return doc;
}

describe.each(testDatabases)('action items on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let team: Team;
	let otherTeam: Team;
	let author: string;
	let member: string;
	let mentor: string;
	let outsider: string; // a member of the organisation, not of the team

	const newDoc = (title: string, type: DocumentType = 'retrospective', teamId = team.id, org = orgId) =>
		createDocument(database.db, { orgId: org, teamId, type, title, createdBy: author }).then((d) => d.id);

	const project = (documentId: string, doc: Y.Doc, now = new Date()) =>
		writeDocumentProjection(database.db, { documentId, orgId, projection: walkDocument(doc), now });

	const rowsOf = (documentId: string) =>
		database.db.select().from(actionItems).where(eq(actionItems.originDocumentId, documentId)).orderBy(actionItems.createdAt, actionItems.blockId);

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		author = (await makeUser(database.db, { name: 'Ani Rahma' })).id;
		member = (await makeUser(database.db, { name: 'Budi Santoso' })).id;
		mentor = (await makeUser(database.db, { name: 'Citra Mentor' })).id;
		outsider = (await makeUser(database.db, { name: 'Dedi Luar' })).id;
		orgId = (await makeOrg(database.db, author)).id;
		for (const user of [member, mentor, outsider]) await addOrgMember(database.db, orgId, user, 'member');
		team = await makeTeam(database.db, orgId, 'Bidang Pelayanan');
		otherTeam = await makeTeam(database.db, orgId, 'Bidang Perizinan');
		await setTeamMember(database.db, team, author, 'member');
		await setTeamMember(database.db, team, member, 'member');
		await setTeamMember(database.db, team, mentor, 'mentor');
		await setTeamMember(database.db, otherTeam, outsider, 'member');
	});
	afterAll(() => database.destroy());

	it('adds, edits, ticks done, unticks, removes and restores an item, in place', async () => {
		const docId = await newDoc('Retrospektif Maret');
		const id = crypto.randomUUID();
		const t0 = new Date('2026-12-01T10:00:00Z');
		await project(docId, body({ id, text: 'Perbarui SOP loket', ownerId: member, dueOn: '2026-12-15' }), t0);
		let [row] = await rowsOf(docId);
		expect(row).toMatchObject({
			orgId,
			originTeamId: team.id,
			documentId: docId,
			blockId: id,
			text: 'Perbarui SOP loket',
			ownerId: member,
			dueOn: '2026-12-15',
			done: false,
			doneAt: null,
			removedAt: null,
			updatedAt: t0
		});

		// Unchanged: not rewritten.
		await project(docId, body({ id, text: 'Perbarui SOP loket', ownerId: member, dueOn: '2026-12-15' }), new Date('2026-12-01T10:30:00Z'));
		expect((await rowsOf(docId))[0].updatedAt).toEqual(t0);

		// Edited: same row.
		const t1 = new Date('2026-12-01T11:00:00Z');
		await project(docId, body({ id, text: 'Perbarui SOP loket dan formulir', ownerId: author, dueOn: '2026-12-20' }), t1);
		[row] = await rowsOf(docId);
		expect(row).toMatchObject({ text: 'Perbarui SOP loket dan formulir', ownerId: author, dueOn: '2026-12-20', updatedAt: t1 });

		// Ticked done: done_at is the server's time when first seen done, kept while it stays done.
		const t2 = new Date('2026-12-02T09:00:00Z');
		await project(docId, body({ id, text: 'Perbarui SOP loket dan formulir', ownerId: author, dueOn: '2026-12-20', checked: true }), t2);
		expect((await rowsOf(docId))[0]).toMatchObject({ done: true, doneAt: t2 });
		await project(docId, body({ id, text: 'Perbarui SOP loket & formulir', ownerId: author, dueOn: '2026-12-20', checked: true }), new Date('2026-12-03T09:00:00Z'));
		expect((await rowsOf(docId))[0]).toMatchObject({ done: true, doneAt: t2, text: 'Perbarui SOP loket & formulir' });

		// Unticked: cleared.
		await project(docId, body({ id, text: 'Perbarui SOP loket & formulir', ownerId: author, dueOn: '2026-12-20' }), new Date('2026-12-04T09:00:00Z'));
		expect((await rowsOf(docId))[0]).toMatchObject({ done: false, doneAt: null });

		// Removed, then back (undo): the same row, removed_at set then cleared.
		const t5 = new Date('2026-12-05T09:00:00Z');
		await project(docId, new Y.Doc(), t5);
		expect(await rowsOf(docId)).toEqual([expect.objectContaining({ id: row.id, removedAt: t5 })]);
		await project(docId, body({ id, text: 'Perbarui SOP loket & formulir', ownerId: author, dueOn: '2026-12-20' }), new Date('2026-12-06T09:00:00Z'));
		expect(await rowsOf(docId)).toEqual([expect.objectContaining({ id: row.id, removedAt: null, done: false })]);
	});

	it('keeps an owner only if a member of the document’s team: a mentor, another team’s member or a stranger is nobody', async () => {
		const docId = await newDoc('Retrospektif April');
		const stranger = (await makeUser(database.db)).id;
		const [a, b, c, d] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
		await project(
			docId,
			body(
				{ id: a, text: 'oleh anggota', ownerId: member },
				{ id: b, text: 'oleh mentor', ownerId: mentor },
				{ id: c, text: 'oleh tim lain', ownerId: outsider },
				{ id: d, text: 'oleh orang asing', ownerId: stranger }
			)
		);
		const owners = new Map((await rowsOf(docId)).map((r) => [r.blockId, r.ownerId]));
		expect([owners.get(a), owners.get(b), owners.get(c), owners.get(d)]).toEqual([member, null, null, null]);
	});

	it('moves an item between documents: removed from the first, open in the second, listed once', async () => {
		const from = await newDoc('Analisis gangguan server', 'failure_analysis');
		const to = await newDoc('Retrospektif Mei');
		const id = crypto.randomUUID();
		const item = { id, text: 'Pasang pemantau kapasitas', ownerId: member, dueOn: '2026-11-30' };
		await project(from, body(item));
		// Cut from one, pasted into the other (the id travels with it).
		await project(to, body(item));
		await project(from, new Y.Doc());
		expect(await rowsOf(from)).toEqual([expect.objectContaining({ blockId: id, removedAt: expect.any(Date) })]);
		expect(await rowsOf(to)).toEqual([expect.objectContaining({ blockId: id, removedAt: null, ownerId: member, documentId: to })]);
		const open = await listOpenActions(database.db, { orgId, teamId: team.id, today: '2026-12-01' });
		expect(open.filter((a) => a.blockId === id)).toEqual([expect.objectContaining({ documentId: to, overdue: true, ownerName: 'Budi Santoso' })]);
	});

	it('lists a team’s open actions: overdue first and flagged, not done, not removed, live documents only, with filters', async () => {
		const cleanTeam = await makeTeam(database.db, orgId, 'Bidang Data');
		await setTeamMember(database.db, cleanTeam, member, 'member');
		const older = await newDoc('Retrospektif lama', 'retrospective', cleanTeam.id);
		const analysis = await newDoc('Analisis antrean', 'failure_analysis', cleanTeam.id);
		const sop = await newDoc('Perbaikan SOP', 'sop_improvement', cleanTeam.id);
		const archived = await newDoc('Retrospektif diarsipkan', 'retrospective', cleanTeam.id);
		const elsewhere = await newDoc('Retrospektif tim lain', 'retrospective', otherTeam.id);
		const [late, soon, none, done, gone, inSop, inArchived, inOther] = Array.from({ length: 8 }, () => crypto.randomUUID());
		await project(
			older,
			body(
				{ id: soon, text: 'Jatuh tempo nanti', dueOn: '2026-12-10', ownerId: member },
				{ id: none, text: 'Tanpa tenggat' },
				{ id: done, text: 'Sudah selesai', dueOn: '2026-11-01', checked: true }
			),
			new Date('2026-11-01T08:00:00Z')
		);
		await project(analysis, body({ id: late, text: 'Sudah lewat', dueOn: '2026-11-20' }, { id: gone, text: 'Akan dihapus' }));
		await project(analysis, body({ id: late, text: 'Sudah lewat', dueOn: '2026-11-20' }));
		await project(sop, body({ id: inSop, text: 'Di SOP' }), new Date('2026-11-02T08:00:00Z'));
		await project(archived, body({ id: inArchived, text: 'Di arsip' }));
		await setDocumentArchived(database.db, archived, true, author);
		await project(elsewhere, body({ id: inOther, text: 'Tim lain' }));

		const today = '2026-12-01';
		const all = await listOpenActions(database.db, { orgId, teamId: cleanTeam.id, today });
		// Overdue first, then by due date (none last), then oldest first.
		expect(all.map((a) => [a.blockId, a.overdue])).toEqual([
			[late, true],
			[soon, false],
			[none, false],
			[inSop, false]
		]);
		expect(all.find((a) => a.blockId === soon)).toMatchObject({ ownerName: 'Budi Santoso', dueOn: '2026-12-10', documentTitle: 'Retrospektif lama' });

		const retroAndAnalyses = await listOpenActions(database.db, {
			orgId,
			teamId: cleanTeam.id,
			today,
			documentTypes: ['failure_analysis', 'retrospective'],
			excludeDocumentId: older
		});
		expect(retroAndAnalyses.map((a) => a.blockId)).toEqual([late]);

		const before = await listOpenActions(database.db, { orgId, teamId: cleanTeam.id, today, createdBefore: new Date('2000-01-01') });
		expect(before).toEqual([]);

		// Another organisation asking for this team gets nothing.
		const otherOrg = (await makeOrg(database.db, author, 'Dinas Lain')).id;
		expect(await listOpenActions(database.db, { orgId: otherOrg, teamId: cleanTeam.id, today })).toEqual([]);
	});

	it('shows a viewer only the actions of documents they may open', async () => {
		const viewTeam = await makeTeam(database.db, orgId, 'Bidang Arsip');
		await setTeamMember(database.db, viewTeam, member, 'member');
		const teamOnly = await newDoc('Retrospektif internal', 'retrospective', viewTeam.id);
		const shared = await newDoc('Retrospektif terbuka', 'retrospective', viewTeam.id);
		await updateDocument(database.db, shared, { visibility: 'organisation' }, author);
		const [hidden, visible] = [crypto.randomUUID(), crypto.randomUUID()];
		await project(teamOnly, body({ id: hidden, text: 'Rahasia tim' }));
		await project(shared, body({ id: visible, text: 'Untuk semua' }));
		const query = { orgId, teamId: viewTeam.id, today: '2026-12-01' };
		const forMember = await openActionsForViewer(database.db, { id: member, email: 'b@example.go.id', name: 'Budi' }, await loadMembership(database.db, member, orgId), query);
		expect(new Set(forMember.map((a) => a.blockId))).toEqual(new Set([hidden, visible]));
		const forOutsider = await openActionsForViewer(database.db, { id: outsider, email: 'd@example.go.id', name: 'Dedi' }, await loadMembership(database.db, outsider, orgId), query);
		expect(forOutsider.map((a) => a.blockId)).toEqual([visible]);
	});
});
