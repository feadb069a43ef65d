import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import type { DecorationSet, EditorView } from '@tiptap/pm/view';
import type * as Y from 'yjs';
import type * as Drawing from './comment-ranges';
import { loadOnce } from '$lib/load-once';

/**
 * Open comment threads drawn over their text as ProseMirror decorations — never marks, so a
 * comment never changes the body (commenters may not write it, and the server refuses it).
 *
 * Ranges are resolved from the threads' Yjs anchors whenever the comments map changes or a
 * remote change arrives (y-tiptap's mapping is current then); a local edit maps the drawn
 * ranges through the transaction (the anchors follow the same text, and the next recompute
 * agrees). The active thread is emphasised; a thread chosen in the panel flashes briefly.
 *
 * The plugin is configured with the editor (see DocumentEditor.svelte), but this file is only
 * its shell: what reads threads, resolves anchors and draws (`comment-ranges.ts`, with the
 * comments model) is fetched once the comments map holds an entry. Most documents have none
 * when opened, and the editor's first download should not carry it. Until then nothing is
 * drawn, and a thread to reveal waits for its text.
 */

export interface CommentHighlightsOptions {
	/** The document's comments map; null draws nothing. */
	comments: Y.Map<unknown> | null;
	/** A click on highlighted text (without selecting any) chooses that thread. */
	onselect: (threadId: string) => void;
}

export interface HighlightState {
	/** Open threads' ranges now, by thread id (in document order of their start). */
	ranges: Map<string, { from: number; to: number }>;
	/** Whether `ranges` are every open thread's (false before the code or the first render came). */
	ready: boolean;
	active: string | null;
	flash: string | null;
	/** A thread asked to be revealed before `ranges` were ready: revealed once it is drawn. */
	reveal: string | null;
	/** Null until the drawing code is here. */
	decorations: DecorationSet | null;
}

export type Meta = { refresh?: true; active?: string | null; flash?: string | null; reveal?: string | null };

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

/** `comment-ranges.ts` once fetched (one fetch for every editor of the page). */
let drawing: ReturnType<typeof Drawing.highlighter> | null = null;
// A failed fetch is tried again on the next change of the comments map.
const loadDrawing = loadOnce(() =>
	import('./comment-ranges').then((module) => {
		drawing ??= module.highlighter(commentHighlightsKey);
	})
);

function hasComments(comments: Y.Map<unknown> | null): comments is Y.Map<unknown> {
	return comments !== null && comments.size > 0;
}

/** The open threads' current ranges in an editor state (the panel reads which text is gone). */
export function highlightedRanges(state: EditorState): ReadonlyMap<string, { from: number; to: number }> {
	return commentHighlightsKey.getState(state)?.ranges ?? new Map();
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
		const { comments } = this.options;
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
					if (drawing) return drawing.revealThread(threadId, state, view, tr, dispatch !== undefined);
					if (!hasComments(comments)) return false;
					if (dispatch) tr.setMeta(commentHighlightsKey, { active: threadId, reveal: threadId } satisfies Meta).setMeta('addToHistory', false);
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
					init: (_config, state) =>
						drawing?.initState(state, comments) ?? { ranges: new Map(), ready: !hasComments(comments), active: null, flash: null, reveal: null, decorations: null },
					apply: (tr, previous, _old, state) => {
						if (drawing) return drawing.applyState(tr, previous, state, comments);
						// Nothing is drawn yet: only what was asked for is kept.
						const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
						if (!meta) return previous;
						return {
							...previous,
							active: 'active' in meta ? (meta.active ?? null) : previous.active,
							reveal: 'reveal' in meta ? (meta.reveal ?? null) : previous.reveal
						};
					}
				},
				props: {
					decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
					handleDOMEvents: {
						// Runs in a read-only editor too (a commenter's), unlike handleClick.
						click: (_view, event) => drawing?.chooseClicked(event, onselect) ?? false
					}
				},
				view: (view: EditorView) => {
					let inner: ReturnType<NonNullable<typeof drawing>['highlightsView']> | null = null;
					const refresh = () => {
						if (view.isDestroyed || !drawing) return;
						// The view's part (flash timer, a waiting reveal) starts before the first drawing.
						inner ??= drawing.highlightsView();
						view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { refresh: true } satisfies Meta).setMeta('addToHistory', false));
					};
					const changed = () => {
						if (drawing) refresh();
						else if (hasComments(comments)) loadDrawing().then(refresh, () => {});
					};
					comments?.observe(changed);
					// The first render may have come before this view: draw what is there.
					queueMicrotask(changed);
					return {
						update: (current, previousState) => inner?.update(current, previousState),
						destroy: () => {
							inner?.destroy();
							comments?.unobserve(changed);
						}
					};
				}
			})
		];
	}
});
