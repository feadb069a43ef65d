import { Node, mergeAttributes } from '@tiptap/core';
import { LESSON_REF_ATTRS, NODE } from '../document-contract';
import { blockIdAttribute } from './block-ids';
import { isUuid, newId } from '../ids';

export interface LessonRefAttributes {
	/** The reference's own id (UUID): one `lesson_reuses` row per reference node. */
	id: string | null;
	/** The library lesson it points at. */
	lessonId: string | null;
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		lessonRef: {
			/** Inserts a reference to a library lesson, with a fresh id, at the selection. */
			insertLessonRef: (lessonId: string) => ReturnType;
		};
	}
}

/**
 * `lessonRef` (issue 14 "Reuse while writing"): a library lesson cited inline, one atom the caret
 * steps over. The projection turns each one outside its lesson's source into a reuse. No DOM and
 * no title here (shared with the server; the title is the library's, fetched by the browser's
 * node view in `$lib/components/editor/lesson-ref-view.ts`).
 */
export const LessonRef = Node.create({
	name: NODE.lessonRef,
	group: 'inline',
	inline: true,
	atom: true,
	selectable: true,
	draggable: false,

	addAttributes() {
		return {
			[LESSON_REF_ATTRS.id]: blockIdAttribute,
			[LESSON_REF_ATTRS.lessonId]: {
				default: null,
				parseHTML: (element) => {
					const value = element.getAttribute('data-lesson-id');
					return value && isUuid(value) ? value : null;
				},
				renderHTML: (attributes) => (attributes.lessonId ? { 'data-lesson-id': attributes.lessonId } : {})
			}
		};
	},

	parseHTML() {
		return [{ tag: 'span[data-type="lesson-ref"]' }];
	},

	renderHTML({ HTMLAttributes }) {
		return ['span', mergeAttributes({ 'data-type': 'lesson-ref', class: 'lesson-ref' }, HTMLAttributes)];
	},

	addCommands() {
		return {
			insertLessonRef:
				(lessonId) =>
				({ commands }) =>
					commands.insertContent({ type: this.name, attrs: { id: newId(), lessonId } })
		};
	}
});
