import { describe, expect, it } from 'vitest';
import { parseDecimal, parseFollowThrough, parseImplemented, parseMeasurement, parseOutcome } from '../../src/lib/impact/change-validation';

const context = { today: '2026-08-01', baseline: 120, baselineOn: '2026-05-01' };
const form = (over: Record<string, string> = {}) => ({ value: '12,5', measuredOn: '2026-07-15', note: '', source: '', ...over });

describe('typed numbers', () => {
	it('takes the Indonesian decimal comma and thousands dots, and a plain decimal point', () => {
		expect(parseDecimal('12,5')).toBe(12.5);
		expect(parseDecimal(' -3 ')).toBe(-3);
		expect(parseDecimal('1.234,5')).toBe(1234.5);
		expect(parseDecimal('12.5')).toBe(12.5);
		expect(parseDecimal('0')).toBe(0);
	});
	it('refuses what a person would not type as a number', () => {
		for (const bad of ['', 'abc', '12abc', '0x10', '1e5', 'Infinity', 'NaN', '1,2,3', '12.34,5', ',5', '1.23.4']) {
			expect(parseDecimal(bad), bad).toBeNull();
		}
	});
});

describe('a measurement form', () => {
	it('accepts a valid measurement, trimmed', () => {
		expect(parseMeasurement(form({ note: '  bulan Juli ', source: 'Register SIAK' }), context)).toEqual({
			ok: true,
			data: { value: 12.5, measuredOn: '2026-07-15', note: 'bulan Juli', source: 'Register SIAK' }
		});
	});
	it('says what is wrong per field', () => {
		const result = parseMeasurement(form({ value: 'dua belas', measuredOn: '2026-08-02', note: 'x'.repeat(2001), source: 'y'.repeat(501) }), context);
		expect(result).toEqual({ ok: false, errors: { value: 'not_a_number', measuredOn: 'future_date', note: 'too_long', source: 'too_long' } });
	});
	it('refuses a missing value or date, a date that is no day, and one before the baseline date', () => {
		expect(parseMeasurement(form({ value: '', measuredOn: '' }), context)).toEqual({ ok: false, errors: { value: 'required', measuredOn: 'required' } });
		expect(parseMeasurement(form({ measuredOn: '2026-02-30' }), context)).toEqual({ ok: false, errors: { measuredOn: 'invalid_date' } });
		expect(parseMeasurement(form({ measuredOn: '2026-04-30' }), context)).toEqual({ ok: false, errors: { measuredOn: 'before_baseline' } });
		expect(parseMeasurement(form({ measuredOn: '2026-05-01' }), context).ok).toBe(true);
		// Without a baseline date any past day goes.
		expect(parseMeasurement(form({ measuredOn: '2020-01-01' }), { ...context, baselineOn: null }).ok).toBe(true);
	});
	it('refuses the whole form when the change has no baseline', () => {
		expect(parseMeasurement(form(), { ...context, baseline: null })).toEqual({ ok: false, errors: { form: 'no_baseline' } });
		expect(parseMeasurement(form({ value: 'x' }), { ...context, baseline: null })).toEqual({ ok: false, errors: { value: 'not_a_number', form: 'no_baseline' } });
	});
});

describe('follow-through, implementation and decision forms', () => {
	const members = new Set(['0193a0b0-0000-7000-8000-000000000001']);
	it('owner must be a team member; empty clears; dates are real and a baseline date is not ahead', () => {
		expect(parseFollowThrough({ ownerId: '', plannedOn: '', baselineOn: '' }, { today: '2026-08-01', members })).toEqual({
			ok: true,
			data: { ownerId: null, plannedOn: null, baselineOn: null }
		});
		expect(parseFollowThrough({ ownerId: [...members][0], plannedOn: '2026-12-01', baselineOn: '2026-07-01' }, { today: '2026-08-01', members }).ok).toBe(true);
		expect(parseFollowThrough({ ownerId: 'someone-else', plannedOn: '2026-13-01', baselineOn: '2026-08-02' }, { today: '2026-08-01', members })).toEqual({
			ok: false,
			errors: { ownerId: 'invalid_owner', plannedOn: 'invalid_date', baselineOn: 'future_date' }
		});
	});
	it('implementation day: required, a day, not ahead', () => {
		expect(parseImplemented({ implementedOn: '2026-08-01' }, { today: '2026-08-01' })).toEqual({ ok: true, data: { implementedOn: '2026-08-01' } });
		expect(parseImplemented({ implementedOn: '2026-08-02' }, { today: '2026-08-01' })).toEqual({ ok: false, errors: { implementedOn: 'future_date' } });
		expect(parseImplemented({}, { today: '2026-08-01' })).toEqual({ ok: false, errors: { implementedOn: 'required' } });
	});
	it('a decision only once measured', () => {
		expect(parseOutcome({ outcome: 'kept', note: ' baik ' }, { measured: true })).toEqual({ ok: true, data: { outcome: 'kept', note: 'baik' } });
		expect(parseOutcome({ outcome: 'maybe' }, { measured: true })).toEqual({ ok: false, errors: { outcome: 'required' } });
		expect(parseOutcome({ outcome: 'dropped' }, { measured: false })).toEqual({ ok: false, errors: { form: 'not_measured' } });
	});
});
