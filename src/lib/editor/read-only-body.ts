import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/*
 * A commenter's body: editable for the browser, unchangeable for the document (issue 13).
 *
 * Commenters select text to comment on. Chromium moves no caret through non-editable text, so
 * with `editable: false` Shift+Arrow selects nothing and commenting needs a mouse (WCAG 2.1.1).
 * prosemirror-view sets `contenteditable` from `view.editable` and ignores an `attributes`
 * override, so the commenter's editor is created editable and this extension takes every way of
 * changing the body away again:
 * - `filterTransaction` refuses any transaction that changes the document unless y-sync made it
 *   from a remote change: keymaps (Enter, Mod-b, Backspace), commands, input rules, node views'
 *   attribute writes and appended transactions all end there, so nothing reaches the Y.Doc and
 *   the sync server (which gives commenters a viewer's rights on the body, 4006) closes nobody;
 * - the browser's own editing is cancelled before it touches the DOM (`beforeinput`, paste, drop,
 *   text input); what cannot be cancelled (IME composition) reaches ProseMirror as a DOM change,
 *   its transaction is refused, and ProseMirror redraws the range from the unchanged state.
 * Everything that means "may change the body" asks `bodyEditable(editor)`, not `isEditable`.
 */

export const READ_ONLY_BODY = 'readOnlyBody';

declare module '@tiptap/core' {
	interface Storage {
		[READ_ONLY_BODY]: { active: boolean };
	}
}

/** Whether y-sync made this transaction from a change that came from the Y.Doc (another client). */
export function isRemote(tr: Transaction): boolean {
	const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
	return !!meta?.isChangeOrigin;
}

/** Whether this editor may change the body: editable, and not a commenter's filtered body. */
export function bodyEditable(editor: Editor): boolean {
	return editor.isEditable && !(editor.storage as Partial<typeof editor.storage>)[READ_ONLY_BODY]?.active;
}

const refuse = () => true;

/** The ProseMirror half: refuses local changes to the document and cancels the browser's editing. */
export function readOnlyBodyPlugin(): Plugin {
	return new Plugin({
		key: new PluginKey('alurReadOnlyBody'),
		// Remote changes pass; selection, stored marks and metadata-only transactions too.
		filterTransaction: (tr) => !tr.docChanged || isRemote(tr),
		props: {
			// No on-screen keyboard on a phone: there is nothing to type.
			attributes: { inputmode: 'none' },
			handleDOMEvents: {
				// Every input type is an edit (insert*, delete*, format*, history*). Composition
				// text cannot be cancelled; its transaction is refused instead (above).
				beforeinput: (_view, event) => {
					if (event.cancelable) event.preventDefault();
					return true;
				}
			},
			handleTextInput: refuse,
			handlePaste: refuse,
			handleDrop: refuse
		}
	});
}

export const ReadOnlyBody = Extension.create({
	name: READ_ONLY_BODY,
	// Before every other plugin: its handlers see the browser's input first.
	priority: 1000,

	addStorage() {
		return { active: true };
	},

	addProseMirrorPlugins() {
		return [readOnlyBodyPlugin()];
	}
});
