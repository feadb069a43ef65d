import { describe, expect, it } from 'vitest';
import { insertMention, matchPeople, mentionAt, mentionsIn } from '../../src/lib/components/comments/threads';

const RINA = { id: '11111111-1111-4111-8111-111111111111', name: 'Rina Kusumawati' };
const BUDI = { id: '22222222-2222-4222-8222-222222222222', name: 'Budi Santoso' };
const RIZAL = { id: '33333333-3333-4333-8333-333333333333', name: 'Rizal Ramadhan' };
const PEOPLE = [RINA, BUDI, RIZAL];

describe('@mentions in a comment', () => {
	it('finds the mention being typed at the caret, only after a space or at the start', () => {
		expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
		expect(mentionAt('Mohon cek @Ri', 13)).toEqual({ start: 10, query: 'Ri' });
		expect(mentionAt('Mohon cek @Rina Kus', 19)).toEqual({ start: 10, query: 'Rina Kus' });
		expect(mentionAt('baris satu\n@Bu', 14)).toEqual({ start: 11, query: 'Bu' });
		expect(mentionAt('surel rina@contoh.id', 20)).toBeNull();
		expect(mentionAt('@Rina\nlagi', 10)).toBeNull();
		expect(mentionAt('tanpa sebutan', 5)).toBeNull();
	});

	it('matches word starts of names in any letter case, leaving out the writer', () => {
		expect(matchPeople(PEOPLE, 'ri')).toEqual([RINA, RIZAL]);
		expect(matchPeople(PEOPLE, 'RI kus')).toEqual([RINA]);
		expect(matchPeople(PEOPLE, 'santoso')).toEqual([BUDI]);
		expect(matchPeople(PEOPLE, 'uma')).toEqual([]);
		expect(matchPeople(PEOPLE, '', RINA.id)).toEqual([BUDI, RIZAL]);
	});

	it('puts the chosen name in the text and keeps only mentions still written', () => {
		const { text, caret } = insertMention('Mohon cek @ri bagian ini', 10, 13, RINA);
		expect(text).toBe('Mohon cek @Rina Kusumawati  bagian ini');
		expect(caret).toBe('Mohon cek @Rina Kusumawati '.length);
		expect(mentionsIn(text, [RINA, BUDI, RINA])).toEqual([RINA.id]);
		expect(mentionsIn('tidak ada lagi', [RINA])).toEqual([]);
	});
});
