import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import {
	actionItems,
	documents,
	lessonReuses,
	lessons,
	measurements,
	processChanges
} from '../../src/lib/server/db/schema';
import type { Executor } from '../../src/lib/server/db';
import { loadActionRows, loadFunnel, loadFunnelStageRows, loadImpactDashboard } from '../../src/lib/server/repositories/metrics';
import { computeImpactDashboard } from '../../src/lib/metrics/dashboard';
import { actionRowsOf, DRILL_STAGES, funnelStageRowsOf } from '../../src/lib/metrics/drill-down';
import { FOLLOW_THROUGH_BUCKETS } from '../../src/lib/metrics/follow-through';
import type { MetricScope } from '../../src/lib/metrics/types';
import type {
	MetricActionItemRow,
	MetricLessonRow,
	MetricMeasurementRow,
	MetricProcessChangeRow,
	MetricReuseRow,
	MetricRows
} from '../../src/lib/metrics/rows';
import { LESSON_STATUSES } from '../../src/lib/lessons/lifecycle';

/*
 * The SQL repository against the pure definitions on random organisations: two organisations
 * whose rows are generated together (the second one's process changes name the first one's
 * lessons by id and block id), inserted into the real tables inside a transaction that is rolled
 * back, and the dashboard, every drill-down stage and every follow-through bucket compared for
 * random scopes — with the pure side given the first organisation's rows only, so any row of
 * the second that leaked into a figure would show.
 */

const RUNS = 25;
const DAY0 = Date.UTC(2025, 11, 1); // 2025-12-01
const SPAN_DAYS = 420;

const day = (offset: number) => new Date(DAY0 + offset * 86_400_000).toISOString().slice(0, 10);
const daysFrom = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - DAY0) / 86_400_000);

/** Instants on a day chosen to sit on Jakarta's day boundaries as often as inside a day. */
const instantArb = fc
	.tuple(fc.integer({ min: 0, max: SPAN_DAYS }), fc.constantFrom(0, 16 * 3600 + 3599, 17 * 3600, 12 * 3600 + 17))
	.map(([d, s]) => new Date(DAY0 + d * 86_400_000 + s * 1000));
const dayArb = fc.integer({ min: 0, max: SPAN_DAYS }).map(day);

interface OrgShape {
	lessons: { doc: number; status: (typeof LESSON_STATUSES)[number]; publishedAt: Date; survivor: number; libraryTitle: boolean }[];
	reuses: { lesson: number; doc: number; removed: boolean }[];
	changes: {
		doc: number;
		refs: { kind: 'id' | 'block' | 'other-org-id' | 'other-org-block' | 'stray'; lesson: number }[];
		direction: 'increase' | 'decrease';
		baseline: number | null;
		target: number | null;
		implementedOn: string | null;
		removed: boolean;
	}[];
	/** `offset`: days after the change's implementation (before it when negative). */
	measurements: { change: number; value: number; offset: number; createdAt: Date; removed: boolean }[];
	actions: { doc: number; dueOn: string | null; done: boolean; doneAt: Date | null; removed: boolean }[];
}

const small = fc.integer({ min: 0, max: 20 });
/** Removed about one time in four: enough to matter, few enough to leave live chains. */
const removedArb = fc.nat(3).map((n) => n === 0);
const orgShapeArb: fc.Arbitrary<OrgShape> = fc.record({
	lessons: fc.array(
		fc.record({
			doc: fc.nat(5),
			// Mostly published: the stages after `captured` need published lessons to reach.
			status: fc.constantFrom<(typeof LESSON_STATUSES)[number]>('published', 'published', 'published', 'retired', 'merged', 'draft', 'proposed'),
			publishedAt: instantArb,
			survivor: fc.nat(40),
			libraryTitle: fc.boolean()
		}),
		{ maxLength: 18, size: 'max' }
	),
	reuses: fc.array(fc.record({ lesson: fc.nat(40), doc: fc.nat(5), removed: removedArb }), { maxLength: 40, size: 'max' }),
	changes: fc.array(
		fc.record({
			doc: fc.nat(5),
			refs: fc.array(
				fc.record({ kind: fc.constantFrom('id', 'id', 'id', 'block', 'block', 'other-org-id', 'other-org-block', 'stray'), lesson: fc.nat(40) }),
				{ minLength: 1, maxLength: 3 }
			),
			direction: fc.constantFrom('increase', 'decrease'),
			baseline: fc.option(small, { freq: 4 }),
			target: fc.option(small, { freq: 2 }),
			implementedOn: fc.option(dayArb, { freq: 4 }),
			removed: removedArb
		}),
		{ maxLength: 12, size: 'max' }
	),
	measurements: fc.array(
		fc.record({
			change: fc.nat(40),
			value: small,
			offset: fc.integer({ min: -20, max: 90 }),
			createdAt: instantArb,
			removed: removedArb
		}),
		{ maxLength: 40, size: 'max' }
	),
	actions: fc.array(
		fc.record({
			doc: fc.nat(5),
			dueOn: fc.option(dayArb, { freq: 5 }),
			done: fc.boolean(),
			doneAt: fc.option(instantArb, { freq: 3 }),
			removed: removedArb
		}),
		{ maxLength: 10 }
	)
}) as fc.Arbitrary<OrgShape>;

