import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { alurSchema } from '../../src/lib/editor/extensions';
import { BODY_FRAGMENT } from '../../src/lib/document-contract';
import { anchorFromRange, resolveAnchor, type BodyBinding, type ProsemirrorMapping } from '../../src/lib/comments/anchor';
import { COMMENT_QUOTE_MAX, readAnchor, type CommentAnchor } from '../../src/lib/comments/model';

/**
 * Anchors are made and resolved exactly as the editor does (y-tiptap's position mapping over the
 * body fragment), on two Y.Docs that edit concurrently and exchange their updates late and out
 * of order, as two browsers behind the sync server do.
 */

const schema = alurSchema();

interface Replica {
	doc: Y.Doc;
	/** Updates this replica made that the other one has not received yet. */
	outbox: Uint8Array[];
}

function replicas(paragraphs: string[]): [Replica, Replica] {
	const a = new Y.Doc();
	prosemirrorJSONToYXmlFragment(
		schema,
		{ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
		a.getXmlFragment(BODY_FRAGMENT)
	);
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	const pair: [Replica, Replica] = [
		{ doc: a, outbox: [] },
		{ doc: b, outbox: [] }
	];
	for (const replica of pair) replica.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && replica.outbox.push(update));
	return pair;
}

/** Delivers `from`'s pending updates to `to`, newest first (Yjs must cope with any order). */
function deliver(from: Replica, to: Replica): void {
	for (const update of from.outbox.reverse()) Y.applyUpdate(to.doc, update, 'peer');
	from.outbox = [];
}

/** The editor's view of a replica: its ProseMirror document and y-tiptap's mapping, fresh. */
function view(replica: Replica): { binding: BodyBinding; pm: PMNode } {
	const type = replica.doc.getXmlFragment(BODY_FRAGMENT);
	const { doc, mapping } = initProseMirrorDoc(type, schema);
	return { binding: { doc: replica.doc, type, mapping: mapping as ProsemirrorMapping }, pm: doc };
}

/** The ProseMirror range of the first occurrence of `needle` (within one text node). */
function rangeOf(pm: PMNode, needle: string): { from: number; to: number } {
	let found: { from: number; to: number } | null = null;
	pm.descendants((node, pos) => {
		if (found || !node.isText) return !found;
		const at = node.text!.indexOf(needle);
		if (at >= 0) found = { from: pos + at, to: pos + at + needle.length };
		return false;
	});
	if (!found) throw new Error(`"${needle}" not in the document`);
	return found;
}

function anchorOn(replica: Replica, needle: string): CommentAnchor {
	const { binding, pm } = view(replica);
	const { from, to } = rangeOf(pm, needle);
	const anchor = anchorFromRange(binding, pm, from, to);
	if (!anchor) throw new Error('no anchor');
	return anchor;
}

/** The text the anchor covers on this replica now, or null when it is gone. */
function textUnder(replica: Replica, anchor: CommentAnchor): string | null {
	const { binding, pm } = view(replica);
	const range = resolveAnchor(binding, anchor);
	return range ? pm.textBetween(range.from, range.to, '\n') : null;
}

