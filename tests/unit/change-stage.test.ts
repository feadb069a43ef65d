import { describe, expect, it } from 'vitest';
import { changeStage, changeStatus, dueCheck, followUpOrder, type ChangeFacts } from '../../src/lib/impact/change-stage';
import { addDays, daysBetween, isIsoDay, jakartaDay } from '../../src/lib/impact/calendar';

const planned: ChangeFacts = { plannedOn: '2026-06-01', implementedOn: null, outcome: null };
const implemented: ChangeFacts = { plannedOn: '2026-06-01', implementedOn: '2026-06-10', outcome: null };
const on = (...days: string[]) => days.map((measuredOn) => ({ measuredOn }));

describe('calendar days in Asia/Jakarta', () => {
	it('takes the Jakarta day, not the UTC one', () => {
		// 18:30 UTC on the 1st is 01:30 on the 2nd in Jakarta (UTC+7).
		expect(jakartaDay(new Date('2026-03-01T18:30:00Z'))).toBe('2026-03-02');
		expect(jakartaDay(new Date('2026-03-01T16:59:00Z'))).toBe('2026-03-01');
	});
	it('adds and counts days across months and leap years', () => {
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-06-10', 30)).toBe('2026-07-10');
		expect(daysBetween('2026-06-10', '2026-09-08')).toBe(90);
		expect(daysBetween('2026-06-10', '2026-06-01')).toBe(-9);
	});
	it('accepts only real days', () => {
		expect(isIsoDay('2026-02-28')).toBe(true);
		expect(isIsoDay('2026-02-30')).toBe(false);
		expect(isIsoDay('2026-2-3')).toBe(false);
		expect(isIsoDay('28/02/2026')).toBe(false);
	});
});

describe('a process change stage', () => {
	it('follows planned → implemented → measured → kept or dropped', () => {
		expect(changeStage(planned, [])).toBe('planned');
		// A measurement before implementation is the "before" figure: not yet measured.
		expect(changeStage(planned, on('2026-05-01'))).toBe('planned');
		expect(changeStage(implemented, on('2026-06-09'))).toBe('implemented');
		// On the implementation day counts (the funnel's "on or after").
		expect(changeStage(implemented, on('2026-06-10'))).toBe('measured');
		expect(changeStage({ ...implemented, outcome: 'kept' }, on('2026-07-01'))).toBe('kept');
		expect(changeStage({ ...implemented, outcome: 'dropped' }, on('2026-07-01'))).toBe('dropped');
	});
});

describe('flags', () => {
	it('past planned date: the planned day passed and the change is not implemented', () => {
		expect(changeStatus(planned, [], '2026-06-01').pastPlannedDate).toBe(false);
		expect(changeStatus(planned, [], '2026-06-02').pastPlannedDate).toBe(true);
		expect(changeStatus(implemented, [], '2026-06-20').pastPlannedDate).toBe(false);
		expect(changeStatus({ ...planned, plannedOn: null }, [], '2027-01-01').pastPlannedDate).toBe(false);
	});

	it('measurement overdue from day 30 without a measurement since implementation', () => {
		expect(changeStatus(implemented, [], '2026-07-09').measurementOverdue).toBe(false);
		expect(changeStatus(implemented, [], '2026-07-10')).toMatchObject({ measurementOverdue: true, dueCheck: 30 });
		expect(changeStatus(implemented, on('2026-06-09'), '2026-07-10').measurementOverdue).toBe(true);
		expect(changeStatus(implemented, on('2026-06-25'), '2026-07-10').measurementOverdue).toBe(false);
	});

	it('the 90-day check wants a figure taken after the first check', () => {
		// Measured on day 15 only: fine until day 90, overdue from then.
		expect(dueCheck(implemented, on('2026-06-25'), '2026-09-07')).toBeNull();
		expect(dueCheck(implemented, on('2026-06-25'), '2026-09-08')).toBe(90);
		expect(dueCheck(implemented, on('2026-06-25', '2026-07-11'), '2026-09-08')).toBeNull();
		// Long after implementation with nothing measured: only the latest check is due.
		expect(dueCheck(implemented, [], '2027-06-10')).toBe(90);
	});

	it('nothing is due once kept or dropped, or before implementation', () => {
		expect(dueCheck({ ...implemented, outcome: 'dropped' }, [], '2027-01-01')).toBeNull();
		expect(dueCheck({ ...implemented, outcome: 'kept' }, [], '2027-01-01')).toBeNull();
		expect(dueCheck(planned, [], '2027-01-01')).toBeNull();
	});

	it('names the next check ahead', () => {
		expect(changeStatus(implemented, [], '2026-06-20').nextCheckOn).toBe('2026-07-10');
		expect(changeStatus(implemented, on('2026-07-01'), '2026-07-10').nextCheckOn).toBe('2026-09-08');
		expect(changeStatus(implemented, [], '2026-09-08').nextCheckOn).toBeNull();
	});

	it('orders the follow-up view: overdue, past planned, followed, decided', () => {
		const today = '2026-08-01';
		const rows = [
			{ name: 'kept', plannedOn: '2026-01-01', status: changeStatus({ ...implemented, outcome: 'kept' }, on('2026-07-01'), today) },
			{ name: 'fine', plannedOn: '2026-09-01', status: changeStatus({ ...planned, plannedOn: '2026-09-01' }, [], today) },
			{ name: 'late', plannedOn: '2026-06-01', status: changeStatus(planned, [], today) },
			{ name: 'overdue', plannedOn: '2026-06-01', status: changeStatus(implemented, [], today) }
		];
		expect(rows.sort(followUpOrder).map((r) => r.name)).toEqual(['overdue', 'late', 'fine', 'kept']);
	});
});
