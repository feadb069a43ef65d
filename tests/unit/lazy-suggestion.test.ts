import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { PluginKey, TextSelection, type EditorState, type PluginView, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { SuggestionProps } from '@tiptap/suggestion';
import { filterBlocks } from '../../src/lib/components/editor/block-filter';
import { BLOCK_ITEMS, type BlockItem } from '../../src/lib/components/editor/blocks';
import { lazySuggestion, type SuggestionModule } from '../../src/lib/components/editor/lazy-suggestion';

// The slash menu's suggestion (slash-menu.svelte.ts: same char, items and command) on a
// headless editor. Node has no DOM, so the view is the part of EditorView the plugin uses:
// its state, dispatch and plugin-view updates after each transaction (Tiptap's headless view
// applies transactions but runs no plugin views). The menu's Svelte side is in the e2e specs.

interface Shown {
	query: string;
	ids: string[];
	command: (item: BlockItem) => void;
}

const key = new PluginKey('alurSlashCommands');
const keyDown = (k: string) => ({ key: k }) as KeyboardEvent;
// Node has no KeyboardEvent; held keys are pressed again as one (only `key` is read here).
class NodeKeyboardEvent extends Event {
	readonly key: string;
	constructor(type: string, init: KeyboardEventInit = {}) {
		super(type, init);
		this.key = init.key ?? '';
	}
}

function setup(failures = 0) {
	let release = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	let failed = 0;
	const load = vi.fn((): Promise<SuggestionModule> => {
		if (failed < failures) {
			failed++;
			return Promise.reject(new Error('offline'));
		}
		return gate.then(() => import('@tiptap/suggestion'));
	});
	const shown: Shown[] = [];
	const exits: number[] = [];
	const chosen: Array<{ id: string; text: string }> = [];
	let open: Shown | null = null;
	const editor = new Editor({
		extensions: [Document, Paragraph, Text],
		content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Antrean panjang ' }] }] }
	});
	const slash = lazySuggestion<BlockItem, BlockItem>(
		{
			pluginKey: key,
			editor,
			char: '/',
			items: ({ query }) => filterBlocks(query, BLOCK_ITEMS),
			command: ({ editor, range, props }) => {
				chosen.push({ id: props.id, text: editor.state.doc.textBetween(range.from, range.to) });
				editor.commands.deleteRange(range);
			},
			render: () => {
				const show = (props: SuggestionProps<BlockItem, BlockItem>) => {
					if (props.loading) return;
					open = { query: props.query, ids: props.items.map((item) => item.id), command: props.command };
					shown.push(open);
				};
				return {
					onStart: show,
					onUpdate: show,
					onKeyDown: ({ event }) => {
						if (event.key !== 'Enter' || !open) return false;
						const item = BLOCK_ITEMS.find((i) => i.id === open?.ids[0]);
						if (item) open.command(item);
						return true;
					},
					onExit: () => {
						open = null;
						exits.push(shown.length);
					}
				};
			}
		},
		load
	);
	// A plugin configured with the editor, as SlashCommands does (a headless editor's state gets
	// its plugins only when mounted, which needs a DOM).
	editor.view.updateState(editor.state.reconfigure({ plugins: [slash] }));

	// Keys no plugin took, in order: what the editor's own keymap would then have done.
	const ordinary: string[] = [];
	const view = {
		get state(): EditorState {
			return editor.state;
		},
		composing: false,
		dom: { querySelector: () => null },
		dispatch: (tr: Transaction) => editor.view.dispatch(tr),
		// How ProseMirror offers a key to the plugins (held keys are pressed again through it).
		someProp(name: string, f: (handler: (view: EditorView, event: KeyboardEvent) => boolean) => boolean) {
			if (name !== 'handleKeyDown') return undefined;
			let key = '';
			const handled = f((v, event) => {
				key = event.key;
				return slash.props.handleKeyDown?.call(slash, v, event) ?? false;
			});
			if (!handled) ordinary.push(key);
			return handled;
		}
	} as unknown as EditorView;
	const pluginView: PluginView = slash.spec.view?.(view) ?? {};
	let previous = editor.state;
	editor.on('transaction', () => {
		const before = previous;
		previous = editor.state;
		pluginView.update?.(view, before);
	});

	const end = () => editor.state.doc.content.size - 1;
	editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, end())));

	return {
		editor,
		plugin: slash,
		load,
		release,
		shown,
		exits,
		chosen,
		ordinary,
		isOpen: () => open !== null,
		last: () => shown.at(-1),
		/** A key as the browser delivers it: the plugins' keydown first, then the text if nobody took it. */
		press(k: string): boolean {
			const handled = slash.props.handleKeyDown?.call(slash, view, keyDown(k)) ?? false;
			if (!handled && k.length === 1) editor.view.dispatch(editor.state.tr.insertText(k));
			else if (!handled) ordinary.push(k);
			return handled;
		},
		decorations: () => slash.props.decorations?.call(slash, editor.state),
		text: () => editor.state.doc.textContent,
		destroy() {
			pluginView.destroy?.();
			editor.destroy();
		}
	};
}

