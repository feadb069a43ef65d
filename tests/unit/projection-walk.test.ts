import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentKey } from '../../src/lib/document-contract';
import { walkDocument } from '../../src/lib/projection/walk';

const LESSON = '0b6f1c3e-4a5d-4e8f-9a1b-2c3d4e5f6a7b';
const LESSON_2 = '1c7f2d4e-5b6e-4f90-8b2c-3d4e5f6a7b8c';
const CHANGE = '2d8a3e5f-6c7f-4a01-9c3d-4e5f6a7b8c9d';

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function element(name: string, attrs: Record<string, unknown>, children: Y.XmlElement[] = []): Y.XmlElement {
	const el = new Y.XmlElement(name);
	for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
	el.insert(0, children);
	return el;
}

function docWith(build: (body: Y.XmlFragment, doc: Y.Doc) => void): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => build(doc.getXmlFragment('default'), doc));
	return doc;
}

describe('walkDocument', () => {
	it('finds lessons with title and the text of their paragraphs, formatting stripped', () => {
		const doc = docWith((body) => {
			const first = paragraph('Berkas tidak lengkap ');
			body.insert(0, [paragraph('Ringkasan'), element('lesson', { id: LESSON, title: ' Verifikasi dulu ' }, [first, paragraph('Baris kedua.')])]);
			const text = first.get(0) as Y.XmlText;
			text.insert(text.length, 'memperpanjang antrean.', { bold: true });
		});
		expect(walkDocument(doc).lessons).toEqual([
			{ blockId: LESSON, title: 'Verifikasi dulu', body: 'Berkas tidak lengkap memperpanjang antrean.\nBaris kedua.' }
		]);
	});

	it('reads process changes, accepting numbers as numbers or numeric strings and lesson ids as arrays or JSON', () => {
		const doc = docWith((body) => {
			body.insert(0, [
				element('processChange', {
					id: CHANGE,
					indicator: 'Waktu tunggu',
					unit: 'menit',
					direction: 'decrease',
					baseline: '180',
					target: 60,
					lessonIds: JSON.stringify([LESSON, 'not-a-uuid'])
				}, [paragraph('Loket verifikasi di pintu masuk.')])
			]);
		});
		expect(walkDocument(doc).processChanges).toEqual([
			{
				blockId: CHANGE,
				indicator: 'Waktu tunggu',
				unit: 'menit',
				direction: 'decrease',
				baseline: 180,
				target: 60,
				lessonIds: [LESSON],
				description: 'Loket verifikasi di pintu masuk.'
			}
		]);
	});

	it('adds lessonRefs inside a process change to its linked lessons, without duplicates', () => {
		const doc = docWith((body) => {
			const p = paragraph('Berdasarkan ');
			p.insert(1, [element('lessonRef', { lessonId: LESSON_2 })]);
			body.insert(0, [element('processChange', { id: CHANGE, direction: 'increase', lessonIds: [LESSON, LESSON_2] }, [p])]);
		});
		const [change] = walkDocument(doc).processChanges;
		expect(change.lessonIds).toEqual([LESSON, LESSON_2]);
		expect(change.direction).toBe('increase');
		expect(change.baseline).toBeNull();
	});

	it('skips nodes without a valid id and keeps the first of duplicated ids (copy-paste)', () => {
		const doc = docWith((body) => {
			body.insert(0, [
				element('lesson', { id: 'abc', title: 'tanpa id' }, [paragraph('x')]),
				element('lesson', { title: 'tanpa id sama sekali' }, [paragraph('y')]),
				element('lesson', { id: LESSON, title: 'pertama' }, [paragraph('a')]),
				element('lesson', { id: LESSON, title: 'salinan' }, [paragraph('b')])
			]);
		});
		expect(walkDocument(doc).lessons.map((l) => l.title)).toEqual(['pertama']);
	});

	it('counts comment threads and open ones (the latest status entry wins), ignoring anything that is not an entry', () => {
		const A = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';
		const B = '9c8b7a60-5f4e-4d3c-b2a1-0f1e2d3c4b5a';
		const doc = docWith((_body, d) => {
			const comments = d.getMap('comments');
			const anchor = { from: 'a', to: 'b' };
			for (const thread of ['t1', 't2', 't3']) comments.set(commentKey(A, thread), { kind: 'thread', thread, text: 'Mengapa?', at: '2026-01-01', anchor });
			comments.set(commentKey(B, 'r1'), { kind: 'reply', thread: 't1', text: 'Karena…', at: '2026-01-02' });
			// t2: resolved by B, then reopened by A later; t3: resolved.
			comments.set(commentKey(B, 's1'), { kind: 'status', thread: 't2', resolved: true, at: '2026-01-03' });
			comments.set(commentKey(A, 's2'), { kind: 'status', thread: 't2', resolved: false, at: '2026-01-04' });
			comments.set(commentKey(B, 's3'), { kind: 'status', thread: 't3', resolved: true, at: '2026-01-05' });
			comments.set('junk', 5);
			comments.set(commentKey(A, 'x'), { kind: 'thread', thread: 't4', text: 'tanpa jangkar', at: '2026-01-01' });
		});
		expect(walkDocument(doc)).toMatchObject({ commentThreads: 3, openCommentThreads: 2 });
	});

	it('counts words across blocks (not gluing the last word of one to the first of the next)', () => {
		const doc = docWith((body) => body.insert(0, [paragraph('Antrean KTP-el'), paragraph('pukul 07.00 sampai'), paragraph('')]));
		expect(walkDocument(doc).wordCount).toBe(6);
	});

	it('is empty for an empty document', () => {
		expect(walkDocument(new Y.Doc())).toEqual({ lessons: [], processChanges: [], commentThreads: 0, openCommentThreads: 0, wordCount: 0, title: null });
	});
});

describe('walkDocument: the title root', () => {
	it('is null for a document created before the title root existed, and does not create the root', () => {
		const doc = docWith((body) => body.insert(0, [paragraph('Isi')]));
		expect(walkDocument(doc).title).toBeNull();
		expect(doc.share.has('title')).toBe(false);
	});

	it('is the renamed title, whitespace collapsed, cut to the SQL limit, and never a word of the body', () => {
		const doc = docWith((body, d) => {
			body.insert(0, [paragraph('dua kata')]);
			d.getText('title').insert(0, '  Perbaikan\n SOP   antrean ');
		});
		expect(walkDocument(doc)).toMatchObject({ title: 'Perbaikan SOP antrean', wordCount: 2 });
		doc.getText('title').insert(0, 'x'.repeat(300));
		expect(walkDocument(doc).title).toHaveLength(200);
	});

	it('is null while blank (being retyped), so the SQL title is kept', () => {
		const doc = docWith((_body, d) => d.getText('title').insert(0, 'Lama'));
		doc.getText('title').delete(0, 4);
		doc.getText('title').insert(0, '   ');
		expect(walkDocument(doc).title).toBeNull();
	});

	it('is read from a replica that only received the update (the server walks applied updates)', () => {
		const source = docWith((_body, d) => d.getText('title').insert(0, 'Judul dari editor'));
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
		expect(walkDocument(replica).title).toBe('Judul dari editor');
	});
});
