import { Node, mergeAttributes } from '@tiptap/core';
import { LESSON_ATTRS, NODE } from '../document-contract';
import { blockIdAttribute } from './block-ids';
import { newId } from '../ids';

export interface LessonAttributes {
	/** Stable block id (UUID) the projection keys lessons on. */
	id: string | null;
	title: string;
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		lesson: {
			/** Inserts an empty lesson block with a fresh id at the selection. */
			insertLesson: (attributes?: Partial<LessonAttributes>) => ReturnType;
		};
	}
}

/**
 * `lesson` (design.md "Documents"): a lesson learned, written where it was learned. The title
 * is an attribute (edited in a labelled field of the node view); the body is paragraphs.
 * Shared by the browser editor and the server (schema, templates, projection), so no DOM here:
 * the browser adds its node view in `$lib/components/editor/node-views.ts`.
 */
export const Lesson = Node.create({
	name: NODE.lesson,
	group: 'block',
	content: 'paragraph+',
	defining: true,
	isolating: true,

	addAttributes() {
		return {
			[LESSON_ATTRS.id]: blockIdAttribute,
			[LESSON_ATTRS.title]: {
				default: '',
				parseHTML: (element) => element.getAttribute('data-title') ?? '',
				renderHTML: (attributes) => ({ 'data-title': attributes.title ?? '' })
			}
		};
	},

	parseHTML() {
		return [{ tag: 'section[data-type="lesson"]' }];
	},

	renderHTML({ HTMLAttributes }) {
		return ['section', mergeAttributes({ 'data-type': 'lesson', class: 'lesson' }, HTMLAttributes), 0];
	},

	addCommands() {
		return {
			insertLesson:
				(attributes = {}) =>
				({ commands }) =>
					commands.insertContent({
						type: this.name,
						attrs: { title: '', ...attributes, id: newId() },
						content: [{ type: 'paragraph' }]
					})
		};
	}
});
