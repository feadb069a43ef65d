import { describe, expect, it } from 'vitest';
import { followThroughOf } from '../../src/lib/metrics/follow-through';
import { actionRowsOf } from '../../src/lib/metrics/drill-down';
import { action, TEAM_B, YEAR_2026 } from '../helpers/metrics-fixtures';

const TODAY = '2026-06-15';

describe('action follow-through', () => {
	const items = [
		action('on-time', '2026-06-10', { done: true, doneAt: new Date('2026-06-10T16:59:00Z') }), // 23:59 WIB on the due day
		action('late', '2026-06-10', { done: true, doneAt: new Date('2026-06-10T17:00:00Z') }), // 00:00 WIB the next day
		action('done-unseen', '2026-06-10', { done: true, doneAt: null }),
		action('overdue', '2026-06-14'),
		action('due-today', '2026-06-15'),
		action('ahead', '2026-07-01'),
		action('no-due', null),
		action('removed', '2026-06-01', { removedAt: new Date('2026-06-02T00:00:00Z') }),
		action('outside', '2027-01-01'),
		action('team-b', '2026-06-01', { originTeamId: TEAM_B })
	];

	it('sorts items due in the period into on time, late, overdue and open as of today', () => {
		expect(followThroughOf(items, YEAR_2026, TODAY)).toEqual({ onTime: 1, late: 2, overdue: 2, open: 2 });
		expect(actionRowsOf(items, YEAR_2026, 'overdue', TODAY).map((a) => a.id)).toEqual(['team-b', 'overdue']);
		expect(actionRowsOf(items, YEAR_2026, 'open', TODAY).map((a) => a.id)).toEqual(['due-today', 'ahead']);
		expect(actionRowsOf(items, YEAR_2026, 'late', TODAY).map((a) => a.id)).toEqual(['done-unseen', 'late']);
	});

	it('filters by the item’s team and the period’s inclusive bounds', () => {
		expect(followThroughOf(items, { ...YEAR_2026, teamId: TEAM_B }, TODAY)).toEqual({ onTime: 0, late: 0, overdue: 1, open: 0 });
		expect(followThroughOf(items, { ...YEAR_2026, from: '2026-06-10', to: '2026-06-14' }, TODAY)).toEqual({
			onTime: 1,
			late: 2,
			overdue: 1,
			open: 0
		});
	});
});
