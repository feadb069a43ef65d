import { describe, expect, it } from 'vitest';
import { can, type Membership } from '../../src/lib/access';
import { emptyCounts, mixOf, type TeamActivityMix } from '../../src/lib/metrics/activity-mix';
import { activityMixTable, activityCsvRows, learningRowsHref } from '../../src/lib/impact/activity-table';
import { activityRowsTable, withheldCount, type ActivityRowView } from '../../src/lib/impact/activity-rows-table';
import { ACTIVITY_KINDS, isActivityDrill, kindsOf, rowsTotal } from '../../src/lib/impact/activity-drill';
import { toCsv } from '../../src/lib/impact/csv';

/**
 * The mix table's model (the dashboard's table and its CSV) and the drill-down's: every count is
 * a link to exactly its rows, the shares are not; the CSV is the page's numbers unformatted; and
 * what a viewer may not see is written as withheld, not dropped.
 */

const ORG = '00000000-0000-4000-8000-000000000001';
const TEAM = '00000000-0000-4000-8000-000000000002';
const EMPTY_TEAM = '00000000-0000-4000-8000-000000000003';
const scope = { orgId: ORG, from: '2026-01-01', to: '2026-12-31' };

function team(): TeamActivityMix[] {
	const counts = { ...emptyCounts(), documentsAuthored: 2, documentDaysEdited: 1234, coEditingSessions: 4, commentsWritten: 5, mentionsReceived: 1, reviewRequests: 1, signOffs: 2, crossTeamReuses: 3, trainingHours: 12.5 };
	return [
		{ teamId: TEAM, teamName: 'Bidang Pelayanan', mix: mixOf(counts) },
		{ teamId: EMPTY_TEAM, teamName: 'Bidang Arsip', mix: mixOf(emptyCounts()) }
	];
}

describe('the activity mix table', () => {
	it('has a column per part share, part total and count, each count linked to its rows', () => {
		const table = activityMixTable(scope, team());
		expect(table.groups.map((g) => [g.part, g.span])).toEqual([['experience', 5], ['social', 7], ['formal', 2]]);
		expect(table.columns).toHaveLength(15);
		expect(table.headers[0]).toBe('Tim');
		expect(table.headers[1]).toBe('Pengalaman (70): Persentase');
		expect(table.headers[14]).toBe('Formal (10): JP pelatihan');
		const [row] = table.rows;
		expect(row.map((c) => c.csv)).toEqual(['Bidang Pelayanan', 98, 1240, 2, 1234, 4, 1, 12, 5, 1, 1, 2, 3, 1, 12.5]);
		// Displayed in id-ID; shares as "98 %" (largest remainder: 98, 1, 1 of 1 264,5).
		expect(row[2].display).toBe('1.240');
		expect(row[1].display).toBe('98 %');
		const shares = [1, 6, 13];
		const linked = row.map((c, i) => [i, c.href] as const).filter(([, href]) => href !== undefined);
		expect(linked.map(([i]) => i)).toEqual(row.map((_, i) => i).filter((i) => i > 0 && !shares.includes(i)));
		const kinds = linked.map(([, href]) => new URL(href!, 'http://x').searchParams.get('kind'));
		expect(kinds).toEqual(['experience', ...kindsOf('experience'), 'social', ...kindsOf('social'), 'trainingHours']);
		for (const [, href] of linked) {
			const url = new URL(href!, 'http://x');
			expect(url.pathname).toBe(`/o/${ORG}/impact/activity`);
			expect(Object.fromEntries(url.searchParams)).toMatchObject({ team: TEAM, from: scope.from, to: scope.to });
		}
	});

	it('shows a team with nothing recorded with dashes for shares and zeros that still link', () => {
		const [, row] = activityMixTable(scope, team()).rows;
		expect(row[1]).toMatchObject({ display: '–', csv: null });
		expect(row[2]).toMatchObject({ display: '0', csv: 0 });
		expect(row[2].href).toContain(EMPTY_TEAM);
	});

	it('exports the same rows as CSV', () => {
		const table = activityMixTable(scope, team());
		const csv = toCsv(table.headers, activityCsvRows(table));
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toBe('Bidang Pelayanan,98,1240,2,1234,4,1,12,5,1,1,2,3,1,12.5');
		expect(lines[2]).toBe('Bidang Arsip,,0,0,0,0,,0,0,0,0,0,0,,0');
	});

	it('links the person’s own numbers to their rows of the year', () => {
		expect(learningRowsHref(ORG, 2026, 'signOffs')).toBe(`/o/${ORG}/learning/activity?kind=signOffs&year=2026`);
	});
});

