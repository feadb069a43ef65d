import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { LESSON_ATTRS, NODE, PROCESS_CHANGE_ATTRS } from '../document-contract';

/*
 * Template prompts as placeholders (issue 12). A template heading carries a `section` attribute
 * (a key such as `fa_summary`, see templates.ts); while its section holds nothing, the empty
 * paragraph under it shows the section's help text as ProseMirror decorations. The prompt is
 * never document content: not in the Y.Doc, not projected, not counted as words, not copied.
 * Lesson and process-change blocks get the same treatment for their empty body.
 *
 * DOM-free so the server's schema includes the attribute and unit tests can read the
 * decorations; the text comes from the caller (the browser passes Paraglide messages).
 */

/** The heading attribute that names a template section. */
export const SECTION_ATTR = 'section';

/** The prompt of a section key, of an empty lesson body, of an empty process-change description. */
export interface PromptSource {
	section: (key: string) => string | undefined;
	lesson: () => string;
	processChange: () => string;
}

/** `section` on headings: kept in the Y.Doc (an XmlElement attribute) and as `data-section` in HTML. */
export const SectionAttribute = Extension.create({
	name: 'sectionAttribute',
	addGlobalAttributes() {
		return [
			{
				types: ['heading'],
				attributes: {
					[SECTION_ATTR]: {
						default: null,
						// Splitting a heading must not make two headings of one section.
						keepOnSplit: false,
						parseHTML: (element) => element.getAttribute('data-section'),
						renderHTML: (attributes) => (attributes[SECTION_ATTR] ? { 'data-section': attributes[SECTION_ATTR] } : {})
					}
				}
			}
		];
	}
});

/** A lesson with a title or a process change with an indicator says something even without text. */
function hasAttributeContent(node: PMNode): boolean {
	if (node.type.name === NODE.lesson) return String(node.attrs[LESSON_ATTRS.title] ?? '').trim() !== '';
	if (node.type.name === NODE.processChange) return String(node.attrs[PROCESS_CHANGE_ATTRS.indicator] ?? '').trim() !== '';
	// An inline atom (a lesson reference, an image) is content even without text.
	return node.isAtom && node.isInline && node.type.name !== NODE.hardBreak;
}

/** Whether a node holds anything a writer put there. */
function hasContent(node: PMNode): boolean {
	if (node.textContent.trim() !== '' || hasAttributeContent(node)) return true;
	let found = false;
	node.descendants((child) => {
		if (!found && hasAttributeContent(child)) found = true;
		return !found;
	});
	return found;
}

const isEmptyParagraph = (node: PMNode | null | undefined) =>
	!!node && node.type.name === NODE.paragraph && node.content.size === 0;

/**
 * The empty paragraph is marked (class, `data-placeholder`), and the text itself is a widget
 * right after it, laid over the paragraph's line by CSS. A `::before` on the paragraph would
 * have to float with no height (the paragraph is one empty line), so a prompt longer than a line
 * would run over the next heading; a widget takes the room it needs.
 */
function placeholder(pos: number, node: PMNode, text: string): Decoration[] {
	const end = pos + node.nodeSize;
	return [
		Decoration.node(pos, end, { class: 'prompt-placeholder', 'data-placeholder': text }),
		Decoration.widget(
			end,
			() => {
				const element = document.createElement('div');
				element.className = 'prompt-text';
				element.contentEditable = 'false';
				element.textContent = text;
				return element;
			},
			// Before whatever follows, out of the selection's way; one widget per text.
			{ side: -1, ignoreSelection: true, key: `prompt:${text}` }
		)
	];
}

/**
 * Where prompts show in `doc`, as [position of the empty paragraph, prompt] pairs (exported for
 * the unit tests). A section runs from its heading to the next heading; it is empty when none of
 * its nodes has content, and its prompt shows in the empty paragraph right under the heading.
 */
export function promptPositions(doc: PMNode, prompts: PromptSource): { pos: number; text: string }[] {
	const out: { pos: number; text: string }[] = [];
	let open: { key: string; first: { pos: number; node: PMNode } | null; empty: boolean } | null = null;
	const close = () => {
		if (!open || !open.empty || !open.first) return;
		const text = prompts.section(open.key);
		if (text && isEmptyParagraph(open.first.node)) out.push({ pos: open.first.pos, text });
	};
	doc.forEach((node, offset) => {
		if (node.type.name === 'heading') {
			close();
			const key = node.attrs[SECTION_ATTR];
			open = typeof key === 'string' && key !== '' ? { key, first: null, empty: true } : null;
			return;
		}
		if (open) {
			open.first ??= { pos: offset, node };
			if (open.empty && hasContent(node)) open.empty = false;
		}
	});
	close();
	// Empty bodies of blocks, wherever they are (a block added later gets its prompt too).
	doc.descendants((node, pos) => {
		if (node.type.name !== NODE.lesson && node.type.name !== NODE.processChange) return true;
		const first = node.firstChild;
		if (node.childCount === 1 && isEmptyParagraph(first) && first)
			out.push({ pos: pos + 1, text: node.type.name === NODE.lesson ? prompts.lesson() : prompts.processChange() });
		return false;
	});
	return out;
}

const key = new PluginKey<DecorationSet>('alurSectionPrompts');

function decorate(state: EditorState, prompts: PromptSource): DecorationSet {
	const decorations = promptPositions(state.doc, prompts).flatMap(({ pos, text }) => {
		const node = state.doc.nodeAt(pos);
		return node ? placeholder(pos, node, text) : [];
	});
	return DecorationSet.create(state.doc, decorations);
}

/** The placeholder plugin; recomputed only when the document changes. */
export const SectionPrompts = Extension.create<{ prompts: PromptSource | null }>({
	name: 'sectionPrompts',
	addOptions() {
		return { prompts: null };
	},
	addProseMirrorPlugins() {
		const prompts = this.options.prompts;
		if (!prompts) return [];
		return [
			new Plugin<DecorationSet>({
				key,
				state: {
					init: (_config, state) => decorate(state, prompts),
					apply: (tr, set, _old, state) => (tr.docChanged ? decorate(state, prompts) : set)
				},
				props: {
					decorations: (state) => key.getState(state)
				}
			})
		];
	}
});
