import { describe, expect, it } from 'vitest';
import { addMonths, defaultPeriod, jakartaToday, monthWithin, parseImpactFilters } from '../../src/lib/impact/scope-params';

const TODAY = '2026-12-07';
const parse = (query: string) => parseImpactFilters(new URLSearchParams(query), TODAY);

describe('impact filters from the URL', () => {
	it('defaults to the whole organisation and the last 12 months ending today', () => {
		expect(parse('')).toEqual({ ok: true, filters: { teamId: null, from: '2025-12-08', to: '2026-12-07', custom: false } });
		expect(defaultPeriod('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
	});

	it('counts days in Asia/Jakarta: 18:00 UTC is already the next day there', () => {
		expect(jakartaToday(new Date('2026-12-06T18:00:00Z'))).toBe('2026-12-07');
		expect(jakartaToday(new Date('2026-12-06T16:59:59Z'))).toBe('2026-12-06');
	});

	it('keeps a valid team and period, lower-casing the id', () => {
		const team = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
		expect(parse(`team=${team}&from=2026-01-01&to=2026-03-31`)).toEqual({
			ok: true,
			filters: { teamId: team.toLowerCase(), from: '2026-01-01', to: '2026-03-31', custom: true }
		});
		// Only `to`: the twelve months ending there.
		expect(parse('to=2025-06-30')).toMatchObject({ ok: true, filters: { from: '2024-07-01', to: '2025-06-30' } });
	});

	it('refuses what it cannot read rather than answering for another period', () => {
		expect(parse('from=2026-02-31')).toEqual({ ok: false, problem: 'invalid_date' });
		expect(parse('from=yesterday')).toEqual({ ok: false, problem: 'invalid_date' });
		expect(parse("to=2026-01-01' or 1=1")).toEqual({ ok: false, problem: 'invalid_date' });
		expect(parse('from=2026-05-01&to=2026-04-30')).toEqual({ ok: false, problem: 'period_reversed' });
		expect(parse('from=2020-01-01&to=2026-01-02')).toEqual({ ok: false, problem: 'period_too_long' });
		expect(parse('from=2021-01-02&to=2026-01-02')).toMatchObject({ ok: true });
		expect(parse('team=not-a-uuid')).toEqual({ ok: false, problem: 'invalid_team' });
	});

	it('clips a month to the period and clamps month arithmetic to the month end', () => {
		expect(monthWithin('2026-02', '2026-02-10', '2026-12-31')).toEqual({ from: '2026-02-10', to: '2026-02-28' });
		expect(monthWithin('2024-02', '2024-01-01', '2024-02-15')).toEqual({ from: '2024-02-01', to: '2024-02-15' });
		expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
	});
});
