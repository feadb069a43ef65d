import { describe, expect, it } from 'vitest';
import { median } from '../../src/lib/metrics/median';
import { daysBetween, jakartaDay, monthsOf } from '../../src/lib/metrics/days';

describe('median and Jakarta days', () => {
	it('takes the middle value, or the mean of the two middle ones', () => {
		expect(median([])).toBeNull();
		expect(median([7])).toBe(7);
		expect(median([30, 1, 10])).toBe(10);
		expect(median([4, 1, 3, 10])).toBe(3.5);
	});

	it('reads instants as Jakarta days and periods as months', () => {
		expect(jakartaDay(new Date('2026-12-31T16:59:59.999Z'))).toBe('2026-12-31');
		expect(jakartaDay(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
		expect(daysBetween('2026-02-20', '2026-03-02')).toBe(10);
		expect(monthsOf('2024-02-10', '2024-03-05')).toEqual([
			{ month: '2024-02', from: '2024-02-10', to: '2024-02-29' },
			{ month: '2024-03', from: '2024-03-01', to: '2024-03-05' }
		]);
		expect(monthsOf('2026-12-01', '2027-01-31').map((m) => m.month)).toEqual(['2026-12', '2027-01']);
		expect(monthsOf('2026-02-01', '2026-01-01')).toEqual([]);
	});
});
