import { describe, expect, it } from 'vitest';
import { csvFilename, toCsv, UTF8_BOM } from '../../src/lib/impact/csv';

describe('impact CSV', () => {
	it('starts with a BOM, ends lines with CRLF and quotes only what needs it', () => {
		const csv = toCsv(['Tim', 'Pelajaran'], [['Bidang "Pelayanan", Kota', 3], ['Puskesmas', null]]);
		expect(csv.startsWith(UTF8_BOM)).toBe(true);
		expect(csv.slice(1)).toBe('Tim,Pelajaran\r\n"Bidang ""Pelayanan"", Kota",3\r\nPuskesmas,\r\n');
	});

	it('keeps a typed title that looks like a formula as text', () => {
		const csv = toCsv(['Judul'], [['=HYPERLINK("http://x")'], ['-1 antrean'], [-1]]);
		expect(csv.slice(1).split('\r\n')).toEqual(['Judul', `"'=HYPERLINK(""http://x"")"`, "'-1 antrean", '-1', '']);
	});

	it('names files in ASCII', () => {
		expect(csvFilename(['dampak', 'teams', 'Bidang Pelayanan Ω', '2026-01-01'])).toBe('dampak_teams_bidang-pelayanan_2026-01-01.csv');
	});
});
