import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { resolveRanges } from './comment-ranges';

/**
 * Open comment threads drawn over their text as ProseMirror decorations — never marks, so a
 * comment never changes the body (commenters may not write it, and the server refuses it).
 *
 * Ranges are resolved from the threads' Yjs anchors whenever the comments map changes or a
 * remote change arrives (y-tiptap's mapping is current then); a local edit maps the drawn
 * ranges through the transaction (the anchors follow the same text, and the next recompute
 * agrees). The active thread is emphasised; a thread chosen in the panel flashes briefly.
 *
 * The plugin is configured with the editor (see DocumentEditor.svelte), but the code that reads
 * threads and resolves anchors (`comment-ranges.ts`, with the comments model) is fetched only
 * once the comments map holds an entry: most documents have none when opened, and the editor's
 * first download should not carry it. Until then nothing is drawn, and a thread to reveal waits.
 */

export interface CommentHighlightsOptions {
	/** The document's comments map; null draws nothing. */
	comments: Y.Map<unknown> | null;
	/** A click on highlighted text (without selecting any) chooses that thread. */
	onselect: (threadId: string) => void;
}

interface HighlightState {
	/** Open threads' ranges now, by thread id (in document order of their start). */
	ranges: Map<string, { from: number; to: number }>;
	/** Whether `ranges` are every open thread's (false before the code or the first render came). */
	ready: boolean;
	active: string | null;
	flash: string | null;
	/** A thread asked to be revealed before `ranges` were ready: revealed once it is drawn. */
	reveal: string | null;
	decorations: DecorationSet;
}

type Meta = { refresh?: true; active?: string | null; flash?: string | null; reveal?: string | null };

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

/** How long a thread chosen from the panel flashes (the CSS animation's length). */
const FLASH_MS = 1600;

function draw(state: EditorState, ranges: HighlightState['ranges'], active: string | null, flash: string | null): DecorationSet {
	const decorations: Decoration[] = [];
	for (const [id, { from, to }] of ranges) {
		let cls = 'comment-highlight';
		if (id === active) cls += ' is-active';
		if (id === flash) cls += ' is-flash';
		decorations.push(Decoration.inline(from, to, { class: cls, 'data-thread-id': id }, { threadId: id }));
	}
	return DecorationSet.create(state.doc, decorations);
}

/** `comment-ranges.ts`'s resolver once fetched (one fetch for every editor of the page). */
let resolver: typeof resolveRanges | null = null;
let loading: Promise<void> | null = null;

function loadResolver(): Promise<void> {
	loading ??= import('./comment-ranges').then(
		(module) => {
			resolver = module.resolveRanges;
		},
		(error: unknown) => {
			// A failed fetch (offline, a new deployment) is tried again on the next change.
			loading = null;
			throw error;
		}
	);
	return loading;
}

/** The open threads' ranges now; null when they cannot be known yet. */
function currentRanges(state: EditorState, comments: Y.Map<unknown> | null): HighlightState['ranges'] | null {
	if (!comments) return new Map();
	if (resolver) return resolver(state, comments);
	return comments.size === 0 ? new Map() : null;
}

function scrollToText(view: EditorView, pos: number): void {
	const { node } = view.domAtPos(pos);
	const element = node instanceof Element ? node : node.parentElement;
	const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
	element?.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
}

/** The open threads' current ranges in an editor state (the panel reads which text is gone). */
export function highlightedRanges(state: EditorState): ReadonlyMap<string, { from: number; to: number }> {
	return commentHighlightsKey.getState(state)?.ranges ?? new Map();
}

