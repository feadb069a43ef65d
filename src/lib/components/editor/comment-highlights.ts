import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { bodyBinding, resolveAnchor } from '$lib/comments/anchor';
import { readThreads } from '$lib/comments/model';

/**
 * Open comment threads drawn over their text as ProseMirror decorations — never marks, so a
 * comment never changes the body (commenters may not write it, and the server refuses it).
 *
 * Ranges are resolved from the threads' Yjs anchors whenever the comments map changes or a
 * remote change arrives (y-tiptap's mapping is current then); a local edit maps the drawn
 * ranges through the transaction (the anchors follow the same text, and the next recompute
 * agrees). The active thread is emphasised; a thread chosen in the panel flashes briefly.
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
	active: string | null;
	flash: string | null;
	decorations: DecorationSet;
}

type Meta = { refresh?: true; active?: string | null; flash?: string | null };

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

function resolveRanges(state: EditorState, comments: Y.Map<unknown> | null): HighlightState['ranges'] {
	const ranges = new Map<string, { from: number; to: number }>();
	const binding = bodyBinding(state);
	// Before the first render the mapping is empty and every position would be wrong.
	if (!comments || !binding || binding.mapping.size === 0) return ranges;
	const size = state.doc.content.size;
	const found: [string, { from: number; to: number }][] = [];
	for (const thread of readThreads(comments)) {
		if (thread.resolved || !thread.anchor) continue;
		const range = resolveAnchor(binding, thread.anchor);
		if (range && range.to <= size) found.push([thread.id, range]);
	}
	found.sort((a, b) => a[1].from - b[1].from);
	for (const [id, range] of found) ranges.set(id, range);
	return ranges;
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
			/** Scrolls a thread's text into view and flashes it; false when its text is gone. */
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
					if (dispatch) tr.setMeta(commentHighlightsKey, { active: threadId } satisfies Meta).setMeta('addToHistory', false);
					return true;
				},
			revealThread:
				(threadId) =>
				({ state, view, tr, dispatch }) => {
					const range = commentHighlightsKey.getState(state)?.ranges.get(threadId);
					if (!range) return false;
					if (dispatch) {
						tr.setMeta(commentHighlightsKey, { active: threadId, flash: threadId } satisfies Meta).setMeta('addToHistory', false);
						const { node } = view.domAtPos(range.from);
						const element = node instanceof Element ? node : node.parentElement;
						const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
						element?.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
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
						const ranges = resolveRanges(state, comments);
						return { ranges, active: null, flash: null, decorations: draw(state, ranges, null, null) };
					},
					apply: (tr: Transaction, previous, _old, state) => {
						const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
						// y-tiptap marks its own transactions (remote changes, the first render): its
						// mapping matches the new document then, so the anchors resolve afresh.
						const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
						const active = meta && 'active' in meta ? (meta.active ?? null) : previous.active;
						const flash = meta && 'flash' in meta ? (meta.flash ?? null) : previous.flash;
						if (meta?.refresh || fromYjs) {
							const ranges = resolveRanges(state, comments);
							return { ranges, active, flash, decorations: draw(state, ranges, active, flash) };
						}
						if (tr.docChanged) {
							const ranges = new Map<string, { from: number; to: number }>();
							for (const [id, range] of previous.ranges) {
								const from = tr.mapping.map(range.from, 1);
								const to = tr.mapping.map(range.to, -1);
								if (from < to) ranges.set(id, { from, to });
							}
							return { ranges, active, flash, decorations: draw(state, ranges, active, flash) };
						}
						if (active !== previous.active || flash !== previous.flash) {
							return { ...previous, active, flash, decorations: draw(state, previous.ranges, active, flash) };
						}
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
					comments?.observe(refresh);
					// The first render may have come before this view: draw what is there.
					queueMicrotask(refresh);
					return {
						update: (current, previousState) => {
							const flash = commentHighlightsKey.getState(current.state)?.flash ?? null;
							if (flash && flash !== commentHighlightsKey.getState(previousState)?.flash) {
								clearTimeout(flashTimer);
								flashTimer = setTimeout(() => !current.isDestroyed && setMeta(current, { flash: null }), FLASH_MS);
							}
						},
						destroy: () => {
							clearTimeout(flashTimer);
							comments?.unobserve(refresh);
						}
					};
				}
			})
		];
	}
});
