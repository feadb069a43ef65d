import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanTitle, readTitle, textSplice, TITLE_MAX, writeTitle } from '../../src/lib/editor/title-text';
import { DOCUMENT_TITLE_MAX } from '../../src/lib/document-validation';

function replicas(): [Y.Doc, Y.Doc] {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
	b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
	return [a, b];
}

describe('title text', () => {
	it('splices only what changed', () => {
		expect(textSplice('SOP antrean', 'SOP antrean KTP-el')).toEqual({ index: 11, remove: 0, insert: ' KTP-el' });
		expect(textSplice('SOP antrean', 'SOP layanan')).toEqual({ index: 4, remove: 5, insert: 'layan' });
		expect(textSplice('aaa', 'aa')).toEqual({ index: 2, remove: 1, insert: '' });
		expect(textSplice('', 'Judul')).toEqual({ index: 0, remove: 0, insert: 'Judul' });
	});

	it('shows the SQL title until the document has a title root, and seeds the root on the first rename', () => {
		const doc = new Y.Doc();
		expect(readTitle(doc, 'Judul lama')).toBe('Judul lama');
		expect(doc.share.has('title')).toBe(false);
		writeTitle(doc, 'Judul lama (revisi)');
		expect(doc.getText('title').toString()).toBe('Judul lama (revisi)');
		expect(readTitle(doc, 'Judul lama')).toBe('Judul lama (revisi)');
	});

	it('merges two writers renaming at once, like body text', () => {
		const [a, b] = replicas();
		writeTitle(a, 'Antrean KTP');
		expect(readTitle(b, '')).toBe('Antrean KTP');
		// Offline from each other: one adds at the end, the other at the start.
		const offline = [new Y.Doc(), new Y.Doc()];
		for (const d of offline) Y.applyUpdate(d, Y.encodeStateAsUpdate(a));
		writeTitle(offline[0], 'Antrean KTP-el');
		writeTitle(offline[1], 'Perbaikan antrean KTP');
		for (const d of offline) Y.applyUpdate(a, Y.encodeStateAsUpdate(d));
		expect(readTitle(a, '')).toBe('Perbaikan antrean KTP-el');
	});

	it('keeps a title to one line within the limit', () => {
		expect(TITLE_MAX).toBe(DOCUMENT_TITLE_MAX);
		expect(cleanTitle('Baris satu\nbaris dua')).toBe('Baris satu baris dua');
		const doc = new Y.Doc();
		writeTitle(doc, 'x'.repeat(250));
		expect(doc.getText('title').length).toBe(200);
	});
});
