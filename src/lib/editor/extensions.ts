import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { BlockIds } from './block-ids';
import { Lesson } from './lesson';
import { ProcessChange } from './process-change';
import { SectionAttribute } from './section-prompts';
import { TrailingParagraph } from './trailing-paragraph';

/** The body's Y.XmlFragment, re-exported from its one home (document-contract.ts) for the editor's importers. */
export { BODY_FRAGMENT } from '../document-contract';

/**
 * Alur's editor schema and behaviour, shared by the browser editor and the server (templates,
 * projection, validation). The starter kit's undo/redo is off because Collaboration brings its
 * own Yjs-aware one; its trailing-node plugin is replaced by TrailingParagraph, which acts on
 * local edits only. The browser passes `lesson` and `processChange` again with node views
 * (`.extend({ addNodeView })`: same names, same schema).
 */
export function alurExtensions(nodes: { lesson?: AnyExtension; processChange?: AnyExtension } = {}): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			trailingNode: false,
			link: { openOnClick: false, autolink: true }
		}),
		nodes.lesson ?? Lesson,
		nodes.processChange ?? ProcessChange,
		BlockIds,
		TrailingParagraph,
		// Template headings name their section (the editor shows its prompt while it is empty).
		SectionAttribute
	];
}

let cached: Schema | undefined;

/** The ProseMirror schema of Alur documents (built once). */
export function alurSchema(): Schema {
	cached ??= getSchema(alurExtensions());
	return cached;
}
