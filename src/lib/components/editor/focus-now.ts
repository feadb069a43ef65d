import { resolveFocusPosition, type Editor, type FocusPosition } from '@tiptap/core';

/**
 * Puts the caret at `position` and focuses the editor at once. Tiptap's `focus()` command waits
 * for the next animation frame, so keys typed before it (Tab or Enter from a title, then the
 * next words) still went into the title the writer was leaving.
 */
export function focusNow(editor: Editor, position: FocusPosition): void {
	const selection = resolveFocusPosition(editor.state.doc, position);
	if (!selection) return;
	editor.view.dispatch(editor.state.tr.setSelection(selection).scrollIntoView());
	editor.view.focus();
}
