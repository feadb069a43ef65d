import { describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { deleteSelection, joinBackward, splitBlock, toggleMark } from '@tiptap/pm/commands';
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from '@tiptap/pm/state';
import { Slice } from '@tiptap/pm/model';
import { alurExtensions, alurSchema } from '../../src/lib/editor/extensions';
import { bodyEditable, readOnlyBodyPlugin, ReadOnlyBody } from '../../src/lib/editor/read-only-body';

// The browser half (beforeinput, paste, drop, composition in Chromium) is proved end to end in
// tests/e2e/commenter-keyboard.e2e.ts; here the transaction filter and bodyEditable, in Node.

const LESSON_ID = '00000000-0000-4000-8000-000000000001';
const schema = alurSchema();

const content = {
	type: 'doc',
	content: [
		{ type: 'paragraph', content: [{ type: 'text', text: 'Antrean panjang di loket' }] },
		{
			type: 'lesson',
			attrs: { id: LESSON_ID, title: 'Judul lama' },
			content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Isi pelajaran' }] }]
		},
		{ type: 'paragraph' }
	]
};

function makeState(readOnly: boolean): EditorState {
	return EditorState.create({ doc: schema.nodeFromJSON(content), plugins: readOnly ? [readOnlyBodyPlugin()] : [] });
}

/** Runs a command as the view would (dispatch applies the transaction, filters included). */
function run(state: EditorState, command: Command): EditorState {
	let next = state;
	command(state, (tr: Transaction) => (next = next.apply(tr)));
	return next;
}

/** A command that dispatches the transaction `make` builds. */
const change =
	(make: (state: EditorState) => Transaction): Command =>
	(state, dispatch) => {
		dispatch?.(make(state));
		return true;
	};

const select = (from: number, to = from) => change((state) => state.tr.setSelection(TextSelection.create(state.doc, from, to)));

/** The local changes a writer's keys (Enter, Backspace, Mod-b), typing, paste and the lesson title make. */
const EDITS: Command[] = [
	change((state) => state.tr.insertText('ketik', 3)),
	select(4),
	splitBlock,
	select(1, 8),
	toggleMark(schema.marks.bold),
	deleteSelection,
	joinBackward,
	change((state) => state.tr.setNodeAttribute(state.doc.child(0).nodeSize, 'title', 'Judul baru')),
	change((state) => state.tr.replace(1, 1, new Slice(state.doc.slice(26, 40).content, 0, 0))),
	change((state) => state.tr.setNodeMarkup(0, schema.nodes.heading, { level: 2 }))
];

function tryEveryEdit(state: EditorState): EditorState {
	return EDITS.reduce(run, state);
}

describe('ReadOnlyBody (a commenter’s editable-but-filtered body)', () => {
	it('refuses every local change to the document', () => {
		const before = makeState(true);
		const after = tryEveryEdit(before);
		expect(after.doc.eq(before.doc)).toBe(true);
		expect(after.doc.child(1).attrs.title).toBe('Judul lama');
		// The same edits do change an editor's body: the filter stops them, not the commands.
		const writer = makeState(false);
		expect(tryEveryEdit(writer).doc.eq(writer.doc)).toBe(false);
	});

	it('moves the selection (the point: a commenter selects text with the keyboard)', () => {
		const state = run(makeState(true), select(1, 8));
		expect(state.selection.from).toBe(1);
		expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('Antrean');
		const node = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, state.doc.child(0).nodeSize)));
		expect(node.selection).toBeInstanceOf(NodeSelection);
	});

	it('lets through a change y-sync makes from another client, and only that', () => {
		const state = makeState(true);
		const remote = state.apply(state.tr.insertText('Baru: ', 1).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
		expect(remote.doc.child(0).textContent).toBe('Baru: Antrean panjang di loket');
		// Other y-sync metadata (a snapshot, not a change from the Y.Doc) earns no pass.
		const other = remote.apply(remote.tr.insertText('X', 1).setMeta(ySyncPluginKey, { snapshot: null }));
		expect(other.doc.eq(remote.doc)).toBe(true);
	});

	it('is what bodyEditable reads: editors may change the body, commenters and viewers may not', () => {
		const make = (extensions: typeof ReadOnlyBody[], editable: boolean) =>
			new Editor({ editable, content, extensions: [...extensions, ...alurExtensions()] });
		const commenter = make([ReadOnlyBody], true);
		const writer = make([], true);
		const viewer = make([], false);
		expect(commenter.isEditable).toBe(true);
		expect(bodyEditable(commenter)).toBe(false);
		expect(bodyEditable(writer)).toBe(true);
		expect(bodyEditable(viewer)).toBe(false);
		for (const e of [commenter, writer, viewer]) e.destroy();
	});
});
