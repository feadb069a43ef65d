import type { Editor, NodeViewRenderer } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NODE } from '$lib/document-contract';
import { m } from '$lib/paraglide/messages';
import { LessonRef } from '$lib/editor/lesson-ref';

function lessonRefView(orgId: string, documentId: string): NodeViewRenderer {
	return ({ node }) => {
		// A link, so the library lesson opens from the chip; an atom, so the caret steps over it.
		// The title is drawn into a child of its own, never as the link's own text: the link's
		// text nodes are then never replaced under a caret standing right after the chip.
		const dom = document.createElement('a');
		dom.className = 'lesson-ref-chip';
		dom.dataset.type = 'lesson-ref';
		dom.contentEditable = 'false';
		const label = document.createElement('span');
		label.className = 'lesson-ref-title';
		dom.append(label);
		let current = node;
		const render = (n: PMNode) => {
			const lessonId = typeof n.attrs.lessonId === 'string' ? n.attrs.lessonId : null;
			dom.dataset.id = String(n.attrs.id ?? '');
			dom.dataset.lessonId = lessonId ?? '';
			dom.classList.remove('unavailable');
			dom.removeAttribute('title');
			dom.querySelector('.lesson-ref-updated')?.remove();
			if (!lessonId) {
				dom.removeAttribute('href');
				dom.classList.add('unavailable');
				label.textContent = m.editor_lesson_ref_unavailable();
				return;
			}
			dom.href = `/o/${orgId}/library/${lessonId}`;
			label.textContent = m.editor_lesson_ref_loading();
			// The titles' loader and the "diperbarui" marker: fetched with the first chip drawn.
			void import('./lesson-ref-titles').then(({ showTitle }) =>
				showTitle({ dom, label, orgId, documentId, lessonId, current: () => current })
			);
		};
		render(node);
		return {
			dom,
			update: (updated: PMNode) => {
				if (updated.type !== current.type) return false;
				const changed = updated.attrs.lessonId !== current.attrs.lessonId;
				current = updated;
				if (changed) render(updated);
				else dom.dataset.id = String(updated.attrs.id ?? '');
				return true;
			},
			// The chip's own DOM (title, marker) changes as answers arrive: never document content.
			// A selection landing inside it is not ignored, so ProseMirror puts the caret back
			// beside the atom instead of leaving the browser's there, where a typed key would go.
			ignoreMutation: (mutation) => mutation.type !== 'selection'
		};
	};
}

/** The chip under a node selection, if a lesson reference is selected. */
function selectedChip(editor: Editor): HTMLAnchorElement | null {
	const { selection } = editor.state;
	if (!(selection instanceof NodeSelection) || selection.node.type.name !== NODE.lessonRef) return null;
	const dom = editor.view.nodeDOM(selection.from);
	return dom instanceof HTMLAnchorElement && dom.hasAttribute('href') ? dom : null;
}

/**
 * The shared `lessonRef` node with its browser chip, titles fetched for `orgId` (and "diperbarui"
 * for `documentId`'s references). A chip is one atom of the editing area, not a tab stop of its
 * own: the arrow keys select it (a node selection) and Enter then opens its lesson, as a click does.
 */
export function lessonRefWithView(orgId: string, documentId = '') {
	return LessonRef.extend({
		addNodeView: () => lessonRefView(orgId, documentId),
		addKeyboardShortcuts() {
			return {
				Enter: ({ editor }) => {
					const chip = selectedChip(editor);
					if (!chip) return false;
					chip.click();
					return true;
				}
			};
		}
	});
}
