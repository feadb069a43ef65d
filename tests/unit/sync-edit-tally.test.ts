import { describe, expect, it } from 'vitest';
import { EditTally, jakartaDay } from '../../server/sync/edit-tally';

describe('jakartaDay', () => {
	it('is the calendar day in Asia/Jakarta (UTC+7)', () => {
		expect(jakartaDay(Date.parse('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
		expect(jakartaDay(Date.parse('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
	});
});

describe('EditTally', () => {
	it('counts per person and day, hands everything to one batch and starts again', () => {
		let now = Date.parse('2026-03-10T16:59:00Z');
		const tally = new EditTally(() => now);
		tally.add('ani');
		tally.add('ani');
		tally.add('budi');
		now = Date.parse('2026-03-10T17:01:00Z'); // past midnight in Jakarta
		tally.add('ani');
		expect(tally.take()).toEqual([
			{ userId: 'ani', day: '2026-03-10', updates: 2 },
			{ userId: 'budi', day: '2026-03-10', updates: 1 },
			{ userId: 'ani', day: '2026-03-11', updates: 1 }
		]);
		expect(tally.size).toBe(0);
	});

	it('takes back the counts of a failed batch, adding them to what came meanwhile', () => {
		const tally = new EditTally(() => Date.parse('2026-03-10T03:00:00Z'));
		tally.add('ani');
		const failed = tally.take();
		tally.add('ani');
		tally.restore(failed);
		expect(tally.take()).toEqual([{ userId: 'ani', day: '2026-03-10', updates: 2 }]);
	});
});
