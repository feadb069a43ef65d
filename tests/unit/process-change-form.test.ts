import { describe, expect, it } from 'vitest';
import { parseProcessChangeForm } from '../../src/lib/editor/process-change-form';
import { saveStatus } from '../../src/lib/sync/save-status';
import { parseDocumentListQuery } from '../../src/lib/document-validation';

const base = { indicator: 'Waktu tunggu KTP-el', unit: 'menit', direction: 'decrease' as const, baseline: '', target: '', lessonIds: [] };

describe('process change form', () => {
	it('reads Indonesian decimal commas and empty numbers as null', () => {
		expect(parseProcessChangeForm({ ...base, baseline: '12,5', target: '' })).toEqual({
			ok: true,
			attributes: { ...base, baseline: 12.5, target: null }
		});
	});

	it('refuses text in a number field and a missing indicator, field by field', () => {
		expect(parseProcessChangeForm({ ...base, indicator: '  ', baseline: 'banyak', target: '3' })).toEqual({
			ok: false,
			errors: { indicator: 'required', baseline: 'not_a_number' }
		});
	});

	it('refuses a figure beyond ±1 trillion, which the projection would drop', () => {
		expect(parseProcessChangeForm({ ...base, baseline: '1000000000001', target: '-1000000000000' })).toEqual({
			ok: false,
			errors: { baseline: 'out_of_range' }
		});
	});

	it('accepts only the two directions', () => {
		const result = parseProcessChangeForm({ ...base, direction: 'sideways' as 'increase' });
		expect(result.ok).toBe(false);
	});

	it('keeps linked lesson ids', () => {
		const result = parseProcessChangeForm({ ...base, lessonIds: ['a', 'b'] });
		expect(result.ok && result.attributes.lessonIds).toEqual(['a', 'b']);
	});
});

describe('save status', () => {
	const sv = (entries: [number, number][]) => new Map(entries);
	it('is offline whenever the socket is not connected, whatever was saved', () => {
		expect(saveStatus(false, sv([[1, 3]]), sv([[1, 3]]))).toBe('offline');
	});
	it('is saved only when every local clock is covered by the saved state vector', () => {
		expect(saveStatus(true, sv([[1, 3]]), sv([[1, 3], [2, 9]]))).toBe('saved');
		expect(saveStatus(true, sv([[1, 4]]), sv([[1, 3]]))).toBe('unsaved');
		expect(saveStatus(true, sv([[7, 1]]), sv([[1, 3]]))).toBe('unsaved');
	});
	it('is not saved before the server has said anything on this connection', () => {
		expect(saveStatus(true, sv([[1, 1]]), null)).toBe('unsaved');
	});
});

describe('document list query', () => {
	it('reads filters from the URL and ignores unknown values (old links still open)', () => {
		expect(parseDocumentListQuery(new URLSearchParams('type=retrospective&status=final&q=%20antrean%20&archived=1'))).toEqual({
			type: 'retrospective',
			status: 'final',
			q: 'antrean',
			archived: true,
			sort: 'updated',
			dir: 'desc'
		});
		expect(parseDocumentListQuery(new URLSearchParams('type=memo&status=x&sort=password&dir=sideways'))).toEqual({
			type: undefined,
			status: undefined,
			q: '',
			archived: false,
			sort: 'updated',
			dir: 'desc'
		});
	});

	it('reads the sort column and direction; a column without a direction starts in its own', () => {
		expect(parseDocumentListQuery(new URLSearchParams('sort=title&dir=desc'))).toMatchObject({ sort: 'title', dir: 'desc' });
		// Names A→Z, dates newest first: what a click on a column header means the first time.
		expect(parseDocumentListQuery(new URLSearchParams('sort=author'))).toMatchObject({ sort: 'author', dir: 'asc' });
		expect(parseDocumentListQuery(new URLSearchParams('sort=updated'))).toMatchObject({ sort: 'updated', dir: 'desc' });
	});
});
