import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { alurSchema, BODY_FRAGMENT } from '../../src/lib/editor/extensions';
import { promptPositions, type PromptSource } from '../../src/lib/editor/section-prompts';
import { templateContent, templateUpdate } from '../../src/lib/editor/templates';
import { walkDocument } from '../../src/lib/projection/walk';

const prompts: PromptSource = {
	section: (key) => (key === 'unknown' ? undefined : `prompt:${key}`),
	lesson: () => 'prompt:lesson',
	processChange: () => 'prompt:change'
};

const schema = alurSchema();
const fromJSON = (json: unknown) => schema.nodeFromJSON(json);
const shown = (doc: PMNode) => promptPositions(doc, prompts).map((p) => p.text);

/** Replaces the content of the paragraph right after the heading of `key` with `text`. */
function typeInSection(doc: PMNode, key: string, text: string): PMNode {
	let at = -1;
	doc.forEach((node, offset) => {
		if (node.type.name === 'heading' && node.attrs.section === key) at = offset + node.nodeSize;
	});
	const paragraph = doc.nodeAt(at);
	if (!paragraph) throw new Error(`no paragraph under ${key}`);
	const replaced = paragraph.type.create(paragraph.attrs, text ? schema.text(text) : null);
	return doc.replace(at, at + paragraph.nodeSize, new Slice(Fragment.from(replaced), 0, 0));
}

describe('section prompts', () => {
	it('show in every empty section of a new document, and in its empty lesson block', () => {
		const doc = fromJSON(templateContent('retrospective', () => '00000000-0000-4000-8000-000000000001'));
		expect(shown(doc)).toEqual(['prompt:retro_well', 'prompt:retro_not_well', 'prompt:retro_learned', 'prompt:retro_try', 'prompt:lesson']);
	});

	it('disappear from a section that is typed into and come back when it is emptied', () => {
		const doc = fromJSON(templateContent('sop_improvement', () => '00000000-0000-4000-8000-000000000002'));
		const typed = typeInSection(doc, 'sop_problem', 'Antrean panjang');
		expect(shown(typed)).not.toContain('prompt:sop_problem');
		expect(shown(typed)).toContain('prompt:sop_current');
		expect(shown(typeInSection(typed, 'sop_problem', ''))).toContain('prompt:sop_problem');
	});

	it('leave a section with a filled block alone, but keep the empty block prompt elsewhere', () => {
		const doc = fromJSON({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2, section: 'fa_lessons' }, content: [{ type: 'text', text: 'Pelajaran' }] },
				{ type: 'paragraph' },
				{ type: 'lesson', attrs: { id: '00000000-0000-4000-8000-000000000003', title: 'Cek server' }, content: [{ type: 'paragraph' }] },
				{ type: 'heading', attrs: { level: 2, section: 'unknown' }, content: [{ type: 'text', text: 'Lain' }] },
				{ type: 'paragraph' },
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Judul tanpa kunci (templat lama)' }] },
				{ type: 'paragraph' }
			]
		});
		// The lesson's title is content: no section prompt; its body is empty: the lesson prompt.
		// A key this build does not know and a heading without a key show nothing.
		expect(shown(doc)).toEqual(['prompt:lesson']);
	});

	it('are never document content: a new document projects no text but its headings, and no words of prompts', () => {
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, templateUpdate('failure_analysis'));
		const body = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FRAGMENT), schema);
		expect(body.textContent).not.toContain('prompt');
		const projection = walkDocument(ydoc);
		expect(projection.lessons).toEqual([expect.objectContaining({ title: '', body: '' })]);
		// Only the eight headings' words: Ringkasan(1) Dampak(1) Kronologi(1) Yang diharapkan vs yang terjadi(5)
		// Akar masalah 5 mengapa(4) Faktor pendukung(2) Pelajaran(1) Tindakan(1).
		expect(projection.wordCount).toBe(16);
	});
});
