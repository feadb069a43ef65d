import { Extension } from '@tiptap/core';
import type { BubbleMenuOptions, BubbleMenuPluginProps } from '@tiptap/extension-bubble-menu';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

interface PluginView {
	update(view: EditorView, previous?: EditorState): void;
	destroy(): void;
}

/**
 * The plugin's view until Tiptap's `BubbleMenuView` is loaded: it fetches it on the first
 * selection that is not empty (a bubble menu has nothing to show before), then hands every
 * update to it. The view shows itself at once if the selection still asks for it.
 */
class DeferredBubbleMenuView implements PluginView {
	#real: PluginView | null = null;
	#loading = false;
	#destroyed = false;
	readonly #view: EditorView;
	readonly #props: Omit<BubbleMenuPluginProps, 'view'>;

	constructor(view: EditorView, props: Omit<BubbleMenuPluginProps, 'view'>) {
		this.#view = view;
		this.#props = props;
		this.update(view);
	}

	update(view: EditorView, previous?: EditorState): void {
		if (this.#real) {
			this.#real.update(view, previous);
			return;
		}
		if (this.#loading || view.state.selection.empty) return;
		this.#loading = true;
		import('@tiptap/extension-bubble-menu').then(
			({ BubbleMenuView }) => {
				if (this.#destroyed || this.#props.editor.isDestroyed) return;
				this.#real = new BubbleMenuView({ ...this.#props, view: this.#view });
			},
			(error: unknown) => {
				// Offline before it was ever fetched: the next selection tries again.
				console.warn('bubble menu failed to load', error);
				this.#loading = false;
			}
		);
	}

	destroy(): void {
		this.#destroyed = true;
		this.#real?.destroy();
	}
}

/**
 * Tiptap's BubbleMenu extension (same name, options and plugin key), with its code — the view,
 * floating-ui and prosemirror-tables, about 12 KiB gzipped — fetched on the first text selection
 * instead of with the editor. The plugin itself is configured with the editor as before:
 * registering one later would make y-prosemirror re-render the document.
 */
export const LazyBubbleMenu = Extension.create<BubbleMenuOptions>({
	name: 'bubbleMenu',

	addOptions() {
		return {
			element: null,
			pluginKey: 'bubbleMenu',
			updateDelay: undefined,
			appendTo: undefined,
			shouldShow: null
		};
	},

	addProseMirrorPlugins() {
		const { element, pluginKey = 'bubbleMenu' } = this.options;
		if (!element) return [];
		const props: Omit<BubbleMenuPluginProps, 'view'> = {
			pluginKey,
			editor: this.editor,
			element,
			updateDelay: this.options.updateDelay,
			options: this.options.options,
			appendTo: this.options.appendTo,
			getReferencedVirtualElement: this.options.getReferencedVirtualElement,
			shouldShow: this.options.shouldShow
		};
		return [
			new Plugin({
				key: typeof pluginKey === 'string' ? new PluginKey(pluginKey) : pluginKey,
				view: (view) => new DeferredBubbleMenuView(view, props)
			})
		];
	}
});
