import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { alurSchema, BODY_FRAGMENT } from '../../src/lib/editor/extensions';
import { SECTION_KEYS, TEMPLATE_SECTIONS, templateUpdate } from '../../src/lib/editor/templates';
import { DOCUMENT_TYPES, type DocumentType } from '../../src/lib/roles';
import { isUuid } from '../../src/lib/ids';
import { inputRegex as actionItemInput } from '@tiptap/extension-list/task-item';
import { promptPositions } from '../../src/lib/editor/section-prompts';
import { templateContent } from '../../src/lib/editor/templates';
import { editorPrompts } from '../../src/lib/components/editor/prompts';
import { BLOCK_ITEMS } from '../../src/lib/components/editor/blocks';
import { filterBlocks } from '../../src/lib/components/editor/block-filter';
import { getLocale, locales, overwriteGetLocale } from '../../src/lib/paraglide/runtime';

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
	it.each(DOCUMENT_TYPES)('%s decodes into its headed sections, each keyed and followed by an empty paragraph, with no help text', (type: DocumentType) => {
		const doc = decode(templateUpdate(type));
		expect(headings(doc)).toEqual(TEMPLATE_SECTIONS[type]);
		const keys: string[] = [];
		doc.forEach((node, _offset, index) => {
			if (node.type.name !== 'heading') return;
			keys.push(node.attrs.section);
			// The prompt is a placeholder (section-prompts.ts), not text the writer must delete.
			const next = doc.child(index + 1);
			expect(next.type.name).toBe('paragraph');
			expect(next.content.size).toBe(0);
		});
		expect(keys).toEqual(SECTION_KEYS[type]);
		// No text but the headings: nothing is projected or counted as words from a new template.
		expect(doc.textContent).toBe(TEMPLATE_SECTIONS[type].join(''));
		// No empty or sample list items are seeded.
		expect(blocks(doc, 'bulletList')).toHaveLength(0);
		expect(blocks(doc, 'orderedList')).toHaveLength(0);
		// Nor an empty action item: it would be projected and followed up as an untitled open action.
		expect(blocks(doc, 'taskList')).toHaveLength(0);
		expect(blocks(doc, 'taskItem')).toHaveLength(0);
		// The schema accepts it as is (a template the editor would "fix" would write on open).
		expect(() => doc.check()).not.toThrow();
	});

	it('seeds the title root with the document title, and none without one', () => {
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, templateUpdate('retrospective', undefined, 'Retrospektif Mei'));
		expect(ydoc.getText('title').toString()).toBe('Retrospektif Mei');
		const bare = new Y.Doc();
		Y.applyUpdate(bare, templateUpdate('retrospective'));
		expect(bare.share.has('title')).toBe(false);
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

	it('retrospective: a lesson block under "Yang kami pelajari"', () => {
		const doc = decode(templateUpdate('retrospective'));
		const lessons = blocks(doc, 'lesson');
		expect(lessons).toHaveLength(1);
		// The heading the lesson sits under: the last heading before it in the document.
		let previousHeading = '';
		let headingOfLesson: string | null = null;
		doc.forEach((node) => {
			if (node.type.name === 'heading') previousHeading = node.textContent;
			if (node === lessons[0]) headingOfLesson = previousHeading;
		});
		expect(headingOfLesson).toBe('Yang kami pelajari');
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
		// Four headings, four paragraphs to write in, the lesson block, the trailing paragraph.
		expect(ydoc.getXmlFragment(BODY_FRAGMENT).length).toBe(10);
	});
});

/*
 * The sections that ask for actions (a failure analysis's "Tindakan", a retrospective's "Yang akan
 * kami coba") seed no list (above): their placeholder says how to make an action item, the only
 * kind of action that gets an owner, a due date and a place in the next retrospective's follow-up.
 * Checked with the editor's own prompt source and slash-menu items, in every language.
 */
describe('the actions sections', () => {
	const ACTION_SECTIONS = [
		['failure_analysis', 'fa_actions'],
		['retrospective', 'retro_try']
	] as const;
	const defaultLocale = getLocale;

	describe.each(locales)('in %s', (locale) => {
		it.each(ACTION_SECTIONS)('%s: the empty "%s" section prompts for action items by "[ ] " or the slash command, never as text', (type, key) => {
			overwriteGetLocale(() => locale);
			try {
				expect(SECTION_KEYS[type]).toContain(key);
				const doc = alurSchema().nodeFromJSON(templateContent(type, () => '00000000-0000-4000-8000-000000000001'));
				// The prompt shown in the empty paragraph right under the section's heading.
				const prompt = promptPositions(doc, editorPrompts).find((p) => doc.resolve(p.pos).nodeBefore?.attrs.section === key);
				expect(prompt?.text).toBe(editorPrompts.section(key));
				const text = prompt?.text ?? '';
				// Placeholder only: nothing of it is in the document.
				expect(doc.textContent).not.toContain(text.slice(0, 20));
				// Typed at the start of the empty paragraph, "[ ] " is the action item's input rule.
				expect(text).toContain('"[ ] "');
				expect(actionItemInput.test('[ ] ')).toBe(true);
				// The slash command it names finds exactly the action item in the menu.
				const command = /"\/([^"\s]+)"/.exec(text)?.[1] ?? '';
				expect(filterBlocks(command, BLOCK_ITEMS).map((item) => item.id)).toEqual(['taskList']);
				// And the owner and the due date the section asks for.
				expect(text).toMatch(locale === 'id' ? /penanggung jawab.*tenggat/ : /owner.*due date/);
			} finally {
				overwriteGetLocale(defaultLocale);
			}
		});
	});
});
