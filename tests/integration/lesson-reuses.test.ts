import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { lessonReuses, lessons } from '../../src/lib/server/db/schema';
import { walkDocument } from '../../src/lib/projection/walk';
import type { LessonStatus } from '../../src/lib/lessons/lifecycle';

/*
 * lessonRef nodes → lesson_reuses, through the projection's real write path (walkDocument on a
 * Y.Doc, then writeDocumentProjection), with the reuse counts kept by migration 0006's triggers.
 */
describe.each(testDatabases)('lessonRefs are projected into lesson_reuses on %s', (kind) => {
	let database: TestDatabase;
	let orgId: string;
	let teamA: string;
	let teamB: string;
	let userId: string;
	let sourceDoc: string; // team A's document the library lessons come from
	let otherOrgLesson: string;
	const L: Record<string, string> = {};

	async function addLesson(org: string, team: string, documentId: string, status: LessonStatus, mergedInto: string | null = null) {
		const id = crypto.randomUUID();
		await database.db.insert(lessons).values({
			id,
			orgId: org,
			sourceDocumentId: documentId,
			originDocumentId: documentId,
			originTeamId: team,
			blockId: crypto.randomUUID(),
			title: `Pelajaran ${status}`,
			body: 'Isi pelajaran.',
			status,
			mergedInto,
			publishedAt: status === 'published' || status === 'merged' ? new Date('2026-06-01T00:00:00Z') : null
		});
		return id;
	}

	const newDoc = (teamId: string, title: string, org = orgId) =>
		createDocument(database.db, { orgId: org, teamId, type: 'retrospective', title, createdBy: userId }).then((d) => d.id);

	/** A body of paragraphs, each holding the given refs ({ id, lessonId }). */
	function body(...refs: { id: string; lessonId: string }[]): Y.Doc {
		const doc = new Y.Doc();
		const paragraphs = refs.map((r) => {
			const p = new Y.XmlElement('paragraph');
			const ref = new Y.XmlElement('lessonRef');
			ref.setAttribute('id', r.id);
			ref.setAttribute('lessonId', r.lessonId);
			p.insert(0, [new Y.XmlText('Lihat '), ref]);
			return p;
		});
		doc.getXmlFragment('default').insert(0, paragraphs);
		return doc;
	}

	const project = (documentId: string, doc: Y.Doc, now = new Date()) =>
		writeDocumentProjection(database.db, { documentId, orgId, projection: walkDocument(doc), now });

	const rowsOf = (documentId: string) =>
		database.db.select().from(lessonReuses).where(eq(lessonReuses.originDocumentId, documentId)).orderBy(lessonReuses.createdAt);

	async function counts(...ids: string[]): Promise<number[]> {
		const rows = await database.db.select({ id: lessons.id, n: lessons.reuseCount }).from(lessons).where(inArray(lessons.id, ids));
		return ids.map((id) => rows.find((r) => r.id === id)!.n);
	}

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		userId = (await makeUser(database.db)).id;
		orgId = (await makeOrg(database.db, userId)).id;
		teamA = (await makeTeam(database.db, orgId, 'Bidang Pelayanan')).id;
		teamB = (await makeTeam(database.db, orgId, 'Bidang Perizinan')).id;
		sourceDoc = await newDoc(teamA, 'Analisis antrean');
		L.published = await addLesson(orgId, teamA, sourceDoc, 'published');
		L.other = await addLesson(orgId, teamA, sourceDoc, 'published');
		L.draft = await addLesson(orgId, teamA, sourceDoc, 'draft');
		L.proposed = await addLesson(orgId, teamA, sourceDoc, 'proposed');
		L.merged = await addLesson(orgId, teamA, sourceDoc, 'merged', L.other);
		const otherOrg = (await makeOrg(database.db, userId, 'Dinas Lain')).id;
		const otherTeam = (await makeTeam(database.db, otherOrg, 'Tim Lain')).id;
		const otherDoc = await newDoc(otherTeam, 'Dokumen lain', otherOrg);
		otherOrgLesson = await addLesson(otherOrg, otherTeam, otherDoc, 'published');
	});
	afterAll(() => database.destroy());

	it('adds a row per ref with the document row’s organisation and team, edits it in place, removes and restores it', async () => {
		const docId = await newDoc(teamB, 'SOP perizinan');
		const ref = crypto.randomUUID();
		const t0 = new Date('2026-12-01T10:00:00Z');
		await project(docId, body({ id: ref, lessonId: L.published }), t0);
		let [row] = await rowsOf(docId);
		expect(row).toMatchObject({ orgId, originTeamId: teamB, documentId: docId, blockId: ref, lessonId: L.published, removedAt: null });
		expect(await counts(L.published, L.other)).toEqual([1, 0]);

		// Projected again unchanged: the row is not rewritten.
		await project(docId, body({ id: ref, lessonId: L.published }), new Date('2026-12-01T11:00:00Z'));
		[row] = await rowsOf(docId);
		expect(row.updatedAt).toEqual(t0);
		expect(await counts(L.published)).toEqual([1]);

		// The ref now names another lesson: same row, the counts move.
		const t2 = new Date('2026-12-01T12:00:00Z');
		await project(docId, body({ id: ref, lessonId: L.other }), t2);
		const edited = await rowsOf(docId);
		expect(edited).toHaveLength(1);
		expect(edited[0]).toMatchObject({ id: row.id, lessonId: L.other, updatedAt: t2, removedAt: null });
		expect(await counts(L.published, L.other)).toEqual([0, 1]);

		// Removed: the row stays as history, not counted.
		const t3 = new Date('2026-12-01T13:00:00Z');
		await project(docId, body(), t3);
		expect((await rowsOf(docId))[0]).toMatchObject({ id: row.id, removedAt: t3 });
		expect(await counts(L.other)).toEqual([0]);

		// Undo brings the node back with its id: the same row is live again.
		await project(docId, body({ id: ref, lessonId: L.other }));
		expect((await rowsOf(docId))[0]).toMatchObject({ id: row.id, removedAt: null });
		expect(await counts(L.other)).toEqual([1]);
	});

	it('counts two refs to one lesson twice and follows a ref moved to another document', async () => {
		const first = await newDoc(teamB, 'Retrospektif Mei');
		const second = await newDoc(teamA, 'Retrospektif Juni');
		const moved = crypto.randomUUID();
		const stays = crypto.randomUUID();
		const before = (await counts(L.published))[0];
		await project(first, body({ id: moved, lessonId: L.published }, { id: stays, lessonId: L.published }));
		expect(await counts(L.published)).toEqual([before + 2]);

		// Cut from the first document, pasted into the second (the node keeps its id).
		await project(first, body({ id: stays, lessonId: L.published }));
		await project(second, body({ id: moved, lessonId: L.published }));
		const live = (await database.db.select().from(lessonReuses).where(eq(lessonReuses.blockId, moved))).map((r) => ({
			doc: r.originDocumentId,
			team: r.originTeamId,
			removed: r.removedAt !== null
		}));
		expect(live).toEqual(
			expect.arrayContaining([
				{ doc: first, team: teamB, removed: true },
				{ doc: second, team: teamA, removed: false }
			])
		);
		expect(await counts(L.published)).toEqual([before + 2]);
	});

	it('projects a ref to a merged lesson onto its survivor', async () => {
		const docId = await newDoc(teamB, 'Perbaikan SOP');
		const before = (await counts(L.other))[0];
		await project(docId, body({ id: crypto.randomUUID(), lessonId: L.merged }));
		expect((await rowsOf(docId)).map((r) => r.lessonId)).toEqual([L.other]);
		expect(await counts(L.other, L.merged)).toEqual([before + 1, 0]);
	});

	it('leaves out refs to another organisation’s lesson, unpublished lessons and ids that name no lesson, without an error', async () => {
		const docId = await newDoc(teamB, 'Dokumen usil');
		const good = crypto.randomUUID();
		const before = await counts(L.published, L.draft, L.proposed, otherOrgLesson);
		await project(
			docId,
			body(
				{ id: crypto.randomUUID(), lessonId: otherOrgLesson },
				{ id: crypto.randomUUID(), lessonId: L.draft },
				{ id: crypto.randomUUID(), lessonId: L.proposed },
				{ id: crypto.randomUUID(), lessonId: crypto.randomUUID() },
				{ id: good, lessonId: L.published }
			)
		);
		expect((await rowsOf(docId)).map((r) => [r.blockId, r.lessonId])).toEqual([[good, L.published]]);
		expect(await counts(L.published, L.draft, L.proposed, otherOrgLesson)).toEqual([before[0] + 1, before[1], before[2], before[3]]);

		// A live ref edited to a hostile id stops counting, like a removed one.
		await project(docId, body({ id: good, lessonId: otherOrgLesson }));
		expect((await rowsOf(docId)).map((r) => [r.lessonId, r.removedAt !== null])).toEqual([[L.published, true]]);
		expect(await counts(L.published, otherOrgLesson)).toEqual([before[0], before[3]]);
	});

	it('does not count a ref inside the lesson’s own source document as a reuse', async () => {
		const before = (await counts(L.published))[0];
		await project(sourceDoc, body({ id: crypto.randomUUID(), lessonId: L.published }));
		expect(await rowsOf(sourceDoc)).toEqual([]);
		expect(await counts(L.published)).toEqual([before]);
	});
});
