/**
 * CSV for the dashboard's exports (RFC 4180): comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break. The body starts with a UTF-8 byte order mark because
 * Excel opens a file without one in the machine's legacy code page, and Indonesian names with
 * diacritics or curly quotes come out garbled.
 */

export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | null;

/**
 * A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a
 * leading apostrophe: titles are typed by users, and a lesson titled `=HYPERLINK(…)` must stay
 * text in the exported sheet (OWASP "CSV injection"). Numbers are written as numbers.
 */
function cell(value: CsvCell): string {
	if (value === null) return '';
	let text = typeof value === 'number' ? String(value) : value;
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	const lines = [headers, ...rows].map((row) => row.map(cell).join(','));
	return UTF8_BOM + lines.join('\r\n') + '\r\n';
}

/** A file name safe in a Content-Disposition header on every browser: ASCII letters, digits, dashes. */
export function csvFilename(parts: readonly string[]): string {
	const name = parts
		.map((p) => p.normalize('NFKD').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase())
		.filter((p) => p !== '')
		.join('_');
	return `${name || 'export'}.csv`;
}

export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
