import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { Blockquote } from '@tiptap/extension-blockquote';
import { Bold } from '@tiptap/extension-bold';
import { Code } from '@tiptap/extension-code';
import { CodeBlock } from '@tiptap/extension-code-block';
import { Document } from '@tiptap/extension-document';
import { HardBreak } from '@tiptap/extension-hard-break';
import { Heading } from '@tiptap/extension-heading';
import { HorizontalRule } from '@tiptap/extension-horizontal-rule';
import { Italic } from '@tiptap/extension-italic';
// Subpaths: the package's index also brings the task list and item and the list kit.
import { BulletList } from '@tiptap/extension-list/bullet-list';
import { ListItem } from '@tiptap/extension-list/item';
import { ListKeymap } from '@tiptap/extension-list/keymap';
import { OrderedList } from '@tiptap/extension-list/ordered-list';
import { Paragraph } from '@tiptap/extension-paragraph';
import { Strike } from '@tiptap/extension-strike';
import { Text } from '@tiptap/extension-text';
import { Underline } from '@tiptap/extension-underline';
// The subpath: the package's index would bring undo/redo (prosemirror-history) and the rest.
import { Gapcursor } from '@tiptap/extensions/gap-cursor';
import { BlockIds } from './block-ids';
import { Link } from './link';
import { ActionItem, ActionList } from './action-item';
import { Lesson } from './lesson';
import { LessonRef } from './lesson-ref';
import { ProcessChange } from './process-change';
import { SectionAttribute } from './section-prompts';
import { TrailingParagraph } from './trailing-paragraph';

/** The body's Y.XmlFragment, re-exported from its one home (document-contract.ts) for the editor's importers. */
export { BODY_FRAGMENT } from '../document-contract';

/**
 * Alur's editor schema and behaviour, shared by the browser editor and the server (templates,
 * projection, validation): the starter kit's nodes and marks (no undo/redo — Collaboration
 * brings a Yjs-aware one — and TrailingParagraph instead of its trailing node, acting on local
 * edits only), a `link` mark without the autolinker (link.ts), the inline `lessonRef` chip, and
 * action items (`taskList`/`taskItem`, action-item.ts). The browser passes `lesson`,
 * `processChange`, `lessonRef` and `taskItem` again with node views
 * (`.extend({ addNodeView })`: same names, same schema).
 */
export function alurExtensions(
	nodes: { lesson?: AnyExtension; processChange?: AnyExtension; lessonRef?: AnyExtension; taskItem?: AnyExtension } = {}
): AnyExtension[] {
	return [
		// The starter kit's nodes and marks, listed one by one: StarterKit imports every extension it
		// can configure (its link autolinker with linkifyjs, undo/redo, drop cursor, trailing node)
		// even when they are turned off, and the editor page pays for them. Same schema as before.
		Document,
		Paragraph,
		Text,
		Heading,
		Blockquote,
		BulletList,
		OrderedList,
		ListItem,
		ListKeymap,
		CodeBlock,
		HorizontalRule,
		HardBreak,
		Bold,
		Italic,
		Strike,
		Underline,
		Code,
		Link,
		Gapcursor,
		nodes.lesson ?? Lesson,
		nodes.processChange ?? ProcessChange,
		nodes.lessonRef ?? LessonRef,
		// Action items (action-item.ts): Tiptap's task list, each item with an id, owner and due date.
		ActionList,
		nodes.taskItem ?? ActionItem,
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
