import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { DocumentType } from '../roles';
import { newId } from '../ids';
import { alurSchema, BODY_FRAGMENT } from './extensions';
import { SECTION_ATTR } from './section-prompts';
import { TITLE_TEXT } from '../document-contract';

/*
 * Templates of the three document types (design.md "Documents"): headed sections. They are
 * document content, not UI: the server seeds them once, when the document row is created, and
 * the team edits them from there.
 *
 * Each heading carries a `section` key; the section's help text is NOT in the document but a
 * placeholder the editor shows while the section is empty (section-prompts.ts; the texts are
 * Paraglide messages `prompt_<key>`). So a section holds an empty paragraph to write in, and
 * nothing a writer would have to delete: no italic help, no empty or sample list items. The
 * sections that ask for actions (fa_actions, retro_try) get no empty action item either — it would
 * be followed up as an untitled open action — their prompt says how to make one ("[ ] " or the
 * slash command), with its owner and due date.
 * Documents created from the earlier templates keep their italic help paragraphs as ordinary
 * text (their headings have no key, so they get no placeholder); rewriting stored documents
 * would be an edit nobody made.
 */

/** Every section key, per document type, in template order (keys name the prompt messages). */
export const SECTION_KEYS = {
	failure_analysis: ['fa_summary', 'fa_impact', 'fa_timeline', 'fa_expected', 'fa_root_causes', 'fa_factors', 'fa_lessons', 'fa_actions'],
	sop_improvement: ['sop_current', 'sop_problem', 'sop_lessons', 'sop_proposal', 'sop_changes', 'sop_rollout', 'sop_review'],
	retrospective: ['retro_well', 'retro_not_well', 'retro_learned', 'retro_try']
} as const satisfies Record<DocumentType, readonly string[]>;

export type SectionKey = (typeof SECTION_KEYS)[DocumentType][number];

const paragraph = (): JSONContent => ({ type: 'paragraph' });

const section = (key: SectionKey, title: string, ...body: JSONContent[]): JSONContent[] => [
	{ type: 'heading', attrs: { level: 2, [SECTION_ATTR]: key }, content: [{ type: 'text', text: title }] },
	paragraph(),
	...body
];

const lesson = (makeId: () => string): JSONContent => ({
	type: 'lesson',
	attrs: { id: makeId(), title: '' },
	content: [paragraph()]
});

const processChange = (makeId: () => string): JSONContent => ({
	type: 'processChange',
	attrs: { id: makeId(), indicator: '', unit: '', direction: 'decrease', baseline: null, target: null, lessonIds: [] },
	content: [paragraph()]
});

/** The headings of each template, in order (tests and the projection rely on them). */
export const TEMPLATE_SECTIONS: Record<DocumentType, readonly string[]> = {
	failure_analysis: [
		'Ringkasan',
		'Dampak',
		'Kronologi',
		'Yang diharapkan vs yang terjadi',
		'Akar masalah (5 mengapa)',
		'Faktor pendukung',
		'Pelajaran',
		'Tindakan'
	],
	sop_improvement: [
		'Prosedur saat ini',
		'Masalah yang diamati',
		'Pelajaran yang diterapkan',
		'Usulan perubahan',
		'Perubahan proses dan indikator',
		'Rencana penerapan',
		'Tinjauan'
	],
	retrospective: ['Yang berjalan baik', 'Yang belum berjalan baik', 'Yang kami pelajari', 'Yang akan kami coba']
};

/** Blocks seeded under a section: a lesson where lessons are written, a process change in an SOP. */
const SECTION_BLOCKS: Partial<Record<SectionKey, (makeId: () => string) => JSONContent>> = {
	fa_lessons: lesson,
	sop_changes: processChange,
	retro_learned: lesson
};

/** The template of a document type as ProseMirror JSON. `makeId` gives block ids (UUIDs). */
export function templateContent(type: DocumentType, makeId: () => string = newId): JSONContent {
	const keys: readonly SectionKey[] = SECTION_KEYS[type];
	const content = keys.flatMap((key, i) => {
		const block = SECTION_BLOCKS[key];
		return section(key, TEMPLATE_SECTIONS[type][i], ...(block ? [block(makeId)] : []));
	});
	// An empty paragraph at the end gives the writer a place to continue below the last block.
	return { type: 'doc', content: [...content, paragraph()] };
}

/**
 * A Yjs update whose `default` fragment holds the template of `type`, and whose `title` root the
 * document's title (so a new document is renamed in place from the start). The server stores it
 * as the document's initial state when the row is created (templates are seeded exactly once).
 */
export function templateUpdate(type: DocumentType, makeId?: () => string, title?: string): Uint8Array {
	const ydoc = prosemirrorJSONToYDoc(alurSchema(), templateContent(type, makeId), BODY_FRAGMENT);
	if (title) ydoc.getText(TITLE_TEXT).insert(0, title);
	const update = Y.encodeStateAsUpdate(ydoc);
	ydoc.destroy();
	return update;
}
