import { describe, expect, it } from 'vitest';
import { filterBlocks } from '../../src/lib/components/editor/block-filter';

// The menu's real items translate their labels through Paraglide; these stand in for them
// (Indonesian labels, keywords in both languages) so the test needs no compiled messages.
const ITEMS = [
	{ id: 'heading2', label: () => 'Judul bagian', keywords: ['judul', 'heading', 'h2'] },
	{ id: 'orderedList', label: () => 'Daftar bernomor', keywords: ['daftar', 'nomor', 'list', 'numbered'] },
	{ id: 'bulletList', label: () => 'Daftar berbutir', keywords: ['daftar', 'butir', 'list', 'bullet'] },
	{ id: 'lesson', label: () => 'Pelajaran', keywords: ['pelajaran', 'lesson'] },
	{ id: 'processChange', label: () => 'Perubahan proses', keywords: ['perubahan', 'proses', 'indikator', 'Process'] }
];

describe('slash menu matching', () => {
	const ids = (query: string) => filterBlocks(query, ITEMS).map((item) => item.id);

	it('lists every block for a bare "/"', () => {
		expect(ids('')).toEqual(ITEMS.map((item) => item.id));
	});

	it('matches word starts of the label and of keywords, in either letter case', () => {
		expect(ids('pel')).toEqual(['lesson']);
		expect(ids('LESSON')).toEqual(['lesson']);
		expect(ids('process')).toEqual(['processChange']);
		expect(ids('h2')).toEqual(['heading2']);
	});

	it('needs every typed word to match (narrowing, not widening)', () => {
		expect(ids('daftar')).toEqual(['orderedList', 'bulletList']);
		expect(ids('daftar nomor')).toEqual(['orderedList']);
	});

	it('does not match inside words, and finds nothing for an unknown word (the menu then says so)', () => {
		expect(ids('jaran')).toEqual([]);
		expect(ids('zzz')).toEqual([]);
	});
});
