import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { bodyEditable, isRemote } from './read-only-body';

/**
 * Keeps an empty paragraph after a lesson, process change or list at the end of the document,
 * so the writer can always continue below it. Unlike the starter kit's trailing-node plugin it
 * acts only on this client's own edits: reacting to remote changes too would let two clients
 * append the paragraph concurrently (both inserts survive in the CRDT), and a read-only client
 * must never write at all.
 */
export const TrailingParagraph = Extension.create({
	name: 'trailingParagraph',

	addProseMirrorPlugins() {
		const editor = this.editor;
		return [
			new Plugin({
				key: new PluginKey('alurTrailingParagraph'),
				appendTransaction: (transactions, _oldState, newState) => {
					if (!bodyEditable(editor)) return null;
					if (!transactions.some((tr) => tr.docChanged) || transactions.some(isRemote)) return null;
					const last = newState.doc.lastChild;
					if (!last || last.type.name === 'paragraph' || last.type.name === 'heading') return null;
					const paragraph = newState.schema.nodes.paragraph;
					return newState.tr.insert(newState.doc.content.size, paragraph.create());
				}
			})
		];
	}
});