const scopeArb = fc.record({
	team: fc.nat(4), // 0: the whole organisation; 1–3: a team of the first; 4: a team of the other
	from: fc.integer({ min: 0, max: SPAN_DAYS }),
	length: fc.integer({ min: 0, max: 400 }),
	stage: fc.constantFrom(...DRILL_STAGES),
	bucket: fc.constantFrom(...FOLLOW_THROUGH_BUCKETS),
	// The repository finds candidate changes through the GIN index (few names) or by reading the
	// organisation's changes (many): a limit of 0 forces the second path on these small orgs.
	tuning: fc.constantFrom({}, { ginNameLimit: 0 })
});

interface Org {
	id: string;
	teams: string[];
	/** Six documents, spread over the teams. */
	docs: { id: string; teamId: string }[];
}

/** Turns one organisation's shape into rows; `other` is the organisation its refs may stray to. */
function buildRows(org: Org, shape: OrgShape, other: readonly MetricLessonRow[]): Omit<MetricRows, 'teams'> {
	const lessonRows: MetricLessonRow[] = shape.lessons.map((l, i) => {
		const doc = org.docs[l.doc];
		const published = l.status !== 'draft' && l.status !== 'proposed';
		return {
			id: crypto.randomUUID(),
			orgId: org.id,
			originTeamId: doc.teamId,
			originDocumentId: doc.id,
			sourceDocumentId: doc.id,
			blockId: crypto.randomUUID(),
			title: `Pelajaran ${i}`,
			libraryTitle: l.libraryTitle ? `Pustaka ${i}` : null,
			status: l.status,
			mergedInto: null,
			publishedAt: published ? l.publishedAt : null
		};
	});
	// Merged lessons point at a lesson that is not merged itself (merges never chain).
	const survivors = lessonRows.filter((l) => l.status !== 'merged');
	shape.lessons.forEach((l, i) => {
		if (lessonRows[i].status !== 'merged') return;
		if (survivors.length === 0) lessonRows[i].status = 'published';
		else lessonRows[i].mergedInto = survivors[l.survivor % survivors.length].id;
	});
	const pick = <T,>(list: readonly T[], n: number) => (list.length === 0 ? null : list[n % list.length]);
	const reuses: MetricReuseRow[] = shape.reuses.flatMap((r) => {
		const lesson = pick(lessonRows, r.lesson);
		if (!lesson) return [];
		return [{ id: crypto.randomUUID(), orgId: org.id, lessonId: lesson.id, originDocumentId: org.docs[r.doc].id, removedAt: r.removed ? new Date() : null }];
	});
	const changes: MetricProcessChangeRow[] = shape.changes.map((c, i) => {
		const doc = org.docs[c.doc];
		const linked = c.refs.flatMap((ref) => {
			const own = pick(lessonRows, ref.lesson);
			const foreign = pick(other, ref.lesson);
			switch (ref.kind) {
				case 'id':
					return own ? [own.id] : [];
				case 'block':
					return own ? [own.blockId] : [];
				case 'other-org-id':
					return foreign ? [foreign.id] : [];
				case 'other-org-block':
					return foreign ? [foreign.blockId] : [];
				case 'stray':
					return [crypto.randomUUID()];
			}
		});
		return {
			id: crypto.randomUUID(),
			orgId: org.id,
			documentId: doc.id,
			originDocumentId: doc.id,
			originTeamId: doc.teamId,
			indicator: `Indikator ${i}`,
			unit: 'hari',
			direction: c.direction,
			baseline: c.baseline,
			target: c.target,
			linkedLessonIds: [...new Set(linked)],
			implementedOn: c.implementedOn,
			removedAt: c.removed ? new Date() : null
		};
	});
	const measurementRows: MetricMeasurementRow[] = shape.measurements.flatMap((m) => {
		const change = pick(changes, m.change);
		if (!change) return [];
		return [
			{
				id: crypto.randomUUID(),
				orgId: org.id,
				processChangeId: change.id,
				value: m.value,
				measuredOn: day(daysFrom(change.implementedOn ?? day(100)) + m.offset),
				createdAt: m.createdAt,
				removedAt: m.removed ? new Date() : null
			}
		];
	});
	const actions: MetricActionItemRow[] = shape.actions.map((a) => ({
		id: crypto.randomUUID(),
		orgId: org.id,
		originTeamId: org.docs[a.doc].teamId,
		dueOn: a.dueOn,
		done: a.done,
		doneAt: a.done ? a.doneAt : null,
		removedAt: a.removed ? new Date() : null
	}));
	return { lessons: lessonRows, reuses, processChanges: changes, measurements: measurementRows, actionItems: actions };
}