let current: ReturnType<typeof setup> | null = null;
beforeEach(() => {
	vi.stubGlobal('KeyboardEvent', NodeKeyboardEvent);
});
afterEach(() => {
	current?.destroy();
	current = null;
	vi.useRealTimers();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('slash menu with @tiptap/suggestion fetched when "/" is first typed', () => {
	it('opens the menu for a "/" typed before the module arrived, once it arrives', async () => {
		const s = (current = setup());
		expect(s.press('/')).toBe(false);
		// The "/" starts the fetch, and is plain text meanwhile.
		expect(s.load).toHaveBeenCalledTimes(1);
		expect(s.text()).toBe('Antrean panjang /');
		expect(s.editor.state.plugins).toContain(s.plugin);
		expect(key.getState(s.editor.state)).toBeNull();
		expect(s.decorations()).toBeNull();

		s.release();
		await expect.poll(() => s.last()).toMatchObject({ query: '', ids: BLOCK_ITEMS.map((item) => item.id) });
		expect(key.getState(s.editor.state)).toMatchObject({ active: true, query: '', text: '/' });
		expect(s.decorations()).not.toBeNull();
		// Nothing typed was lost or doubled by the catch-up transactions.
		expect(s.text()).toBe('Antrean panjang /');
	});

	it('after loading, filters as one types and chooses with Enter in place of "/query"', async () => {
		const s = (current = setup());
		s.press('x');
		s.press(' ');
		s.press('/');
		s.release();
		await expect.poll(() => key.getState(s.editor.state)).not.toBeNull();
		s.press('p');
		s.press('e');
		s.press('l');
		await expect.poll(() => s.last()).toMatchObject({ query: 'pel', ids: ['lesson', 'lessonRef'] });

		expect(s.press('Enter')).toBe(true);
		expect(s.chosen).toEqual([{ id: 'lesson', text: '/pel' }]);
		expect(s.text()).toBe('Antrean panjang x ');
		await expect.poll(() => s.isOpen()).toBe(false);
		expect(key.getState(s.editor.state)).toMatchObject({ active: false });
	});

	it('closes on Escape and keeps the "/" as typed; a later "/" opens it again', async () => {
		const s = (current = setup());
		s.press('/');
		s.release();
		await expect.poll(() => s.isOpen()).toBe(true);
		expect(s.press('Escape')).toBe(true);
		await expect.poll(() => s.isOpen()).toBe(false);
		expect(s.text()).toBe('Antrean panjang /');
		s.press(' ');
		s.press('/');
		await expect.poll(() => s.isOpen()).toBe(true);
		expect(s.last()?.ids).toEqual(BLOCK_ITEMS.map((item) => item.id));
	});

	it('does not open for a "/" deleted before the module arrived', async () => {
		const s = (current = setup());
		s.press('/');
		s.editor.view.dispatch(s.editor.state.tr.delete(s.editor.state.selection.from - 1, s.editor.state.selection.from));
		s.release();
		await expect.poll(() => key.getState(s.editor.state)).toMatchObject({ active: false });
		expect(s.shown).toEqual([]);
		expect(s.text()).toBe('Antrean panjang ');
	});

	it('is not fetched by a visit that never types "/", however long it stays', () => {
		vi.useFakeTimers();
		const s = (current = setup());
		for (const k of 'Loket 3 tutup') s.press(k);
		vi.runAllTimers();
		expect(s.load).not.toHaveBeenCalled();
		// A "/" typed anywhere starts it once, however many follow.
		s.press('/');
		s.press('/');
		expect(s.load).toHaveBeenCalledTimes(1);
	});

	it('starts for a "/" that arrives without a key press (pasted, or from an IME)', async () => {
		const s = (current = setup());
		s.editor.view.dispatch(s.editor.state.tr.insertText(' /'));
		expect(s.load).toHaveBeenCalledTimes(1);
		s.release();
		await expect.poll(() => s.isOpen()).toBe(true);
	});

	it('offline at the first "/", the next "/" fetches again and opens the menu', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const s = (current = setup(1));
		s.press('/');
		expect(s.load).toHaveBeenCalledTimes(1);
		await expect.poll(() => warn.mock.calls.length).toBe(1);
		expect(warn.mock.calls[0][0]).toBe('suggestion plugin failed to load');
		s.press(' ');
		s.press('/');
		expect(s.load).toHaveBeenCalledTimes(2);
		s.release();
		await expect.poll(() => s.isOpen()).toBe(true);
		expect(s.last()?.query).toBe('');
	});

	it('an Enter pressed after "/pel" before the module arrived chooses the lesson once it does', async () => {
		const s = (current = setup());
		for (const k of '/pel') s.press(k);
		// Held: not a new line, not lost.
		expect(s.press('Enter')).toBe(true);
		expect(s.text()).toBe('Antrean panjang /pel');
		expect(s.ordinary).toEqual([]);
		s.release();
		await expect.poll(() => s.chosen).toEqual([{ id: 'lesson', text: '/pel' }]);
		expect(s.text()).toBe('Antrean panjang ');
		expect(s.ordinary).toEqual([]);
	});

	it('held keys are pressed again in the order they were pressed', async () => {
		const s = (current = setup());
		for (const k of '/pel') s.press(k);
		expect(s.press('ArrowDown')).toBe(true);
		expect(s.press('Enter')).toBe(true);
		s.release();
		// The headless renderer above takes only Enter (the first item): the ArrowDown reaches the
		// keymap, and before the Enter.
		await expect.poll(() => s.chosen).toEqual([{ id: 'lesson', text: '/pel' }]);
		expect(s.ordinary).toEqual(['ArrowDown']);
	});

	it('a key typed after a held Enter first gives the Enter its ordinary effect', async () => {
		const s = (current = setup());
		for (const k of '/pe') s.press(k);
		expect(s.press('Enter')).toBe(true);
		expect(s.ordinary).toEqual([]);
		s.press('x');
		expect(s.ordinary).toEqual(['Enter']);
		expect(s.text()).toBe('Antrean panjang /pex');
		s.release();
		await expect.poll(() => s.last()?.query).toBe('pex');
		expect(s.chosen).toEqual([]);
		expect(s.ordinary).toEqual(['Enter']);
	});

	it('holds no key outside a pending "/query"', () => {
		const s = (current = setup());
		s.press('/');
		// A space ends the query: the fetch is still in flight, but this Enter is text's.
		s.press(' ');
		expect(s.press('Enter')).toBe(false);
		expect(s.ordinary).toEqual(['Enter']);
	});

	it('when the module fails to load, a held Enter does what it would have done', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const s = (current = setup(1));
		s.press('/');
		expect(s.press('Enter')).toBe(true);
		await expect.poll(() => warn.mock.calls.length).toBe(1);
		expect(s.ordinary).toEqual(['Enter']);
		// Nothing is in flight now, so nothing is held.
		expect(s.press('Enter')).toBe(false);
		expect(s.ordinary).toEqual(['Enter', 'Enter']);
	});
});
