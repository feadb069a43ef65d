import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from '$lib/format';

describe('id-ID formatting', () => {
	it('writes numbers with Indonesian separators', () => {
		expect(formatNumber(1234567.5)).toBe('1.234.567,5');
		// The formatter is made once and reused.
		expect(formatNumber(0)).toBe('0');
	});

	it('writes small integers exactly as the id-ID formatter does, without building it', () => {
		const reference = new Intl.NumberFormat('id-ID');
		for (const value of [-1000, -999, -1, -0, 0, 1, 7, 42, 999, 1000, 1001, 12345, 0.5, -0.5, 999.5]) {
			expect(formatNumber(value)).toBe(reference.format(value));
		}
	});

	it('writes dates as the day in Jakarta, not in UTC', () => {
		// 20:00 UTC on 7 December is 03:00 on 8 December in Jakarta (UTC+7).
		expect(formatDate('2026-12-07T20:00:00Z')).toBe('8 Des 2026');
		expect(formatDate(new Date('2026-12-07T16:59:00Z'))).toBe('7 Des 2026');
		expect(formatDateTime('2026-12-07T20:00:00Z')).toMatch(/^8 Des 2026.*03[.:]00$/);
	});
});