async function insertRows(tx: Executor, org: Org, rows: Omit<MetricRows, 'teams'>): Promise<void> {
	if (rows.lessons.length > 0)
		await tx.insert(lessons).values(rows.lessons.map((l) => ({ ...l, body: 'Isi.' })));
	if (rows.reuses.length > 0)
		await tx.insert(lessonReuses).values(
			rows.reuses.map((r) => ({
				...r,
				documentId: r.originDocumentId,
				originTeamId: org.docs.find((d) => d.id === r.originDocumentId)!.teamId,
				blockId: crypto.randomUUID()
			}))
		);
	if (rows.processChanges.length > 0)
		await tx.insert(processChanges).values(rows.processChanges.map((c) => ({ ...c, blockId: crypto.randomUUID() })));
	if (rows.measurements.length > 0) await tx.insert(measurements).values([...rows.measurements]);
	if (rows.actionItems.length > 0)
		await tx.insert(actionItems).values(
			rows.actionItems.map((a) => {
				const doc = org.docs.find((d) => d.teamId === a.originTeamId)!;
				return { ...a, documentId: doc.id, originDocumentId: doc.id, blockId: crypto.randomUUID(), text: 'Tindak lanjut' };
			})
		);
}

class Rollback extends Error {}

describe.each(testDatabases)('impact metrics: SQL equals the pure definitions on %s', (kind) => {
	let database: TestDatabase;
	const orgs: Org[] = [];
	const teamRows: MetricRows['teams'][number][] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const user = await makeUser(database.db);
		// Names whose order differs between a locale collation and code units.
		const names = [
			['tim Pelayanan', 'Tim data', 'Tim Arsip'],
			['Tim Pelayanan', 'Tim Data', 'Tim Umum']
		];
		for (const teamNames of names) {
			const org = await makeOrg(database.db, user.id);
			const teams = [];
			for (const name of teamNames) teams.push(await makeTeam(database.db, org.id, name));
			const docs = [];
			for (let i = 0; i < 6; i++) {
				const teamId = teams[i % teams.length].id;
				const id = crypto.randomUUID();
				await database.db.insert(documents).values({ id, orgId: org.id, teamId, type: 'retrospective', title: `Dokumen ${i}` });
				docs.push({ id, teamId });
			}
			orgs.push({ id: org.id, teams: teams.map((t) => t.id), docs });
			teamRows.push(...teams.map((t) => ({ id: t.id, orgId: org.id, name: t.name })));
		}
	});

	afterAll(async () => {
		await database?.destroy();
	});

	it(`agrees on ${RUNS} random pairs of organisations, and the other organisation changes nothing`, async () => {
		const [a, b] = orgs;
		let compared = 0;
		await fc.assert(
			fc.asyncProperty(orgShapeArb, orgShapeArb, fc.array(scopeArb, { minLength: 3, maxLength: 3 }), dayArb, async (shapeA, shapeB, scopes, today) => {
				const rowsA = buildRows(a, shapeA, []);
				const rowsB = buildRows(b, shapeB, rowsA.lessons);
				const pureRows: MetricRows = { teams: teamRows, ...rowsA };
				try {
					await database.db.transaction(async (tx) => {
						await insertRows(tx, a, rowsA);
						await insertRows(tx, b, rowsB);
						for (const s of scopes) {
							const teamId = s.team === 0 ? null : s.team === 4 ? b.teams[0] : a.teams[s.team - 1];
							const scope: MetricScope = { orgId: a.id, teamId, from: day(s.from), to: day(s.from + s.length) };
							const expected = computeImpactDashboard(pureRows, scope, today);
							expect(await loadImpactDashboard(tx, scope, today, s.tuning)).toEqual(expected);
							expect(await loadFunnel(tx, scope, s.tuning)).toEqual(expected.funnel);
							expect(await loadFunnelStageRows(tx, scope, s.stage, today, 10_000, s.tuning)).toEqual(
								funnelStageRowsOf(pureRows, scope, s.stage)
							);
							const actionIds = (await loadActionRows(tx, scope, s.bucket, today)).map((r) => r.id);
							expect(actionIds).toEqual(actionRowsOf(pureRows.actionItems, scope, s.bucket, today).map((r) => r.id));
							compared += 1;
						}
						throw new Rollback();
					});
				} catch (error) {
					if (!(error instanceof Rollback)) throw error;
				}
			}),
			{ numRuns: RUNS }
		);
		expect(compared).toBe(RUNS * 3);
	});

	it('the generated organisations reach every stage of the funnel (the property is not vacuous)', async () => {
		// The same generator, sampled: summed over samples, every count and bucket is non-zero.
		const [a] = orgs;
		const totals = { captured: 0, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0, onTime: 0, late: 0, overdue: 0, open: 0 };
		for (const shape of fc.sample(orgShapeArb, { numRuns: 60, seed: 15 })) {
			const rows: MetricRows = { teams: teamRows, ...buildRows(a, shape, []) };
			const d = computeImpactDashboard(rows, { orgId: a.id, teamId: null, from: day(0), to: day(SPAN_DAYS) }, day(200));
			for (const [k, v] of Object.entries({ ...d.funnel.counts, ...d.actions })) totals[k as keyof typeof totals] += v;
		}
		for (const value of Object.values(totals)) expect(value).toBeGreaterThan(0);
	});
});
