import { emailField } from '../validation';
import { checkTrainingRecord, jakartaToday, type TrainingErrorCode, type TrainingRecordInput } from './record-input';

/**
 * An admin's CSV of training records (issue 15): a header row naming the columns email, course,
 * organiser, date and JP (in any order; Indonesian names accepted), then one record a row.
 * Spreadsheets set to Indonesian write `;` between fields because the comma is their decimal
 * sign, so the separator is read from the header. Every problem is listed with its row number
 * (the file's line, the header being row 1) and column; the import stores nothing unless there
 * is none (repositories/training.ts).
 */
/**
 * 500 KB: under adapter-node's default request limit (BODY_SIZE_LIMIT, 512 KiB) with room for the
 * form around the file, so an oversized file gets this clear answer rather than a bare 413; 5 000
 * rows of ~80 bytes fit well inside it.
 */
export const CSV_LIMITS = { maxBytes: 500_000, maxRows: 5000 } as const;

export const CSV_COLUMNS = ['email', 'course', 'organiser', 'date', 'hours'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const HEADER_NAMES: Record<string, CsvColumn> = {
	email: 'email',
	'e-mail': 'email',
	surel: 'email',
	course: 'course',
	pelatihan: 'course',
	kursus: 'course',
	'nama pelatihan': 'course',
	organiser: 'organiser',
	organizer: 'organiser',
	penyelenggara: 'organiser',
	date: 'date',
	tanggal: 'date',
	'tanggal selesai': 'date',
	jp: 'hours',
	hours: 'hours',
	'jam pelajaran': 'hours'
};

/** What is wrong with the file as a whole (nothing is read row by row then). */
export type CsvFileProblem =
	| { code: 'file_empty' }
	| { code: 'file_too_large'; maxBytes: number }
	| { code: 'too_many_rows'; maxRows: number }
	| { code: 'columns_missing'; columns: CsvColumn[] }
	| { code: 'unclosed_quote'; row: number };

export type CsvRowErrorCode = TrainingErrorCode | 'columns_count';

export interface CsvRowError {
	/** Line of the file, the header being 1. */
	row: number;
	/** Null when the row as a whole is wrong (its number of fields). */
	column: CsvColumn | null;
	code: CsvRowErrorCode;
}

export interface CsvTrainingRow extends TrainingRecordInput {
	row: number;
	email: string;
}

export type CsvParse =
	| { ok: true; rows: CsvTrainingRow[]; errors: CsvRowError[] }
	| { ok: false; problem: CsvFileProblem };

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold the separator, quotes doubled,
 * line breaks). Returns the records with the line each starts on, or the line of an unclosed quote.
 */
export function splitCsv(text: string, separator: ',' | ';'): { records: { line: number; fields: string[] }[] } | { unclosedAt: number } {
	const records: { line: number; fields: string[] }[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	let quoteLine = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				field += ch;
			}
			continue;
		}
		if (ch === '"' && field.trim() === '') {
			quoted = true;
			quoteLine = line;
			field = '';
		} else if (ch === separator) {
			fields.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			fields.push(field);
			records.push({ line: start, fields });
			fields = [];
			field = '';
			line++;
			start = line;
		} else field += ch;
	}
	if (quoted) return { unclosedAt: quoteLine };
	if (field !== '' || fields.length > 0) {
		fields.push(field);
		records.push({ line: start, fields });
	}
	// Blank lines (a trailing newline, an empty row in the spreadsheet) are not records.
	return { records: records.filter((r) => r.fields.some((f) => f.trim() !== '')) };
}

/** Reads the file: header, then every row checked; `today` is Jakarta's. */
export function parseTrainingCsv(input: string, today: string = jakartaToday()): CsvParse {
	if (new TextEncoder().encode(input).length > CSV_LIMITS.maxBytes) return { ok: false, problem: { code: 'file_too_large', maxBytes: CSV_LIMITS.maxBytes } };
	const text = input.replace(/^\uFEFF/, '');
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
	const split = splitCsv(text, separator);
	if ('unclosedAt' in split) return { ok: false, problem: { code: 'unclosed_quote', row: split.unclosedAt } };
	const [header, ...body] = split.records;
	if (!header) return { ok: false, problem: { code: 'file_empty' } };
	const positions = new Map<CsvColumn, number>();
	header.fields.forEach((name, index) => {
		const column = HEADER_NAMES[name.trim().toLowerCase()];
		if (column && !positions.has(column)) positions.set(column, index);
	});
	const missing = CSV_COLUMNS.filter((c) => c !== 'organiser' && !positions.has(c));
	if (missing.length > 0) return { ok: false, problem: { code: 'columns_missing', columns: missing } };
	if (body.length === 0) return { ok: false, problem: { code: 'file_empty' } };
	if (body.length > CSV_LIMITS.maxRows) return { ok: false, problem: { code: 'too_many_rows', maxRows: CSV_LIMITS.maxRows } };

	const rows: CsvTrainingRow[] = [];
	const errors: CsvRowError[] = [];
	for (const record of body) {
		if (record.fields.length !== header.fields.length) {
			errors.push({ row: record.line, column: null, code: 'columns_count' });
			continue;
		}
		const cell = (column: CsvColumn) => {
			const at = positions.get(column);
			return at === undefined ? '' : (record.fields[at] ?? '');
		};
		const rowErrors: CsvRowError[] = [];
		const email = emailField.safeParse(cell('email'));
		if (!email.success) rowErrors.push({ row: record.line, column: 'email', code: email.error.issues[0]?.message === 'required' ? 'required' : 'email_invalid' });
		const checked = checkTrainingRecord({ course: cell('course'), organiser: cell('organiser'), completedOn: cell('date'), hours: cell('hours') }, today);
		if (!checked.ok) {
			const columnOf = { course: 'course', organiser: 'organiser', completedOn: 'date', hours: 'hours' } as const;
			for (const field of ['course', 'organiser', 'completedOn', 'hours'] as const) {
				const code = checked.errors[field];
				if (code) rowErrors.push({ row: record.line, column: columnOf[field], code });
			}
		}
		if (rowErrors.length > 0) errors.push(...rowErrors);
		else if (email.success && checked.ok) rows.push({ row: record.line, email: email.data.toLowerCase(), ...checked.data });
	}
	return { ok: true, rows, errors };
}
