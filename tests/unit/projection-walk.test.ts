import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addReply, createThread, deleteMessage, editMessage, setResolved } from '../../src/lib/comments/operations';
import { walkDocument } from '../../src/lib/projection/walk';

const LESSON = '0b6f1c3e-4a5d-4e8f-9a1b-2c3d4e5f6a7b';
const LESSON_2 = '1c7f2d4e-5b6e-4f90-8b2c-3d4e5f6a7b8c';
const CHANGE = '2d8a3e5f-6c7f-4a01-9c3d-4e5f6a7b8c9d';
const A = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';
const B = '9c8b7a60-5f4e-4d3c-b2a1-0f1e2d3c4b5a';
const T1 = '33333333-3333-4333-8333-333333333333';
const T2 = '44444444-4444-4444-8444-444444444444';
const T3 = '66666666-6666-4666-8666-666666666666';
const R1 = '55555555-5555-4555-8555-555555555555';
const anchor = { from: 'AQID', to: 'BAUG', quote: 'petugas loket' };

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

	it('collects every lessonRef with its own id, inside paragraphs, lessons and process changes, in document order', () => {
		const doc = docWith((body) => {
			const top = paragraph('Lihat ');
			top.insert(1, [element('lessonRef', { id: R1, lessonId: LESSON })]);
			const inChange = paragraph('Berdasarkan ');
			inChange.insert(1, [element('lessonRef', { id: T1, lessonId: LESSON_2.toUpperCase() })]);
			const inLesson = paragraph('Seperti ');
			inLesson.insert(1, [element('lessonRef', { id: T2, lessonId: LESSON })]);
			body.insert(0, [
				top,
				element('processChange', { id: CHANGE, direction: 'decrease' }, [inChange]),
				element('lesson', { id: A, title: 'Pelajaran' }, [inLesson])
			]);
		});
		expect(walkDocument(doc).lessonRefs).toEqual([
			{ blockId: R1, lessonId: LESSON },
			{ blockId: T1, lessonId: LESSON_2 },
			{ blockId: T2, lessonId: LESSON }
		]);
	});

	it('skips lessonRefs without a UUID id or lessonId and keeps the first of a duplicated ref id', () => {
		const doc = docWith((body) => {
			const p = paragraph('Rujukan ');
			p.insert(1, [
				element('lessonRef', { lessonId: LESSON }),
				element('lessonRef', { id: 'bukan-uuid', lessonId: LESSON }),
				element('lessonRef', { id: T1, lessonId: 'bukan-uuid' }),
				element('lessonRef', { id: T2 }),
				element('lessonRef', { id: T3, lessonId: LESSON }),
				element('lessonRef', { id: T3, lessonId: LESSON_2 })
			]);
			body.insert(0, [p]);
		});
		expect(walkDocument(doc).lessonRefs).toEqual([{ blockId: T3, lessonId: LESSON }]);
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

	it('projects comment threads (model.ts layout): counts, threads with anchor, quote and resolver, messages with mentions, ignoring what is not an entry', () => {
		const doc = docWith((_body, d) => {
			createThread(d, { userId: A, at: '2026-12-01T01:00:00.000Z' }, { threadId: T1, body: 'Mengapa antre?', anchor, mentions: [B] });
			addReply(d, { userId: B, at: '2026-12-01T02:00:00.000Z' }, { threadId: T1, messageId: R1, body: 'Karena loket tutup.' });
			createThread(d, { userId: B, at: '2026-12-01T03:00:00.000Z' }, { threadId: T2, body: 'Catatan umum', anchor: null });
			setResolved(d, { userId: A, at: '2026-12-01T04:00:00.000Z' }, { threadId: T2, resolved: true });
			// T3: resolved, then reopened (the state entry keeps the last write).
			createThread(d, { userId: A, at: '2026-12-01T05:00:00.000Z' }, { threadId: T3, body: 'Sudah?', anchor });
			setResolved(d, { userId: B, at: '2026-12-01T06:00:00.000Z' }, { threadId: T3, resolved: true });
			setResolved(d, { userId: A, at: '2026-12-01T07:00:00.000Z' }, { threadId: T3, resolved: false });
			editMessage(d, { userId: A, at: '2026-12-01T08:00:00.000Z' }, { threadId: T3, messageId: T3, body: 'Sudah selesai?' });
			const comments = d.getMap('comments');
			comments.set('junk', 5);
			// The layout before model.ts: not a thread any more.
			comments.set(`${A}/x`, { kind: 'thread', thread: 't4', text: 'lama', at: '2026-01-01', anchor: { from: 'a', to: 'b' } });
		});
		const projection = walkDocument(doc);
		expect(projection).toMatchObject({ commentThreads: 3, openCommentThreads: 2 });
		expect(projection.comments?.threads).toEqual([
			{ id: T3, authorId: A, anchored: true, quote: anchor.quote, resolved: false, resolvedBy: null },
			{ id: T1, authorId: A, anchored: true, quote: anchor.quote, resolved: false, resolvedBy: null },
			{ id: T2, authorId: B, anchored: false, quote: '', resolved: true, resolvedBy: A }
		]);
		expect(projection.comments?.messages).toEqual([
			{ id: T3, threadId: T3, authorId: A, body: 'Sudah selesai?', edited: true, deleted: false, mentions: [] },
			{ id: T1, threadId: T1, authorId: A, body: 'Mengapa antre?', edited: false, deleted: false, mentions: [B] },
			{ id: R1, threadId: T1, authorId: B, body: 'Karena loket tutup.', edited: false, deleted: false, mentions: [] },
			{ id: T2, threadId: T2, authorId: B, body: 'Catatan umum', edited: false, deleted: false, mentions: [] }
		]);
	});

	it('keeps a deleted opening message (empty, marked) and drops a deleted reply', () => {
		const doc = docWith((_body, d) => {
			createThread(d, { userId: A, at: '2026-12-01T01:00:00.000Z' }, { threadId: T1, body: 'Mengapa?', anchor });
			addReply(d, { userId: B, at: '2026-12-01T02:00:00.000Z' }, { threadId: T1, messageId: R1, body: 'Karena…' });
			deleteMessage(d, { userId: A, at: '2026-12-01T03:00:00.000Z' }, { threadId: T1, messageId: T1 });
			deleteMessage(d, { userId: B, at: '2026-12-01T04:00:00.000Z' }, { threadId: T1, messageId: R1 });
		});
		const projection = walkDocument(doc);
		expect(projection.commentThreads).toBe(1);
		expect(projection.comments?.messages).toEqual([{ id: T1, threadId: T1, authorId: A, body: '', edited: false, deleted: true, mentions: [] }]);
	});

	it('digests the body and title: equal content on two replicas gives one digest, a comment changes nothing, an edit changes it', () => {
		const a = docWith((body, d) => {
			body.insert(0, [paragraph('Antrean panjang'), element('lesson', { id: LESSON, title: 'Buka loket lebih awal' }, [paragraph('Isi')])]);
			d.getText('title').insert(0, 'Retrospektif');
		});
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const digest = walkDocument(a).contentDigest;
		expect(digest).toMatch(/^[0-9a-f]{64}$/);
		expect(walkDocument(b).contentDigest).toBe(digest);
		createThread(b, { userId: A, at: '2026-12-01T01:00:00.000Z' }, { threadId: T1, body: 'Mengapa?', anchor: null });
		expect(walkDocument(b).contentDigest).toBe(digest);
		b.getText('title').insert(12, ' Mei');
		expect(walkDocument(b).contentDigest).not.toBe(digest);
		const c = new Y.Doc();
		Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
		(c.getXmlFragment('default').get(0) as Y.XmlElement).insert(1, [new Y.XmlText('!')]);
		expect(walkDocument(c).contentDigest).not.toBe(digest);
	});

	it('counts words across blocks (not gluing the last word of one to the first of the next)', () => {
		const doc = docWith((body) => body.insert(0, [paragraph('Antrean KTP-el'), paragraph('pukul 07.00 sampai'), paragraph('')]));
		expect(walkDocument(doc).wordCount).toBe(6);
	});

	it('is empty for an empty document', () => {
		expect(walkDocument(new Y.Doc())).toEqual({
			lessons: [],
			processChanges: [],
			lessonRefs: [],
			actionItems: [],
			commentThreads: 0,
			openCommentThreads: 0,
			wordCount: 0,
			title: null,
			comments: { threads: [], messages: [] },
			contentDigest: expect.stringMatching(/^[0-9a-f]{64}$/)
		});
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
