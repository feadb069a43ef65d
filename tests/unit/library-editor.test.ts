import { describe, expect, it } from 'vitest';
import { alurSchema } from '../../src/lib/editor/extensions';
import { currentSection, SECTION_TEXT_MAX } from '../../src/lib/editor/current-section';
import {
	closelyMatches,
	closestRecurrence,
	RECURRENCE_MIN_MATCHED,
	RECURRENCE_MIN_SHARE,
	RECURRENCE_MIN_TERMS
} from '../../src/lib/lessons/recurrence';

const heading = (text: string) => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] });
const paragraph = (text?: string) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });

/** A failure analysis: text above the first heading, three sections, a lesson block in the last. */
const doc = alurSchema().nodeFromJSON({
	type: 'doc',
	content: [
		paragraph('Catatan pembuka sebelum judul bagian.'),
		heading('Ringkasan'),
		paragraph('Antrean KTP-el melebihi tiga jam pada hari Senin.'),
		paragraph('Warga datang subuh.'),
		heading('Kronologi'),
		paragraph('Server pencetakan mati pukul sembilan.'),
		heading('Pelajaran'),
		{
			type: 'lesson',
			attrs: { id: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', title: 'Nomor antrean daring' },
			content: [paragraph('Sediakan pengambilan nomor antrean secara daring.')]
		}
	]
});

/** The position inside the first text of the child at `index`. */
function inside(index: number): number {
	let pos = 0;
	for (let i = 0; i < index; i += 1) pos += doc.child(i).nodeSize;
	return pos + 1;
}

describe('currentSection (the text the related-lessons panel asks about)', () => {
	it('is the heading at or above the cursor down to the next heading', () => {
		const section = currentSection(doc, inside(3));
		expect(section).toEqual({
			index: 1,
			heading: 'Ringkasan',
			text: 'Ringkasan\nAntrean KTP-el melebihi tiga jam pada hari Senin.\nWarga datang subuh.'
		});
		// The heading itself belongs to its section; moving down a section changes the index.
		expect(currentSection(doc, inside(1)).index).toBe(1);
		expect(currentSection(doc, inside(5))).toEqual({ index: 2, heading: 'Kronologi', text: 'Kronologi\nServer pencetakan mati pukul sembilan.' });
	});

	it('reads a lesson block’s title (an attribute) and body', () => {
		const section = currentSection(doc, inside(7) + 2);
		expect(section.heading).toBe('Pelajaran');
		expect(section.text).toBe('Pelajaran\nNomor antrean daring\nSediakan pengambilan nomor antrean secara daring.');
	});

	it('treats text above the first heading as section 0 and clamps positions outside the document', () => {
		expect(currentSection(doc, 1)).toEqual({ index: 0, heading: '', text: 'Catatan pembuka sebelum judul bagian.' });
		expect(currentSection(doc, -50).index).toBe(0);
		expect(currentSection(doc, doc.content.size + 100).heading).toBe('Pelajaran');
	});

	it('leaves empty blocks out and bounds the text', () => {
		const long = alurSchema().nodeFromJSON({ type: 'doc', content: [heading('Dampak'), paragraph(), paragraph('kata '.repeat(2000))] });
		const section = currentSection(long, 2);
		expect(section.text.startsWith('Dampak\nkata')).toBe(true);
		expect(section.text.length).toBe(SECTION_TEXT_MAX);
		const empty = alurSchema().nodeFromJSON({ type: 'doc', content: [heading('Dampak'), paragraph()] });
		expect(currentSection(empty, 3)).toEqual({ index: 1, heading: 'Dampak', text: 'Dampak' });
	});
});

describe('closelyMatches (lesson not learned)', () => {
	it('needs most of at least three key terms', () => {
		expect([RECURRENCE_MIN_TERMS, RECURRENCE_MIN_MATCHED, RECURRENCE_MIN_SHARE]).toEqual([3, 3, 0.6]);
		expect(closelyMatches({ terms: 5, matched: 3 })).toBe(true);
		expect(closelyMatches({ terms: 10, matched: 6 })).toBe(true);
		expect(closelyMatches({ terms: 3, matched: 3 })).toBe(true);
		expect(closelyMatches({ terms: 10, matched: 5 })).toBe(false);
		expect(closelyMatches({ terms: 6, matched: 3 })).toBe(false);
	});

	it('never claims a repeat from two words, one shared word or impossible counts', () => {
		expect(closelyMatches({ terms: 2, matched: 2 })).toBe(false);
		expect(closelyMatches({ terms: 10, matched: 1 })).toBe(false);
		expect(closelyMatches({ terms: 0, matched: 0 })).toBe(false);
		expect(closelyMatches({ terms: 4, matched: 5 })).toBe(false);
		expect(closelyMatches({ terms: Number.NaN, matched: 3 })).toBe(false);
		expect(closelyMatches({ terms: 5, matched: Number.POSITIVE_INFINITY })).toBe(false);
	});

	it('picks the candidate sharing most terms, the first one on a tie, or none', () => {
		const a = { id: 'a', matched: 4 };
		const b = { id: 'b', matched: 5 };
		const c = { id: 'c', matched: 5 };
		expect(closestRecurrence(6, [a, b, c])).toBe(b);
		expect(closestRecurrence(10, [a])).toBeNull();
		expect(closestRecurrence(6, [])).toBeNull();
	});
});
