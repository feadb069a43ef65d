import { describe, expect, it } from 'vitest';
import { computeImpactDashboard } from '../../src/lib/metrics/dashboard';
import { funnelStageRowsOf } from '../../src/lib/metrics/drill-down';
import { action, change, emptyRows, lesson, measurement, ORG, OTHER_ORG, reuse, TEAM_A, TEAM_B, YEAR_2026 } from '../helpers/metrics-fixtures';

const TODAY = '2026-12-06';
const funnel = (rows: ReturnType<typeof emptyRows>, scope = YEAR_2026) => computeImpactDashboard(rows, scope, TODAY).funnel;

describe('impact funnel (pure definitions)', () => {
	it('moves one lesson through every stage and counts each once', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'));
		expect(funnel(rows).counts).toEqual({ captured: 1, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0 });

		rows.reuses.push(reuse('L1', 'doc-sop'), reuse('L1', 'doc-retro'));
		expect(funnel(rows).counts).toMatchObject({ captured: 1, reused: 1, linked: 0 });

		rows.processChanges.push(change('C1', ['L1'], { baseline: 14, target: 7, implementedOn: '2026-04-01' }));
		expect(funnel(rows).counts).toMatchObject({ reused: 1, linked: 1, measurable: 0 });

		rows.measurements.push(measurement('C1', 16, '2026-04-15'));
		expect(funnel(rows).counts).toMatchObject({ linked: 1, measurable: 1, improved: 0, targetMet: 0 });

		rows.measurements.push(measurement('C1', 10, '2026-05-15'));
		expect(funnel(rows).counts).toMatchObject({ measurable: 1, improved: 1, targetMet: 0 });

		rows.measurements.push(measurement('C1', 7, '2026-06-15'));
		expect(funnel(rows)).toEqual({
			counts: { captured: 1, reused: 1, linked: 1, measurable: 1, improved: 1, targetMet: 1 },
			headline: 1,
			conversion: { reused: 1, linked: 1, measurable: 1, improved: 1 }
		});
	});

	it('counts only published and retired lessons, not drafts, proposals or merged ones', () => {
		const rows = emptyRows();
		rows.lessons.push(
			lesson('P'),
			lesson('R', { status: 'retired' }),
			lesson('D', { status: 'draft', publishedAt: null }),
			lesson('Q', { status: 'proposed', publishedAt: null }),
			lesson('M', { status: 'merged', mergedInto: 'P' })
		);
		expect(funnel(rows).counts.captured).toBe(2);
	});

	it('counts reuses of a merged lesson for its survivor, and its links too', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('S'), lesson('M', { status: 'merged', mergedInto: 'S' }));
		rows.reuses.push(reuse('M', 'doc-elsewhere'));
		rows.processChanges.push(change('C1', ['M']), change('C2', ['block-M'], { originDocumentId: 'doc-M' }));
		const dashboard = computeImpactDashboard(rows, YEAR_2026, TODAY);
		expect(dashboard.funnel.counts).toMatchObject({ captured: 1, reused: 1, linked: 1 });
		expect(dashboard.mostReused).toEqual([{ lessonId: 'S', title: 'Pelajaran S', originTeamId: TEAM_A, reuses: 1 }]);
		expect(funnelStageRowsOf(rows, YEAR_2026, 'linked')[0].changes.map((c) => c.id)).toEqual(['C1', 'C2']);
	});

	it('does not count a reuse in the lesson’s own source document (nor the merged one’s)', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('S'), lesson('M', { status: 'merged', mergedInto: 'S' }));
		rows.reuses.push(reuse('S', 'doc-S'), reuse('M', 'doc-M'), reuse('M', 'doc-S'));
		expect(funnel(rows).counts.reused).toBe(0);
		rows.reuses.push(reuse('S', 'doc-M'));
		expect(funnel(rows).counts.reused).toBe(1);
	});

	it('ignores removed reuses, removed changes and removed measurements', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'));
		rows.reuses.push(reuse('L1', 'doc-x', { removedAt: new Date('2026-05-01T00:00:00Z') }));
		expect(funnel(rows).counts.reused).toBe(0);
		rows.reuses.push(reuse('L1', 'doc-y'));
		rows.processChanges.push(change('C1', ['L1'], { removedAt: new Date('2026-05-01T00:00:00Z') }));
		expect(funnel(rows).counts).toMatchObject({ reused: 1, linked: 0 });
		rows.processChanges.push(change('C2', ['L1']));
		rows.measurements.push(measurement('C2', 3, '2026-05-01', { removedAt: new Date('2026-05-02T00:00:00Z') }));
		expect(funnel(rows).counts).toMatchObject({ linked: 1, measurable: 0 });
	});

	it('links by row id anywhere, by block id only inside the lesson’s own document', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'), lesson('L2'));
		rows.reuses.push(reuse('L1', 'doc-x'), reuse('L2', 'doc-x'));
		rows.processChanges.push(
			change('C1', ['block-L1'], { originDocumentId: 'doc-L1' }),
			change('C2', ['block-L2'], { originDocumentId: 'doc-elsewhere' })
		);
		expect(funnel(rows).counts).toMatchObject({ reused: 2, linked: 1 });
		expect(funnelStageRowsOf(rows, YEAR_2026, 'linked').map((r) => r.lessonId)).toEqual(['L1']);
	});

	it('a link to a lesson nobody reused is not the linked stage (each stage within the one before)', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'));
		rows.processChanges.push(change('C1', ['L1']));
		rows.measurements.push(measurement('C1', 1, '2026-05-01'));
		expect(funnel(rows).counts).toEqual({ captured: 1, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0 });
	});

	it('needs a baseline, an implementation date and a measurement on or after it', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'), lesson('L2'), lesson('L3'), lesson('L4'));
		for (const id of ['L1', 'L2', 'L3', 'L4']) rows.reuses.push(reuse(id, 'doc-x'));
		rows.processChanges.push(
			change('C1', ['L1'], { baseline: null }),
			change('C2', ['L2'], { implementedOn: null }),
			change('C3', ['L3'], { implementedOn: '2026-04-01' }),
			change('C4', ['L4'], { implementedOn: '2026-04-01' })
		);
		rows.measurements.push(
			measurement('C1', 1, '2026-05-01'),
			measurement('C2', 1, '2026-05-01'),
			measurement('C3', 1, '2026-03-31'), // the day before: the old process
			measurement('C4', 1, '2026-04-01') // the day itself counts
		);
		expect(funnelStageRowsOf(rows, YEAR_2026, 'measurable').map((r) => r.lessonId)).toEqual(['L4']);
	});

	it('judges improvement by the latest measurement since implementation, in the change’s direction', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('UP'), lesson('DOWN'), lesson('FLAT'), lesson('LATER'));
		for (const id of ['UP', 'DOWN', 'FLAT', 'LATER']) rows.reuses.push(reuse(id, 'doc-x'));
		rows.processChanges.push(
			change('C-up', ['UP'], { direction: 'increase', baseline: 60, target: 80 }),
			change('C-down', ['DOWN'], { direction: 'decrease', baseline: 14, target: 7 }),
			change('C-flat', ['FLAT'], { direction: 'increase', baseline: 60, target: null }),
			change('C-later', ['LATER'], { direction: 'decrease', baseline: 14, target: 7 })
		);
		rows.measurements.push(
			measurement('C-up', 85, '2026-05-01'), // beats 60, reaches 80
			measurement('C-down', 9, '2026-05-01'), // beats 14, misses 7
			measurement('C-flat', 60, '2026-05-01'), // equal is not better
			measurement('C-later', 5, '2026-05-01'),
			measurement('C-later', 15, '2026-06-01') // the latest went back above the baseline
		);
		expect(funnelStageRowsOf(rows, YEAR_2026, 'improved').map((r) => r.lessonId).sort()).toEqual(['DOWN', 'UP']);
		expect(funnelStageRowsOf(rows, YEAR_2026, 'targetMet').map((r) => r.lessonId)).toEqual(['UP']);
		expect(funnel(rows).counts).toMatchObject({ measurable: 4, improved: 2, targetMet: 1 });
	});

	it('breaks a same-day tie by the later entry', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'));
		rows.reuses.push(reuse('L1', 'doc-x'));
		rows.processChanges.push(change('C1', ['L1'], { direction: 'decrease', baseline: 14, target: null }));
		rows.measurements.push(
			measurement('C1', 20, '2026-05-01', { createdAt: new Date('2026-05-01T09:00:00Z') }),
			measurement('C1', 10, '2026-05-01', { createdAt: new Date('2026-05-01T08:00:00Z') })
		);
		expect(funnel(rows).counts.improved).toBe(0);
	});

	it('filters by the lesson’s origin team, and lists teams with lessons by name', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('A1'), lesson('A2'), lesson('B1', { originTeamId: TEAM_B }));
		rows.reuses.push(reuse('B1', 'doc-x'));
		const all = computeImpactDashboard(rows, YEAR_2026, TODAY);
		expect(all.funnel.counts.captured).toBe(3);
		expect(all.teams.map((t) => [t.teamName, t.counts.captured, t.headline])).toEqual([
			['Bidang Data', 1, 0],
			['Bidang Pelayanan', 2, null]
		]);
		const teamB = computeImpactDashboard(rows, { ...YEAR_2026, teamId: TEAM_B }, TODAY);
		expect(teamB.funnel.counts).toMatchObject({ captured: 1, reused: 1 });
		expect(teamB.teams.map((t) => t.teamId)).toEqual([TEAM_B]);
	});

	it('reads the period as inclusive Jakarta days', () => {
		const rows = emptyRows();
		rows.lessons.push(
			lesson('before', { publishedAt: new Date('2026-02-28T16:59:59Z') }), // 23:59:59 on 28 Feb WIB
			lesson('first', { publishedAt: new Date('2026-02-28T17:00:00Z') }), // 00:00 on 1 Mar WIB
			lesson('last', { publishedAt: new Date('2026-03-31T16:59:59Z') }), // 23:59:59 on 31 Mar WIB
			lesson('after', { publishedAt: new Date('2026-03-31T17:00:00Z') })
		);
		const march = { orgId: ORG, teamId: null, from: '2026-03-01', to: '2026-03-31' };
		expect(funnelStageRowsOf(rows, march, 'captured').map((r) => r.lessonId)).toEqual(['last', 'first']);
		expect(funnelStageRowsOf(rows, march, 'captured').map((r) => r.publishedOn)).toEqual(['2026-03-31', '2026-03-01']);
	});

	it('never counts another organisation’s rows', () => {
		const rows = emptyRows();
		rows.lessons.push(lesson('L1'), lesson('X', { orgId: OTHER_ORG }));
		rows.reuses.push(reuse('L1', 'doc-x', { orgId: OTHER_ORG }));
		rows.actionItems.push(action('A', '2026-05-01', { orgId: OTHER_ORG }));
		const dashboard = computeImpactDashboard(rows, YEAR_2026, TODAY);
		expect(dashboard.funnel.counts).toMatchObject({ captured: 1, reused: 0 });
		expect(dashboard.actions).toEqual({ onTime: 0, late: 0, overdue: 0, open: 0 });
	});

	it('gives conversions and the headline, null where the stage before is empty', () => {
		const rows = emptyRows();
		expect(funnel(rows)).toEqual({
			counts: { captured: 0, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0 },
			headline: null,
			conversion: { reused: null, linked: null, measurable: null, improved: null }
		});
		rows.lessons.push(lesson('L1'), lesson('L2'), lesson('L3'), lesson('L4'));
		rows.reuses.push(reuse('L1', 'doc-x'), reuse('L2', 'doc-x'));
		rows.processChanges.push(change('C1', ['L1']));
		rows.measurements.push(measurement('C1', 20, '2026-05-01'));
		expect(funnel(rows)).toEqual({
			counts: { captured: 4, reused: 2, linked: 1, measurable: 1, improved: 0, targetMet: 0 },
			headline: 0.5,
			conversion: { reused: 0.5, linked: 0.5, measurable: 1, improved: 0 }
		});
	});

	it('trends every month of the period, the months adding up to the period', () => {
		const rows = emptyRows();
		rows.lessons.push(
			lesson('jan', { publishedAt: new Date('2026-01-15T00:00:00Z') }),
			lesson('mar', { publishedAt: new Date('2026-03-15T00:00:00Z') })
		);
		rows.reuses.push(reuse('mar', 'doc-x'));
		const trend = computeImpactDashboard(rows, { ...YEAR_2026, from: '2025-12-20', to: '2026-03-20' }, TODAY).trend;
		expect(trend.map((m) => [m.month, m.counts.captured, m.counts.reused, m.headline])).toEqual([
			['2025-12', 0, 0, null],
			['2026-01', 1, 0, null],
			['2026-02', 0, 0, null],
			['2026-03', 1, 1, 0]
		]);
	});

	it('ranks the most reused lessons (library title when curated), at most ten', () => {
		const rows = emptyRows();
		for (let i = 0; i < 12; i++) {
			const id = `L${String(i).padStart(2, '0')}`;
			rows.lessons.push(lesson(id, { libraryTitle: i === 11 ? 'Judul pustaka' : null }));
			for (let r = 0; r <= i; r++) rows.reuses.push(reuse(id, `doc-r${r}`));
		}
		const top = computeImpactDashboard(rows, YEAR_2026, TODAY).mostReused;
		expect(top).toHaveLength(10);
		expect(top[0]).toEqual({ lessonId: 'L11', title: 'Judul pustaka', originTeamId: TEAM_A, reuses: 12 });
		expect(top.map((t) => t.reuses)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
	});

	it('takes the median days from publication to implementation over linked pairs', () => {
		const rows = emptyRows();
		rows.lessons.push(
			lesson('L1', { publishedAt: new Date('2026-03-01T01:00:00Z') }),
			lesson('L2', { publishedAt: new Date('2026-03-01T01:00:00Z') })
		);
		rows.reuses.push(reuse('L1', 'doc-x'), reuse('L2', 'doc-x'));
		expect(computeImpactDashboard(rows, YEAR_2026, TODAY).medianDaysToImplement).toBeNull();
		rows.processChanges.push(
			change('C1', ['L1'], { implementedOn: '2026-03-11' }), // 10 days
			change('C2', ['L1', 'L2'], { implementedOn: '2026-03-21' }), // 20 days, twice
			change('C3', ['L2'], { implementedOn: '2026-02-01' }), // before publication: left out
			change('C4', ['L2'], { implementedOn: null })
		);
		expect(computeImpactDashboard(rows, YEAR_2026, TODAY).medianDaysToImplement).toBe(20);
		rows.processChanges.push(change('C5', ['L2'], { implementedOn: '2026-03-01' })); // 0 days
		expect(computeImpactDashboard(rows, YEAR_2026, TODAY).medianDaysToImplement).toBe(15);
	});
});
