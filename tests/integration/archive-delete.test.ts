import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import type { Db } from '../../src/lib/server/db';
import {
	documentProjections,
	documentShares,
	documentStates,
	documentUpdates,
	documents,
	invitations,
	lessons,
	processChanges,
	teamMembers
} from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import {
	deleteTeamPermanently,
	findTeam,
	listTeams,
	setTeamArchived,
	setTeamMember,
	summarizeTeamDeletion
} from '../../src/lib/server/repositories/teams';
import {
	countDocumentHistory,
	createDocument,
	deleteDocumentPermanently,
	listTeamDocuments
} from '../../src/lib/server/repositories/documents';
import { appendDocumentUpdate } from '../../src/lib/server/repositories/document-log';
import { createInvitation } from '../../src/lib/server/repositories/invitations';
import { ProjectedDocumentMissingError, writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { checkSessionsAccess } from '../../src/lib/server/repositories/sync-access';
import { loadUpgradeAccess } from '../../src/lib/server/repositories/upgrade-access';
import { createSession, sessionPolicy } from '../../src/lib/server/auth/session';
import { documentResource, loadDocumentAccess } from '../../src/lib/server/authz';
import { can } from '../../src/lib/access';
import type { DocumentProjection, ProjectedProcessChange } from '../../src/lib/projection/walk';
import { actions as teamActions } from '../../src/routes/o/[orgId]/teams/[teamId]/+page.server';
import { actions as documentActions } from '../../src/routes/o/[orgId]/d/[documentId]/+page.server';

const policy = sessionPolicy(14, 60);

function projectionOf(lessonBlocks: string[], changes: Partial<ProjectedProcessChange>[] = []): DocumentProjection {
	return {
		lessons: lessonBlocks.map((blockId, i) => ({ blockId, title: `Pelajaran ${i + 1}`, body: 'Isi pelajaran' })),
		processChanges: changes.map((c) => ({
			blockId: crypto.randomUUID(),
			indicator: 'Waktu tunggu',
			unit: 'menit',
			direction: 'decrease',
			baseline: 180,
			target: 60,
			lessonIds: [],
			description: '',
			...c
		})),
		commentThreads: 0,
		openCommentThreads: 0,
		wordCount: 10
	};
}

/**
 * Calls a page's form action as SvelteKit would, with a real database and a signed-in user:
 * what it returns (a `fail`) or throws (a redirect, a 403/404) is the action's answer.
 */
type AnyAction = (event: never) => unknown;
async function post(
	action: AnyAction | undefined,
	database: TestDatabase,
	user: { id: string; email: string; name: string },
	params: Record<string, string>,
	fields: Record<string, string> = {}
): Promise<unknown> {
	if (!action) throw new Error('no such action');
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.set(key, value);
	const url = new URL('http://localhost/o/x');
	const event = {
		request: new Request(url, { method: 'POST', body }),
		url,
		params,
		locals: { database, user, session: null }
	};
	try {
		return await action(event as never);
	} catch (thrown) {
		return { thrown };
	}
}

describe.each(testDatabases)('archiving and permanent deletion on %s', (kind) => {
	let database: TestDatabase;
	let db: Db;
	let admin: Awaited<ReturnType<typeof makeUser>>;
	let writer: Awaited<ReturnType<typeof makeUser>>;
	let orgId: string;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		admin = await makeUser(db, { name: 'Admin Dinas' });
		writer = await makeUser(db, { name: 'Sari Penulis' });
		orgId = (await makeOrg(db, admin.id)).id;
		await addOrgMember(db, orgId, writer.id, 'member');
	});
	afterAll(() => database.destroy());

	async function teamWithDocument(name: string) {
		const team = await makeTeam(db, orgId, name);
		await setTeamMember(db, team, writer.id, 'member');
		const doc = await createDocument(db, { orgId, teamId: team.id, type: 'sop_improvement', title: `SOP ${name}`, createdBy: writer.id });
		return { team, doc };
	}

	it('an archived team leaves the list, its documents become read-only everywhere, and restoring undoes both', async () => {
		const { team, doc } = await teamWithDocument('Bidang Arsip');
		const { sessionId, token } = await (async () => {
			const { token } = await createSession(db, writer.id, policy);
			return { token, sessionId: token.split('.')[0] };
		})();
		const names = async (archived: boolean) => (await listTeams(db, orgId, admin.id, { archived })).map((t) => t.name);

		await setTeamArchived(db, team.id, true);
		expect(await names(false)).not.toContain('Bidang Arsip');
		expect(await names(true)).toContain('Bidang Arsip');
		// The document row itself is untouched: only its team is archived.
		const access = await loadDocumentAccess(db, writer.id, doc.id);
		expect(access?.teamArchived).toBe(true);
		expect(access?.document.archivedAt).toBeNull();
		const resource = documentResource(access!.document, access!.sharedRole, access!.teamArchived);
		expect([can(access!.membership, 'view', resource), can(access!.membership, 'edit', resource), can(access!.membership, 'comment', resource)]).toEqual([true, false, false]);
		// The sync server's two access queries cap the team member at viewer, and say why.
		const upgrade = await loadUpgradeAccess(db, token, doc.id, policy);
		expect(upgrade.status === 'ok' && upgrade.role).toBe('viewer');
		const recheck = await checkSessionsAccess(db, new Map([[doc.id, [sessionId]]]), policy);
		expect(recheck.get(doc.id)?.get(sessionId)).toMatchObject({ status: 'ok', userId: writer.id, role: 'viewer', archived: true });
		// Nor can anyone start a new document there.
		const writerMembership = access!.membership;
		expect(can(writerMembership, 'createDocument', { kind: 'team', orgId, teamId: team.id, archived: true })).toBe(false);

		await setTeamArchived(db, team.id, false);
		expect(await names(false)).toContain('Bidang Arsip');
		expect(await names(true)).not.toContain('Bidang Arsip');
		const restored = await loadUpgradeAccess(db, token, doc.id, policy);
		expect(restored.status === 'ok' && restored.role).toBe('editor');
		const again = await checkSessionsAccess(db, new Map([[doc.id, [sessionId]]]), policy);
		expect(again.get(doc.id)?.get(sessionId)).toMatchObject({ status: 'ok', userId: writer.id, role: 'editor', archived: false });
	});

	it("deleting a document permanently removes its content and keeps its lessons and process changes as history", async () => {
		const { team, doc } = await teamWithDocument('Bidang Data');
		const lessonBlock = crypto.randomUUID();
		await writeDocumentProjection(db, { documentId: doc.id, orgId, projection: projectionOf([lessonBlock], [{ lessonIds: [lessonBlock] }]) });
		await appendDocumentUpdate(db, doc.id, new Uint8Array([0, 0]));
		await db.insert(documentShares).values({ documentId: doc.id, userId: admin.id, role: 'viewer' });
		expect(await countDocumentHistory(db, doc.id)).toEqual({ lessons: 1, processChanges: 1 });

		expect(await deleteDocumentPermanently(db, doc.id)).toBe(true);
		expect(await deleteDocumentPermanently(db, doc.id)).toBe(false);

		for (const table of [documentStates, documentUpdates, documentShares, documentProjections]) {
			expect(await db.select().from(table).where(eq(table.documentId, doc.id))).toEqual([]);
		}
		const [lesson] = await db.select().from(lessons).where(eq(lessons.originDocumentId, doc.id));
		expect(lesson).toMatchObject({ orgId, sourceDocumentId: null, originTeamId: team.id, blockId: lessonBlock, title: 'Pelajaran 1', removedAt: null });
		const [change] = await db.select().from(processChanges).where(eq(processChanges.originDocumentId, doc.id));
		expect(change).toMatchObject({ orgId, documentId: null, originTeamId: team.id, linkedLessonIds: [lessonBlock], baseline: 180 });
		// A room that still holds the document cannot write its projection back (nothing is forged).
		await expect(
			writeDocumentProjection(db, { documentId: doc.id, orgId, projection: projectionOf([crypto.randomUUID()]) })
		).rejects.toBeInstanceOf(ProjectedDocumentMissingError);
		expect(await db.select().from(lessons).where(eq(lessons.originDocumentId, doc.id))).toHaveLength(1);
	});

	it('deleting a team permanently removes documents, memberships and invitations, and keeps lessons and process changes', async () => {
		const { team, doc } = await teamWithDocument('Bidang Hapus');
		const archivedDoc = await createDocument(db, { orgId, teamId: team.id, type: 'retrospective', title: 'Retro lama', createdBy: writer.id });
		await db.update(documents).set({ archivedAt: new Date() }).where(eq(documents.id, archivedDoc.id));
		const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
		await writeDocumentProjection(db, { documentId: doc.id, orgId, projection: projectionOf([a, b], [{ lessonIds: [a] }]) });
		await createInvitation(db, { orgId, orgRole: 'member', teamId: team.id, createdBy: admin.id, expiresAt: new Date(Date.now() + 86_400_000) });

		expect(await summarizeTeamDeletion(db, team.id)).toEqual({ documents: 2, members: 1, lessons: 2, processChanges: 1 });
		expect(await deleteTeamPermanently(db, team.id)).toBe(true);

		expect(await findTeam(db, orgId, team.id)).toBeUndefined();
		expect(await db.select().from(documents).where(eq(documents.teamId, team.id))).toEqual([]);
		expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id))).toEqual([]);
		expect(await db.select().from(invitations).where(eq(invitations.teamId, team.id))).toEqual([]);
		const kept = await db.select().from(lessons).where(eq(lessons.originTeamId, team.id));
		expect(kept.map((l) => l.blockId).sort()).toEqual([a, b].sort());
		expect(kept.every((l) => l.sourceDocumentId === null && l.originDocumentId === doc.id)).toBe(true);
		expect(await db.select().from(processChanges).where(eq(processChanges.originTeamId, team.id))).toHaveLength(1);
	});

	describe('the projection keeps only lessons of the document\'s organisation', () => {
		it('drops a forged lesson id from another organisation and a random uuid, keeps its own and its organisation\'s', async () => {
			const { doc } = await teamWithDocument('Bidang Tautan');
			const { doc: sibling } = await teamWithDocument('Bidang Saudara');
			const siblingBlock = crypto.randomUUID();
			await writeDocumentProjection(db, { documentId: sibling.id, orgId, projection: projectionOf([siblingBlock]) });
			const [siblingLesson] = await db.select().from(lessons).where(eq(lessons.blockId, siblingBlock));

			// Another organisation's lesson: a forged reference to it must not count here.
			const stranger = await makeUser(db);
			const otherOrg = await makeOrg(db, stranger.id, 'Dinas Lain');
			const otherTeam = await makeTeam(db, otherOrg.id);
			const otherDoc = await createDocument(db, { orgId: otherOrg.id, teamId: otherTeam.id, type: 'retrospective', title: 'Lain', createdBy: stranger.id });
			const foreignBlock = crypto.randomUUID();
			await writeDocumentProjection(db, { documentId: otherDoc.id, orgId: otherOrg.id, projection: projectionOf([foreignBlock]) });
			const [foreign] = await db.select().from(lessons).where(eq(lessons.blockId, foreignBlock));

			const own = crypto.randomUUID();
			const random = crypto.randomUUID();
			const changeBlock = crypto.randomUUID();
			const linked = [own, foreign.id, foreignBlock, random, siblingLesson.id, siblingBlock];
			await writeDocumentProjection(db, {
				documentId: doc.id,
				orgId,
				projection: projectionOf([own], [{ blockId: changeBlock, lessonIds: linked }])
			});
			const [change] = await db.select().from(processChanges).where(eq(processChanges.blockId, changeBlock));
			expect(change.linkedLessonIds).toEqual([own, siblingLesson.id, siblingBlock]);

			// The caller's organisation is not trusted either: the document row's is used.
			const forgedBlock = crypto.randomUUID();
			await writeDocumentProjection(db, {
				documentId: doc.id,
				orgId: otherOrg.id,
				projection: projectionOf([own], [{ blockId: forgedBlock, lessonIds: [foreign.id, own] }])
			});
			const [forged] = await db.select().from(processChanges).where(eq(processChanges.blockId, forgedBlock));
			expect(forged).toMatchObject({ orgId, linkedLessonIds: [own] });
			const [ownLesson] = await db.select().from(lessons).where(eq(lessons.blockId, own));
			expect(ownLesson.orgId).toBe(orgId);
		});
	});

	describe('CHECK constraints', () => {
		const rejects = async (statement: ReturnType<typeof sql>) => {
			await expect(db.execute(statement)).rejects.toThrow();
		};

		it('refuse a lesson status, change direction, share role or merge outside the rules', async () => {
			const { team, doc } = await teamWithDocument('Bidang Aturan');
			const lesson = (status: string, mergedInto: string | null) => sql`
				insert into ${lessons} (id, org_id, source_document_id, origin_document_id, origin_team_id, block_id, title, body, status, merged_into)
				values (${crypto.randomUUID()}, ${orgId}, ${doc.id}, ${doc.id}, ${team.id}, ${crypto.randomUUID()}, 't', 'b', ${status}, ${mergedInto})`;
			const change = (direction: string, linked = '[]') => sql`
				insert into ${processChanges} (id, org_id, document_id, origin_document_id, origin_team_id, block_id, indicator, unit, direction, linked_lesson_ids)
				values (${crypto.randomUUID()}, ${orgId}, ${doc.id}, ${doc.id}, ${team.id}, ${crypto.randomUUID()}, 'i', 'u', ${direction}, ${linked}::jsonb)`;

			await rejects(lesson('deleted', null));
			await rejects(lesson('merged', null));
			await rejects(lesson('published', crypto.randomUUID()));
			await db.execute(lesson('published', null));
			await db.execute(lesson('merged', crypto.randomUUID()));

			await rejects(change('sideways'));
			await rejects(change('increase', '{"a":1}'));
			await db.execute(change('increase'));

			await rejects(sql`insert into ${documentShares} (document_id, user_id, role) values (${doc.id}, ${admin.id}, 'owner')`);
			await rejects(
				sql`insert into ${documentProjections} (document_id, comment_threads, open_comment_threads) values (${doc.id}, 1, 2)`
			);
			const invitation = (orgRole: string, teamId: string | null, teamRole: string | null) => sql`
				insert into ${invitations} (id, org_id, token_hash, org_role, team_id, team_role, expires_at)
				values (${crypto.randomUUID()}, ${orgId}, decode(${crypto.randomUUID().replaceAll('-', '')}, 'hex'), ${orgRole}, ${teamId}, ${teamRole}, now())`;
			await rejects(invitation('owner', null, null));
			await rejects(invitation('member', team.id, null));
			await rejects(invitation('member', null, 'mentor'));
			await rejects(invitation('member', team.id, 'boss'));
			await db.execute(invitation('member', team.id, 'mentor'));
		});
	});

	describe('the team page actions', () => {
		it('archive and restore are an admin\'s; a team member gets 403', async () => {
			const { team } = await teamWithDocument('Bidang Aksi');
			const params = { orgId, teamId: team.id };
			const refused = await post(teamActions.archive, database, writer, params);
			expect(refused).toMatchObject({ thrown: { status: 403 } });
			expect((await findTeam(db, orgId, team.id))?.archivedAt).toBeNull();

			await post(teamActions.archive, database, admin, params);
			expect((await findTeam(db, orgId, team.id))?.archivedAt).toBeInstanceOf(Date);
			await post(teamActions.restore, database, admin, params);
			expect((await findTeam(db, orgId, team.id))?.archivedAt).toBeNull();
		});

		it('delete permanently wants the typed name, keeps what was typed, and refuses non-admins and outsiders', async () => {
			const { team, doc } = await teamWithDocument('Bidang Konfirmasi');
			const params = { orgId, teamId: team.id };

			const wrong = await post(teamActions.deletePermanently, database, admin, params, { confirm: 'Bidang konfirmasi', documents: '1' });
			expect(wrong).toMatchObject({ status: 400, data: { deleteTeam: { values: { confirm: 'Bidang konfirmasi' } } } });
			expect((wrong as { data: { deleteTeam: { message?: string } } }).data.deleteTeam.message).toBeTruthy();

			// The page showed one document; a second one arrived since: nothing is deleted unseen.
			await createDocument(db, { orgId, teamId: team.id, type: 'retrospective', title: 'Baru', createdBy: writer.id });
			const stale = await post(teamActions.deletePermanently, database, admin, params, { confirm: 'Bidang Konfirmasi', documents: '1' });
			expect(stale).toMatchObject({ status: 400, data: { deleteTeam: { values: { confirm: 'Bidang Konfirmasi' } } } });

			expect(await post(teamActions.deletePermanently, database, writer, params, { confirm: 'Bidang Konfirmasi', documents: '2' })).toMatchObject({
				thrown: { status: 403 }
			});
			const stranger = await makeUser(db);
			expect(await post(teamActions.deletePermanently, database, stranger, params, { confirm: 'Bidang Konfirmasi', documents: '2' })).toMatchObject({
				thrown: { status: 404 }
			});
			// Refused: the team is still there, unarchived.
			expect(await findTeam(db, orgId, team.id)).toMatchObject({ id: team.id, name: 'Bidang Konfirmasi', archivedAt: null });

			const done = await post(teamActions.deletePermanently, database, admin, params, { confirm: '  Bidang Konfirmasi ', documents: '2' });
			expect(done).toMatchObject({ thrown: { status: 303, location: `/o/${orgId}?deleted=team` } });
			expect(await findTeam(db, orgId, team.id)).toBeUndefined();
			expect(await listTeamDocuments(db, team.id, { includeArchived: true })).toEqual([]);
			expect(await db.select().from(documents).where(eq(documents.id, doc.id))).toEqual([]);
		});
	});

	describe('the document page action', () => {
		it('delete permanently is an admin\'s only — not the document\'s editors\' — and wants the typed title', async () => {
			const { team, doc } = await teamWithDocument('Bidang Dokumen');
			const params = { orgId, documentId: doc.id };
			expect(await post(documentActions.deletePermanently, database, writer, params, { confirm: doc.title })).toMatchObject({
				thrown: { status: 403 }
			});
			const wrong = await post(documentActions.deletePermanently, database, admin, params, { confirm: 'bukan judulnya' });
			expect(wrong).toMatchObject({ status: 400, data: { deleteDocument: { values: { confirm: 'bukan judulnya' } } } });
			expect(await db.select({ id: documents.id }).from(documents).where(eq(documents.id, doc.id))).toHaveLength(1);

			const done = await post(documentActions.deletePermanently, database, admin, params, { confirm: doc.title });
			expect(done).toMatchObject({ thrown: { status: 303, location: `/o/${orgId}/teams/${team.id}?deleted=document` } });
			expect(await db.select({ id: documents.id }).from(documents).where(eq(documents.id, doc.id))).toEqual([]);
		});
	});
});
