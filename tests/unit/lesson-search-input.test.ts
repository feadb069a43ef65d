import { describe, expect, it } from 'vitest';
import { QUERY_MAX_CHARS, QUERY_MAX_WORDS, isSafeTsWord, normaliseQuery } from '../../src/lib/lessons/search-query';
import { RELATED_MAX_TERMS, relatedTerms } from '../../src/lib/lessons/related-terms';

describe('normaliseQuery', () => {
	it('keeps words, phrases and negation for websearch_to_tsquery', () => {
		expect(normaliseQuery('  "antrean loket"   -online  ')).toEqual({ text: '"antrean loket" -online', words: ['antrean', 'loket', 'online'] });
		expect(normaliseQuery('KTP-el 5/2023')).toEqual({ text: 'KTP-el 5/2023', words: ['ktp', 'el', '5', '2023'] });
		expect(normaliseQuery('pelayanan or perizinan')?.words).toEqual(['pelayanan', 'perizinan']);
	});

	it('turns tsquery operators, LIKE wildcards, backslashes and emoji into spaces', () => {
		expect(normaliseQuery("a&b|c!d:*e(f)g<h>i 50% x_y \\z 'q' 🙂 pelayanan")).toEqual({
			text: 'a b c d e f g h i 50 x y z q pelayanan',
			words: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
		});
	});

	it('drops NUL bytes, control characters and lone surrogates', () => {
		expect(normaliseQuery('pela\u0000yanan\u0007 \uD83D publik \uDE00')).toEqual({ text: 'pela yanan publik', words: ['pela', 'yanan', 'publik'] });
	});

	it('has nothing to search in empty, blank, symbol-only, emoji-only or non-string input', () => {
		for (const input of ['', '   ', '&|!:*()<>', '%_\\', '🙂🙂', '"', '\u0000', undefined, null, 42, ['pelayanan'], { q: 'x' }]) {
			expect(normaliseQuery(input), String(input)).toBeNull();
		}
	});

	it('bounds a 10 000-character query at a word boundary and a few words', () => {
		const long = 'pelayanan '.repeat(1000);
		const q = normaliseQuery(long);
		expect(q?.text.length).toBeLessThanOrEqual(QUERY_MAX_CHARS);
		expect(q?.text.endsWith('pelayanan')).toBe(true);
		expect(q?.words).toEqual(['pelayanan']);
		const many = Array.from({ length: 2000 }, (_, i) => `kata${i}`).join(' ');
		expect(normaliseQuery(many)?.words).toHaveLength(QUERY_MAX_WORDS);
		// One 10 000-letter "word" is no word at all.
		expect(normaliseQuery('x'.repeat(10_000))).toBeNull();
		expect(normaliseQuery('ab '.repeat(5000))?.text.length).toBeLessThanOrEqual(QUERY_MAX_CHARS);
	});

	it('gives words that are always safe inside to_tsquery', () => {
		const q = normaliseQuery(`Pelayanan'); drop table lessons; -- "é" ÉCOLE ｆｕｌｌ`);
		expect(q?.words.every(isSafeTsWord)).toBe(true);
		expect(q?.words).toContain('école');
		expect(q?.words).toContain('full');
		expect(isSafeTsWord('a:*')).toBe(false);
		expect(isSafeTsWord('')).toBe(false);
	});
});

describe('relatedTerms', () => {
	it('picks the telling words of the paragraph and the title, title words first', () => {
		const terms = relatedTerms({
			title: 'Antrean panjang di loket KTP-el',
			text: 'Warga menunggu lebih dari tiga jam karena printer blangko KTP rusak dan tidak ada cadangan. Printer sudah dilaporkan.',
			type: 'failure_analysis'
		});
		// KTP is in the title and the text; then the title's words, then the paragraph's repeated "printer".
		expect(terms.slice(0, 4)).toEqual(['ktp', 'antrean', 'panjang', 'printer']);
		expect(terms).toContain('ktp');
		expect(terms).toContain('blangko');
		// Function words, short words and numbers are not terms.
		for (const dropped of ['di', 'dan', 'tidak', 'ada', 'lebih', 'dari', 'karena', 'sudah', 'el', 'tiga']) expect(terms).not.toContain(dropped);
		expect(terms.length).toBeLessThanOrEqual(RELATED_MAX_TERMS);
	});

	it("drops the words of the type's own template headings, not another type's", () => {
		const text = 'Kronologi tindakan petugas: ringkasan dampak pada pemohon izin usaha.';
		const fa = relatedTerms({ title: '', text, type: 'failure_analysis' });
		expect(fa).toEqual(['petugas', 'pemohon', 'usaha', 'izin']);
		const sop = relatedTerms({ title: '', text, type: 'sop_improvement' });
		expect(sop).toContain('tindakan');
		expect(sop).toContain('kronologi');
	});

	it('keeps acronyms, drops bare numbers, and stays bounded on huge or hostile text', () => {
		expect(relatedTerms({ title: 'SOP BPJS 2024', text: '', type: 'retrospective' })).toEqual(['bpjs', 'sop']);
		const hostile = relatedTerms({ title: "'); drop table x; --", text: '&|!:*()<> \u0000 🙂 '.repeat(5000), type: 'retrospective' });
		expect(hostile).toEqual(['table', 'drop']);
		const big = relatedTerms({ title: '', text: Array.from({ length: 5000 }, (_, i) => `istilah${i}`).join(' '), type: 'retrospective' });
		expect(big).toHaveLength(RELATED_MAX_TERMS);
		expect(relatedTerms({ title: '', text: '', type: 'failure_analysis' })).toEqual([]);
	});
});
