import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { alurSchema, BODY_FRAGMENT } from '../../src/lib/editor/extensions';
import { TEMPLATE_SECTIONS, templateUpdate } from '../../src/lib/editor/templates';
import { DOCUMENT_TYPES, type DocumentType } from '../../src/lib/roles';
import { isUuid } from '../../src/lib/ids';

/** Decodes an update the way the server and every client will: into a Y.Doc, then the PM schema. */
function decode(update: Uint8Array): PMNode {
	const ydoc = new Y.Doc();
	Y.applyUpdate(ydoc, update);
	return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FRAGMENT), alurSchema());
}

function headings(doc: PMNode): string[] {
	const out: string[] = [];
	doc.forEach((node) => {
		if (node.type.name === 'heading') out.push(node.textContent);
	});
	return out;
}

function blocks(doc: PMNode, type: string): PMNode[] {
	const out: PMNode[] = [];
	doc.descendants((node) => {
		if (node.type.name === type) out.push(node);
	});
	return out;
}

describe('document templates', () => {
	it.each(DOCUMENT_TYPES)('%s decodes into its headed sections, each followed by help text', (type: DocumentType) => {
		const doc = decode(templateUpdate(type));
		expect(headings(doc)).toEqual(TEMPLATE_SECTIONS[type]);
		// Every heading is followed by an italic help paragraph in Indonesian.
		doc.forEach((node, _offset, index) => {
			if (node.type.name !== 'heading') return;
			const next = doc.child(index + 1);
			expect(next.type.name).toBe('paragraph');
			expect(next.textContent.length).toBeGreaterThan(10);
			expect(next.firstChild?.marks.map((mk) => mk.type.name)).toEqual(['italic']);
		});
		// The schema accepts it as is (a template the editor would "fix" would write on open).
		expect(() => doc.check()).not.toThrow();
	});

	it('failure analysis: the blameless sections design.md lists, a lesson block under "Pelajaran"', () => {
		const doc = decode(templateUpdate('failure_analysis'));
		expect(headings(doc)).toEqual([
			'Ringkasan',
			'Dampak',
			'Kronologi',
			'Yang diharapkan vs yang terjadi',
			'Akar masalah (5 mengapa)',
			'Faktor pendukung',
			'Pelajaran',
			'Tindakan'
		]);
		const [lesson, ...more] = blocks(doc, 'lesson');
		expect(more).toHaveLength(0);
		expect(isUuid(lesson.attrs.id)).toBe(true);
		expect(lesson.attrs.title).toBe('');
		expect(lesson.childCount).toBeGreaterThan(0);
		// Five whys: an ordered list of five items.
		const [whys] = blocks(doc, 'orderedList');
		expect(whys.childCount).toBe(5);
	});

	it('SOP improvement: a processChange block with empty indicator fields', () => {
		const doc = decode(templateUpdate('sop_improvement'));
		const [change, ...more] = blocks(doc, 'processChange');
		expect(more).toHaveLength(0);
		expect(change.attrs).toMatchObject({
			indicator: '',
			unit: '',
			direction: 'decrease',
			baseline: null,
			target: null,
			lessonIds: []
		});
		expect(isUuid(change.attrs.id)).toBe(true);
		expect(blocks(doc, 'lesson')).toHaveLength(0);
	});

	it('retrospective: a lesson block and actions with owner and due date', () => {
		const doc = decode(templateUpdate('retrospective'));
		expect(blocks(doc, 'lesson')).toHaveLength(1);
		expect(doc.textContent).toContain('Penanggung jawab');
		expect(doc.textContent).toContain('Tenggat');
	});

	it('gives every document its own block ids (two documents never share a lesson id)', () => {
		const a = blocks(decode(templateUpdate('failure_analysis')), 'lesson')[0].attrs.id;
		const b = blocks(decode(templateUpdate('failure_analysis')), 'lesson')[0].attrs.id;
		expect(a).not.toBe(b);
	});

	it('uses the injected id generator', () => {
		const id = '00000000-0000-4000-8000-000000000001';
		const doc = decode(templateUpdate('sop_improvement', () => id));
		expect(blocks(doc, 'processChange')[0].attrs.id).toBe(id);
	});

	it('is one self-contained update: applying it twice changes nothing (seeding is idempotent for Yjs)', () => {
		const update = templateUpdate('retrospective');
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, update);
		const before = Y.encodeStateVector(ydoc);
		Y.applyUpdate(ydoc, update);
		expect(Y.encodeStateVector(ydoc)).toEqual(before);
		expect(ydoc.getXmlFragment(BODY_FRAGMENT).length).toBeGreaterThan(10);
	});
});
