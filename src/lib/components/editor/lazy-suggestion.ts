import { Plugin, type EditorState, type PluginKey, type PluginView, type StateField } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Suggestion, SuggestionOptions } from '@tiptap/suggestion';
import { loadOnce } from '$lib/load-once';

type SuggestionPlugin = ReturnType<typeof Suggestion>;
type SuggestionState = SuggestionPlugin extends Plugin<infer S> ? S : never;
/** What is needed of `@tiptap/suggestion`: its plugin factory. */
export type SuggestionModule = { Suggestion: typeof Suggestion };

interface Loaded {
	plugin: SuggestionPlugin;
	state: StateField<SuggestionState>;
}

/** Whether the text just before the cursor is `char`: typed, pasted or composed, all the same. */
function afterTrigger(state: EditorState, char: string): boolean {
	const { empty, $from } = state.selection;
	if (!empty || $from.parentOffset < char.length) return false;
	return $from.parent.textBetween($from.parentOffset - char.length, $from.parentOffset) === char;
}

/** Keys that act on an open suggestion list rather than on the text. */
const LIST_KEYS = new Set(['Enter', 'Tab', 'ArrowDown', 'ArrowUp', 'Escape']);

/**
 * Whether the cursor ends a `char` + query the suggestion would take up once loaded (its default
 * match: the trigger at the start of the block or after a space, then no space).
 */
function inPendingQuery(state: EditorState, char: string): boolean {
	const { empty, $from } = state.selection;
	if (!empty) return false;
	const before = $from.parent.textBetween(Math.max(0, $from.parentOffset - 200), $from.parentOffset, undefined, '\ufffc');
	const at = before.lastIndexOf(char);
	if (at < 0 || /\s/.test(before.slice(at + char.length))) return false;
	return at === 0 || /\s/.test(before[at - 1]);
}

/** A key press replayed into the editor as the browser would deliver it (no modifiers). */
function pressKey(view: EditorView, key: string): void {
	const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
	view.someProp('handleKeyDown', (handle) => handle(view, event));
}

/**
 * `@tiptap/suggestion` as a plugin configured with the editor (same key and options) whose code
 * is fetched when its trigger character is first typed in the editor, rather than with the page:
 * a visit that never opens the slash menu never downloads it (the toolbar inserts the same
 * blocks). The first menu of a visit opens once the code is there — at once on an office network,
 * some tenths of a second on 3G — with what was typed after the trigger as its query. Registering
 * the real plugin later is not an option: reconfiguring a running editor makes y-prosemirror
 * re-render the document (see "Code splitting" in ARCHITECTURE.md).
 *
 * Until the module is there the plugin's state is `null` and it does nothing (a typed trigger is
 * plain text). Once it is, the state, props and view are the real plugin's: they read their state
 * through the shared key, so it must be the real shape before they run. Its `apply` derives the
 * state from the transaction's selection and the previous value only, so a state started from its
 * `init` and then given one transaction is the one it would have had all along; that transaction
 * is dispatched on arrival, so a trigger typed while the module was on its way opens the
 * suggestion then.
 *
 * A fast typist on a slow line presses Enter (or an arrow, Tab, Escape) after `/pel` before the
 * module is there. Such keys are held, not given to the text, and pressed again once the list is
 * open, so `/pel⏎` inserts the lesson block however fast it was typed. Any other key, or a failed
 * fetch, first gives the held keys their ordinary effect, in the order they were pressed.
 */
export function lazySuggestion<I, TSelected>(
	options: SuggestionOptions<I, TSelected> & { pluginKey: PluginKey },
	load: () => Promise<SuggestionModule> = () => import('@tiptap/suggestion')
): Plugin<SuggestionState | null> {
	const key = options.pluginKey;
	const trigger = options.char ?? '@';
	let real: Loaded | null = null;
	let loading = false;
	const fetchModule = loadOnce(load);
	const views = new Set<DeferredSuggestionView>();
	/** List keys pressed on a pending query while the module was on its way (see above). */
	let held: { view: EditorView; keys: string[] } | null = null;
	/** Set while held keys are pressed again, so they reach the editor this time. */
	let replaying = false;

	const replayHeld = (): void => {
		const pending = held;
		held = null;
		if (!pending) return;
		replaying = true;
		try {
			for (const key of pending.keys) pressKey(pending.view, key);
		} finally {
			replaying = false;
		}
	};

	const start = (): void => {
		if (real || loading) return;
		loading = true;
		fetchModule().then(
			({ Suggestion }) => {
				loading = false;
				if (real) return;
				const plugin = Suggestion(options);
				const state = plugin.spec.state;
				if (!state) {
					replayHeld();
					return console.warn('@tiptap/suggestion made a plugin without state');
				}
				real = { plugin, state };
				for (const view of views) view.attach(real);
				// The list opens once the suggestion has asked for its items (a promise), so the held
				// keys go after that.
				setTimeout(replayHeld, 0);
			},
			(error: unknown) => {
				// Offline before it was ever fetched: the next trigger typed tries again, and keys held
				// for the list do what they would have done without one.
				loading = false;
				replayHeld();
				console.warn('suggestion plugin failed to load', error);
			}
		);
	};

	class DeferredSuggestionView implements PluginView {
		#view: EditorView;
		#real: PluginView | null = null;
		#destroyed = false;

		constructor(view: EditorView) {
			this.#view = view;
			views.add(this);
			if (real) this.#real = real.plugin.spec.view?.(view) ?? null;
		}

		attach(loaded: Loaded): void {
			if (this.#destroyed || this.#real) return;
			this.#real = loaded.plugin.spec.view?.(this.#view) ?? null;
			if (key.getState(this.#view.state) !== null) return;
			// The first gives the suggestion its initial state (the view ignores a change from
			// none), the second lets it read the text before the cursor, where a trigger typed
			// while the module was on its way may be waiting.
			this.#view.dispatch(this.#view.state.tr.setMeta('addToHistory', false));
			this.#view.dispatch(this.#view.state.tr.setMeta('addToHistory', false));
		}

		update(view: EditorView, previous: EditorState): void {
			this.#view = view;
			if (!real && view.state.doc !== previous.doc && afterTrigger(view.state, trigger)) start();
			this.#real?.update?.(view, previous);
		}

		destroy(): void {
			this.#destroyed = true;
			views.delete(this);
			if (held?.view === this.#view) held = null;
			this.#real?.destroy?.();
		}
	}

	return new Plugin<SuggestionState | null>({
		key,
		state: {
			init: (config, instance) => (real ? real.state.init(config, instance) : null),
			apply(tr, value, oldState, newState) {
				if (!real) return null;
				if (value === null) return real.state.init({}, oldState);
				return real.state.apply(tr, value, oldState, newState);
			}
		},
		props: {
			handleKeyDown(view, event) {
				if (!real) {
					if (replaying) return false;
					const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey && !event.isComposing;
					if (loading && plain && LIST_KEYS.has(event.key) && inPendingQuery(view.state, trigger)) {
						if (held?.view !== view) held = { view, keys: [] };
						held.keys.push(event.key);
						return true;
					}
					// Anything else typed meanwhile comes after the held keys' ordinary effect.
					replayHeld();
					return false;
				}
				if (key.getState(view.state) === null) return false;
				return real.plugin.props.handleKeyDown?.call(real.plugin, view, event) ?? false;
			},
			decorations(state) {
				if (!real || key.getState(state) === null) return null;
				return real.plugin.props.decorations?.call(real.plugin, state) ?? null;
			}
		},
		view: (view) => new DeferredSuggestionView(view)
	});
}