function paragraphText(replica: Replica, index: number): Y.XmlText {
	const paragraph = replica.doc.getXmlFragment(BODY_FRAGMENT).get(index) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

function body(replica: Replica): string {
	return view(replica).pm.textBetween(0, view(replica).pm.content.size, '\n');
}

describe('comment anchors', () => {
	it('quotes the selected text and encodes positions the model accepts', () => {
		const [a] = replicas(['Rapat koordinasi dibatalkan tanpa pemberitahuan.']);
		const anchor = anchorOn(a, 'dibatalkan tanpa');
		expect(anchor.quote).toBe('dibatalkan tanpa');
		expect(readAnchor(anchor)).toEqual(anchor);
		expect(textUnder(a, anchor)).toBe('dibatalkan tanpa');
		// The body's very first characters too (y-tiptap alone takes that place for a misresolved one).
		expect(textUnder(a, anchorOn(a, 'Rapat'))).toBe('Rapat');
	});

	it('keeps a long quote within the model’s limit, and refuses an empty range', () => {
		const [a] = replicas(['x'.repeat(COMMENT_QUOTE_MAX + 50)]);
		const { binding, pm } = view(a);
		const anchor = anchorFromRange(binding, pm, 1, pm.content.size - 1);
		expect([...anchor!.quote].length).toBe(COMMENT_QUOTE_MAX);
		expect(readAnchor(anchor)).toEqual(anchor);
		expect(anchorFromRange(binding, pm, 3, 3)).toBeNull();
	});

	it('stays on its text when the other replica types right before, right after and far from it', () => {
		const [a, b] = replicas(['Rapat koordinasi dibatalkan tanpa pemberitahuan.']);
		const anchor = anchorOn(a, 'dibatalkan');
		const text = paragraphText(b, 0);
		// Concurrently: B types at both edges and elsewhere, A types at the start of the paragraph.
		text.insert('Rapat koordinasi '.length, 'sering ');
		text.insert('Rapat koordinasi sering dibatalkan'.length, ' mendadak');
		text.insert(text.length, ' Lagi.');
		paragraphText(a, 0).insert(0, 'Catatan: ');
		deliver(b, a);
		deliver(a, b);
		expect(body(a)).toBe('Catatan: Rapat koordinasi sering dibatalkan mendadak tanpa pemberitahuan. Lagi.');
		expect(body(b)).toBe(body(a));
		expect(textUnder(a, anchor)).toBe('dibatalkan');
		expect(textUnder(b, anchor)).toBe('dibatalkan');
	});

	it('grows with text typed inside it and shrinks with text deleted inside it', () => {
		const [a, b] = replicas(['Rapat koordinasi dibatalkan tanpa pemberitahuan.']);
		const anchor = anchorOn(a, 'dibatalkan tanpa pemberitahuan');
		const start = 'Rapat koordinasi '.length;
		// A inserts inside while B deletes another part inside, before either hears of the other.
		paragraphText(a, 0).insert(start + 'dibatalkan'.length, ' lagi');
		paragraphText(b, 0).delete(start + 'dibatalkan '.length, 'tanpa '.length);
		deliver(a, b);
		deliver(b, a);
		expect(textUnder(a, anchor)).toBe('dibatalkan lagi pemberitahuan');
		expect(textUnder(b, anchor)).toBe('dibatalkan lagi pemberitahuan');
	});

	it('keeps the surviving part when a deletion takes its first or its last characters', () => {
		const [a, b] = replicas(['Rapat koordinasi dibatalkan tanpa pemberitahuan.']);
		const anchor = anchorOn(a, 'koordinasi dibatalkan');
		// B deletes "Rapat koordinasi " (over the start); A deletes "batalkan tanpa" (over the end).
		paragraphText(b, 0).delete(0, 'Rapat koordinasi '.length);
		paragraphText(a, 0).delete('Rapat koordinasi di'.length, 'batalkan tanpa'.length);
		deliver(b, a);
		deliver(a, b);
		expect(body(a)).toBe('di pemberitahuan.');
		expect(textUnder(a, anchor)).toBe('di');
		expect(textUnder(b, anchor)).toBe('di');
	});

	it('is gone once all its text is deleted, even while the other replica typed around it', () => {
		const [a, b] = replicas(['Rapat koordinasi dibatalkan tanpa pemberitahuan.']);
		const anchor = anchorOn(a, 'dibatalkan');
		const start = 'Rapat koordinasi '.length;
		paragraphText(b, 0).delete(start, 'dibatalkan'.length);
		paragraphText(a, 0).insert(start, '(');
		paragraphText(a, 0).insert(start + 1 + 'dibatalkan'.length, ')');
		deliver(a, b);
		deliver(b, a);
		expect(body(a)).toBe('Rapat koordinasi () tanpa pemberitahuan.');
		expect(textUnder(a, anchor)).toBeNull();
		expect(textUnder(b, anchor)).toBeNull();
	});

	it('follows a range over two paragraphs, and is gone when both its paragraphs are deleted', () => {
		const [a, b] = replicas(['Pertama: akar masalah.', 'Kedua: jadwal rapat.', 'Ketiga: tindak lanjut.']);
		const { binding, pm } = view(a);
		const from = rangeOf(pm, 'akar masalah').from;
		const to = rangeOf(pm, 'Kedua').to;
		const anchor = anchorFromRange(binding, pm, from, to)!;
		expect(anchor.quote).toBe('akar masalah.\nKedua');
		// B writes a new paragraph at the top while A edits inside the range.
		const fragment = b.doc.getXmlFragment(BODY_FRAGMENT);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Pembuka.')]);
		fragment.insert(0, [paragraph]);
		paragraphText(a, 1).insert(0, 'Ringkas: ');
		deliver(b, a);
		deliver(a, b);
		expect(textUnder(a, anchor)).toBe('akar masalah.\nRingkas: Kedua');
		expect(textUnder(b, anchor)).toBe('akar masalah.\nRingkas: Kedua');

		b.doc.getXmlFragment(BODY_FRAGMENT).delete(1, 2);
		deliver(b, a);
		expect(body(a)).toBe('Pembuka.\nKetiga: tindak lanjut.');
		expect(textUnder(a, anchor)).toBeNull();
		expect(textUnder(b, anchor)).toBeNull();
	});

	it('treats an anchor that does not decode as gone, not as an error', () => {
		const [a] = replicas(['Teks.']);
		expect(textUnder(a, { from: 'AAAA', to: '!!', quote: 'Teks' })).toBeNull();
	});
});
