import { describe, expect, it } from 'vitest';
import { CSV_LIMITS, parseTrainingCsv, splitCsv } from '../../src/lib/training/csv-import';
import { checkTrainingRecord, parseDay, parseHours } from '../../src/lib/training/record-input';

const TODAY = '2026-06-30';

describe('parseDay', () => {
	it('reads ISO and day-first Indonesian dates, refusing days that do not exist', () => {
		expect(parseDay('2026-03-05')).toBe('2026-03-05');
		expect(parseDay('05/03/2026')).toBe('2026-03-05');
		expect(parseDay('5/3/2026')).toBe('2026-03-05');
		expect(parseDay('05-03-2026')).toBe('2026-03-05');
		expect(parseDay('31/02/2026')).toBeNull();
		expect(parseDay('2026-13-01')).toBeNull();
		expect(parseDay('03/05/26')).toBeNull();
		expect(parseDay('kemarin')).toBeNull();
	});
});

describe('parseHours', () => {
	it('takes a decimal comma or point with at most two decimals', () => {
		expect(parseHours('16,5')).toBe(16.5);
		expect(parseHours('16.5')).toBe(16.5);
		expect(parseHours(' 24 ')).toBe(24);
		expect(parseHours('0,25')).toBe(0.25);
		// A thousands separator is not guessed at.
		expect(parseHours('1.000')).toBeNull();
		expect(parseHours('1e3')).toBeNull();
		expect(parseHours('-2')).toBeNull();
		expect(parseHours('')).toBeNull();
	});
});

describe('checkTrainingRecord', () => {
	it('accepts a record and normalises it', () => {
		expect(checkTrainingRecord({ course: ' Pelayanan Prima ', organiser: '', completedOn: '05/03/2026', hours: '16,5' }, TODAY)).toEqual({
			ok: true,
			data: { course: 'Pelayanan Prima', organiser: '', completedOn: '2026-03-05', hours: 16.5 }
		});
	});

	it('names the problem of each field', () => {
		const result = checkTrainingRecord({ course: '  ', organiser: 'x'.repeat(301), completedOn: '2026-07-01', hours: '0' }, TODAY);
		expect(result).toEqual({ ok: false, errors: { course: 'required', organiser: 'too_long', completedOn: 'date_future', hours: 'hours_range' } });
		expect(checkTrainingRecord({ course: 'A', completedOn: 'x', hours: 'banyak' }, TODAY)).toEqual({
			ok: false,
			errors: { completedOn: 'date_invalid', hours: 'hours_invalid' }
		});
		expect(checkTrainingRecord({ course: 'A', completedOn: TODAY, hours: '1000,01' }, TODAY)).toMatchObject({ errors: { hours: 'hours_range' } });
		expect(checkTrainingRecord({ course: 'A', completedOn: TODAY, hours: '1000' }, TODAY).ok).toBe(true);
	});
});

describe('splitCsv', () => {
	it('keeps quoted separators, doubled quotes and line breaks, and skips blank lines', () => {
		const text = 'a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n';
		expect(splitCsv(text, ',')).toEqual({
			records: [
				{ line: 1, fields: ['a', 'b'] },
				{ line: 2, fields: ['x, y', 'say "hi"'] },
				{ line: 4, fields: ['two\nlines', 'z'] }
			]
		});
		expect(splitCsv('a,"b\nc', ',')).toEqual({ unclosedAt: 1 });
	});
});

describe('parseTrainingCsv', () => {
	it('reads the columns from the header, in any order, with a semicolon separator and a BOM', () => {
		const csv = '\uFEFFTanggal;Email;Pelatihan;Penyelenggara;JP\n05/03/2026;Sari@Contoh.go.id;Pelayanan Prima;BPSDM;16,5\n2026-04-12;budi@contoh.go.id;Analisis Kebijakan;;24\n';
		const parsed = parseTrainingCsv(csv, TODAY);
		expect(parsed).toEqual({
			ok: true,
			errors: [],
			rows: [
				{ row: 2, email: 'sari@contoh.go.id', course: 'Pelayanan Prima', organiser: 'BPSDM', completedOn: '2026-03-05', hours: 16.5 },
				{ row: 3, email: 'budi@contoh.go.id', course: 'Analisis Kebijakan', organiser: '', completedOn: '2026-04-12', hours: 24 }
			]
		});
	});

	it('lists every problem with its row and column, the header being row 1', () => {
		const csv = [
			'email,course,organiser,date,JP',
			'sari@contoh.go.id,Pelayanan Prima,BPSDM,2026-03-05,16',
			'bukan-email,,BPSDM,2026-07-01,0',
			'budi@contoh.go.id,Kursus,LAN,2026-03-05,1,5',
			'"citra@contoh.go.id","Kursus, lanjutan",LAN,31/02/2026,"2,5"'
		].join('\n');
		const parsed = parseTrainingCsv(csv, TODAY);
		if (!parsed.ok) throw new Error('expected rows');
		expect(parsed.errors).toEqual([
			{ row: 3, column: 'email', code: 'email_invalid' },
			{ row: 3, column: 'course', code: 'required' },
			{ row: 3, column: 'date', code: 'date_future' },
			{ row: 3, column: 'hours', code: 'hours_range' },
			{ row: 4, column: null, code: 'columns_count' },
			{ row: 5, column: 'date', code: 'date_invalid' }
		]);
		expect(parsed.rows.map((r) => r.row)).toEqual([2]);
	});

	it('refuses a file without its required columns, empty, or too large, before any row', () => {
		expect(parseTrainingCsv('email,course,JP\na@b.id,X,1', TODAY)).toEqual({ ok: false, problem: { code: 'columns_missing', columns: ['date'] } });
		expect(parseTrainingCsv('', TODAY)).toEqual({ ok: false, problem: { code: 'file_empty' } });
		expect(parseTrainingCsv('email,course,date,JP\n\n', TODAY)).toEqual({ ok: false, problem: { code: 'file_empty' } });
		const big = 'email,course,date,JP\n' + 'a@b.id,X,2026-01-01,1\n'.repeat(30_000);
		expect(parseTrainingCsv(big, TODAY)).toEqual({ ok: false, problem: { code: 'file_too_large', maxBytes: CSV_LIMITS.maxBytes } });
		const many = 'email,course,date,JP\n' + 'a@b.id,X,2026-01-01,1\n'.repeat(CSV_LIMITS.maxRows + 1);
		expect(parseTrainingCsv(many, TODAY)).toEqual({ ok: false, problem: { code: 'too_many_rows', maxRows: CSV_LIMITS.maxRows } });
		expect(parseTrainingCsv('email,course,date,JP\n"a@b.id,X,2026-01-01,1', TODAY)).toEqual({ ok: false, problem: { code: 'unclosed_quote', row: 2 } });
	});
});