describe('the drill-down rows', () => {
	const row = (over: Partial<ActivityRowView>): ActivityRowView => ({
		kind: 'commentsWritten',
		day: '2026-03-10',
		teamId: TEAM,
		person: 'Rina',
		document: { id: 'd1', title: 'Antrean KTP-el' },
		lesson: null,
		course: null,
		hours: null,
		...over
	});
	const names = new Map([[TEAM, 'Bidang Pelayanan']]);

	it('lists a withheld row with its day, kind and team, and nothing it may not show', () => {
		const table = activityRowsTable(ORG, 'social', [row({}), row({ person: 'hidden', document: 'hidden', kind: 'signOffs' }), row({ kind: 'crossTeamReuses', person: null, lesson: 'hidden' })], names);
		expect(table.headers).toEqual(['Tanggal', 'Kegiatan', 'Orang', 'Dokumen', 'Tim', 'Pelajaran']);
		expect(table.rows[0].map((c) => c.csv)).toEqual(['2026-03-10', 'Komentar dan balasan', 'Rina', 'Antrean KTP-el', 'Bidang Pelayanan', null]);
		expect(table.rows[0][3].href).toBe(`/o/${ORG}/d/d1`);
		expect(table.rows[1].map((c) => c.display)).toEqual(['10 Mar 2026', 'Tinjauan diberikan', '(tidak dapat Anda buka)', '(tidak dapat Anda buka)', 'Bidang Pelayanan', '–']);
		expect(table.rows[1].some((c) => c.href)).toBe(false);
		expect(table.rows[2][5].display).toBe('(tidak dapat Anda buka)');
		expect(withheldCount([row({}), row({ document: 'hidden' }), row({ course: 'hidden' })])).toBe(2);
		// Experience rows name no lesson: no such column.
		expect(activityRowsTable(ORG, 'experience', [], names).headers).not.toContain('Pelajaran');
	});

	it('lists training records with the person and JP, and the course only when it may be shown', () => {
		const rows = [
			row({ kind: 'trainingHours', document: null, course: { course: 'Pelatihan Dasar CPNS', organiser: 'BPSDM' }, hours: 12.5 }),
			row({ kind: 'trainingHours', document: null, person: 'Yuliana', course: 'hidden', hours: 3 })
		];
		const table = activityRowsTable(ORG, 'trainingHours', rows, names);
		expect(table.headers).toEqual(['Tanggal', 'Orang', 'Pelatihan', 'Penyelenggara', 'JP (jam pelajaran)']);
		expect(table.rows.map((r) => r.map((c) => c.csv))).toEqual([
			['2026-03-10', 'Rina', 'Pelatihan Dasar CPNS', 'BPSDM', 12.5],
			['2026-03-10', 'Yuliana', '(hanya terlihat oleh ybs. dan admin)', null, 3]
		]);
		expect(rowsTotal('trainingHours', [{ hours: 0.1 }, { hours: 0.2 }])).toBe(0.3);
		expect(rowsTotal('social', [{ hours: null }, { hours: null }])).toBe(2);
	});

	it('accepts only the kinds the mix counts and its two part totals', () => {
		for (const kind of ACTIVITY_KINDS) expect(isActivityDrill(kind)).toBe(true);
		expect(isActivityDrill('experience')).toBe(true);
		expect(isActivityDrill('formal')).toBe(false);
		expect(isActivityDrill('__proto__')).toBe(false);
		expect(isActivityDrill(null)).toBe(false);
	});

	it('shows a training record’s course to its person and to admins only', () => {
		const member = (orgRole: Membership['orgRole'], userId = 'me'): Membership => ({ userId, orgRole, teamRoles: {} });
		const theirs = { kind: 'learning', orgId: ORG, userId: 'other' } as const;
		const mine = { kind: 'learning', orgId: ORG, userId: 'me' } as const;
		expect(can(member('admin'), 'viewTrainingCourse', theirs)).toBe(true);
		expect(can(member('member'), 'viewTrainingCourse', theirs)).toBe(false);
		expect(can(member('knowledge_manager'), 'viewTrainingCourse', theirs)).toBe(false);
		expect(can(member('member'), 'viewTrainingCourse', mine)).toBe(true);
		expect(can(member(null), 'viewTrainingCourse', mine)).toBe(false);
	});
});