function setMeta(view: EditorView, meta: Meta): void {
	view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false));
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		commentHighlights: {
			/** Emphasises a thread's text (null: none). */
			setActiveThread: (threadId: string | null) => ReturnType;
			/**
			 * Scrolls a thread's text into view and flashes it; false when its text is gone. Before
			 * the threads' ranges are known it waits for them (and is true).
			 */
			revealThread: (threadId: string) => ReturnType;
		};
	}
}

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
	name: 'commentHighlights',

	addOptions() {
		return { comments: null, onselect: () => {} };
	},

	addCommands() {
		return {
			setActiveThread:
				(threadId) =>
				({ tr, dispatch }) => {
					// A thread still waiting to be revealed is no longer wanted.
					if (dispatch) tr.setMeta(commentHighlightsKey, { active: threadId, reveal: null } satisfies Meta).setMeta('addToHistory', false);
					return true;
				},
			revealThread:
				(threadId) =>
				({ state, view, tr, dispatch }) => {
					const highlights = commentHighlightsKey.getState(state);
					const range = highlights?.ranges.get(threadId);
					if (!range) {
						if (!highlights || highlights.ready) return false;
						if (dispatch) tr.setMeta(commentHighlightsKey, { active: threadId, reveal: threadId } satisfies Meta).setMeta('addToHistory', false);
						return true;
					}
					if (dispatch) {
						tr.setMeta(commentHighlightsKey, { active: threadId, flash: threadId, reveal: null } satisfies Meta).setMeta('addToHistory', false);
						scrollToText(view, range.from);
					}
					return true;
				}
		};
	},

	addProseMirrorPlugins() {
		const { comments, onselect } = this.options;
		return [
			new Plugin<HighlightState>({
				key: commentHighlightsKey,
				state: {
					init: (_config, state) => {
						const resolved = currentRanges(state, comments);
						const ranges = resolved ?? new Map();
						return { ranges, ready: resolved !== null, active: null, flash: null, reveal: null, decorations: draw(state, ranges, null, null) };
					},
					apply: (tr: Transaction, previous, _old, state) => {
						const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
						// y-tiptap marks its own transactions (remote changes, the first render): its
						// mapping matches the new document then, so the anchors resolve afresh.
						const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
						const active = meta && 'active' in meta ? (meta.active ?? null) : previous.active;
						const flash = meta && 'flash' in meta ? (meta.flash ?? null) : previous.flash;
						let reveal = meta && 'reveal' in meta ? (meta.reveal ?? null) : previous.reveal;
						if (meta?.refresh || fromYjs) {
							const resolved = currentRanges(state, comments);
							const ranges = resolved ?? new Map();
							// Every open thread is drawn now: one not among them has no text to reveal.
							if (resolved && reveal && !resolved.has(reveal)) reveal = null;
							return { ranges, ready: resolved !== null, active, flash, reveal, decorations: draw(state, ranges, active, flash) };
						}
						if (tr.docChanged) {
							const ranges = new Map<string, { from: number; to: number }>();
							for (const [id, range] of previous.ranges) {
								const from = tr.mapping.map(range.from, 1);
								const to = tr.mapping.map(range.to, -1);
								if (from < to) ranges.set(id, { from, to });
							}
							return { ranges, ready: previous.ready, active, flash, reveal, decorations: draw(state, ranges, active, flash) };
						}
						if (active !== previous.active || flash !== previous.flash) {
							return { ...previous, active, flash, reveal, decorations: draw(state, previous.ranges, active, flash) };
						}
						if (reveal !== previous.reveal) return { ...previous, reveal };
						return previous;
					}
				},
				props: {
					decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
					handleDOMEvents: {
						// Runs in a read-only editor too (a commenter's), unlike handleClick.
						click: (view, event) => {
							// The end of a drag that selected text is a selection to comment on, not a choice.
							if (!(window.getSelection()?.isCollapsed ?? true)) return false;
							const target = event.target instanceof Element ? event.target.closest('[data-thread-id]') : null;
							const id = target?.getAttribute('data-thread-id');
							if (!id) return false;
							onselect(id);
							return false;
						}
					}
				},
				view: (view) => {
					let flashTimer: ReturnType<typeof setTimeout> | undefined;
					const refresh = () => {
						if (!view.isDestroyed) setMeta(view, { refresh: true });
					};
					const changed = () => {
						if (resolver) refresh();
						else if (comments && comments.size > 0) loadResolver().then(refresh, () => {});
					};
					comments?.observe(changed);
					// The first render may have come before this view: draw what is there.
					queueMicrotask(changed);
					return {
						update: (current, previousState) => {
							const highlights = commentHighlightsKey.getState(current.state);
							const flash = highlights?.flash ?? null;
							if (flash && flash !== commentHighlightsKey.getState(previousState)?.flash) {
								clearTimeout(flashTimer);
								flashTimer = setTimeout(() => !current.isDestroyed && setMeta(current, { flash: null }), FLASH_MS);
							}
							// A thread asked for before its text was drawn: reveal it now that it is (after
							// this update, since a view update may not dispatch).
							const reveal = highlights?.reveal;
							const range = reveal ? highlights?.ranges.get(reveal) : undefined;
							if (reveal && range) {
								queueMicrotask(() => {
									if (current.isDestroyed || commentHighlightsKey.getState(current.state)?.reveal !== reveal) return;
									setMeta(current, { active: reveal, flash: reveal, reveal: null });
									const now = commentHighlightsKey.getState(current.state)?.ranges.get(reveal);
									if (now) scrollToText(current, now.from);
								});
							}
						},
						destroy: () => {
							clearTimeout(flashTimer);
							comments?.unobserve(changed);
						}
					};
				}
			})
		];
	}
});
