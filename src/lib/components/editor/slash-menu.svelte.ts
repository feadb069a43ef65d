import { Extension, type Range } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { bodyEditable } from '$lib/editor/read-only-body';
import { filterBlocks } from './block-filter';
import { BLOCK_ITEMS, type BlockItem } from './blocks';
import { lazySuggestion } from './lazy-suggestion';

/** What the slash menu shows; the Svelte component renders it, the suggestion plugin drives it. */
export class SlashMenuState {
	open = $state(false);
	items = $state<BlockItem[]>([]);
	index = $state(0);
	/** Where the typed "/" is on screen (viewport coordinates). */
	anchor = $state<{ left: number; top: number; bottom: number } | null>(null);
	#choose: ((item: BlockItem) => void) | null = null;

	show(items: BlockItem[], rect: DOMRect | null | undefined, choose: (item: BlockItem) => void): void {
		this.items = items;
		if (this.index >= items.length) this.index = 0;
		if (rect) this.anchor = { left: rect.left, top: rect.top, bottom: rect.bottom };
		this.#choose = choose;
		this.open = true;
	}

	hide(): void {
		this.open = false;
		this.index = 0;
		this.#choose = null;
	}

	move(delta: number): void {
		if (this.items.length === 0) return;
		this.index = (this.index + delta + this.items.length) % this.items.length;
	}

	choose(index = this.index): void {
		const item = this.items[index];
		if (item && this.#choose) this.#choose(item);
	}

	/** Keys while the menu is open; true = handled (the editor must not see it). */
	keyDown(event: KeyboardEvent): boolean {
		if (!this.open) return false;
		switch (event.key) {
			case 'ArrowDown':
				this.move(1);
				return true;
			case 'ArrowUp':
				this.move(-1);
				return true;
			case 'Home':
				this.index = 0;
				return true;
			case 'End':
				this.index = Math.max(0, this.items.length - 1);
				return true;
			case 'Enter':
			case 'Tab':
				if (this.items.length === 0) return false;
				this.choose();
				return true;
			case 'Escape':
				this.hide();
				return true;
		}
		return false;
	}
}

export interface SlashCommandsOptions {
	menu: SlashMenuState;
	/** Runs the chosen block in place of the typed "/query". */
	run: (item: BlockItem, range: Range) => void;
}

/**
 * `/` opens a keyboard-navigable list of blocks (built on @tiptap/suggestion, whose code is
 * fetched after the editor is made: lazy-suggestion.ts).
 */
export const SlashCommands = Extension.create<SlashCommandsOptions>({
	name: 'slashCommands',

	addOptions() {
		return { menu: new SlashMenuState(), run: () => {} };
	},

	addProseMirrorPlugins() {
		const { menu, run } = this.options;
		return [
			lazySuggestion<BlockItem, BlockItem>({
				pluginKey: new PluginKey('alurSlashCommands'),
				editor: this.editor,
				char: '/',
				allow: ({ editor }) => bodyEditable(editor),
				items: ({ query }) => filterBlocks(query, BLOCK_ITEMS),
				command: ({ range, props }) => run(props, range),
				render: () => ({
					onStart: (props) => menu.show(props.items, props.clientRect?.(), props.command),
					onUpdate: (props) => menu.show(props.items, props.clientRect?.(), props.command),
					onKeyDown: ({ event }) => menu.keyDown(event),
					onExit: () => menu.hide()
				})
			})
		];
	}
});
