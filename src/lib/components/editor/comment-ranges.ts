import type { EditorState, PluginKey, Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { bodyBinding, resolveAnchor } from '$lib/comments/anchor';
import { readThreads } from '$lib/comments/model';
import type { HighlightState, Meta } from './comment-highlights';

/**
 * The comment highlights' work (`comment-highlights.ts` is the plugin's shell, configured with
 * the editor): reading threads, resolving their anchors, drawing, revealing. Fetched once the
 * document has comments: most have none when opened, and the editor should not wait for this.
 */

type Ranges = HighlightState['ranges'];

/** How long a thread chosen from the panel flashes (the CSS animation's length). */
const FLASH_MS = 1600;

/**
 * The open threads' ranges now, by thread id in document order of their start; null while the
 * body is not bound and rendered yet (every position would be wrong).
 */
export function resolveRanges(state: EditorState, comments: Y.Map<unknown> | null): Ranges | null {
	if (!comments) return new Map();
	const binding = bodyBinding(state);
	if (!binding || binding.mapping.size === 0) return null;
	const size = state.doc.content.size;
	const found: [string, { from: number; to: number }][] = [];
	for (const thread of readThreads(comments)) {
		if (thread.resolved || !thread.anchor) continue;
		const range = resolveAnchor(binding, thread.anchor);
		if (range && range.to <= size) found.push([thread.id, range]);
	}
	found.sort((a, b) => a[1].from - b[1].from);
	return new Map(found);
}

function draw(state: EditorState, ranges: Ranges, active: string | null, flash: string | null): DecorationSet {
	const decorations: Decoration[] = [];
	for (const [id, { from, to }] of ranges) {
		let cls = 'comment-highlight';
		if (id === active) cls += ' is-active';
		if (id === flash) cls += ' is-flash';
		decorations.push(Decoration.inline(from, to, { class: cls, 'data-thread-id': id }, { threadId: id }));
	}
	return DecorationSet.create(state.doc, decorations);
}

/**
 * The plugin's state, commands, click and view parts for the shell's key (passed in: importing
 * it from the shell would split the shell into a file of its own in the first download).
 */
export function highlighter(commentHighlightsKey: PluginKey<HighlightState>) {
	function initState(state: EditorState, comments: Y.Map<unknown> | null): HighlightState {
		const resolved = resolveRanges(state, comments);
		const ranges = resolved ?? new Map();
		return { ranges, ready: resolved !== null, active: null, flash: null, reveal: null, decorations: draw(state, ranges, null, null) };
	}

	function applyState(tr: Transaction, previous: HighlightState, state: EditorState, comments: Y.Map<unknown> | null): HighlightState {
		const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
		// y-tiptap marks its own transactions (remote changes, the first render): its mapping matches
		// the new document then, so the anchors resolve afresh.
		const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
		const active = meta && 'active' in meta ? (meta.active ?? null) : previous.active;
		const flash = meta && 'flash' in meta ? (meta.flash ?? null) : previous.flash;
		let reveal = meta && 'reveal' in meta ? (meta.reveal ?? null) : previous.reveal;
		if (meta?.refresh || fromYjs) {
			const resolved = resolveRanges(state, comments);
			const ranges = resolved ?? new Map();
			// Every open thread is drawn now: one not among them has no text to reveal.
			if (resolved && reveal && !resolved.has(reveal)) reveal = null;
			return { ranges, ready: resolved !== null, active, flash, reveal, decorations: draw(state, ranges, active, flash) };
		}
		if (tr.docChanged) {
			const ranges: Ranges = new Map();
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

	function setMeta(view: EditorView, meta: Meta): void {
		view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false));
	}

	function scrollToText(view: EditorView, pos: number): void {
		const { node } = view.domAtPos(pos);
		const element = node instanceof Element ? node : node.parentElement;
		const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
		element?.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
	}

	/** The `revealThread` command. */
	function revealThread(threadId: string, state: EditorState, view: EditorView, tr: Transaction, dispatch: boolean): boolean {
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

	/** A click on highlighted text (with no text selected) chooses its thread; never handles the event. */
	function chooseClicked(event: MouseEvent, onselect: (threadId: string) => void): boolean {
		// The end of a drag that selected text is a selection to comment on, not a choice.
		if (!(window.getSelection()?.isCollapsed ?? true)) return false;
		const target = event.target instanceof Element ? event.target.closest('[data-thread-id]') : null;
		const id = target?.getAttribute('data-thread-id');
		if (id) onselect(id);
		return false;
	}

	/** The plugin view's part: ends a flash, and reveals a thread asked for before it was drawn. */
	function highlightsView(): { update: (view: EditorView, previous: EditorState) => void; destroy: () => void } {
		let flashTimer: ReturnType<typeof setTimeout> | undefined;
		return {
			update: (current, previousState) => {
				const highlights = commentHighlightsKey.getState(current.state);
				const flash = highlights?.flash ?? null;
				if (flash && flash !== commentHighlightsKey.getState(previousState)?.flash) {
					clearTimeout(flashTimer);
					flashTimer = setTimeout(() => !current.isDestroyed && setMeta(current, { flash: null }), FLASH_MS);
				}
				// After this update: a view update may not dispatch.
				const reveal = highlights?.reveal;
				if (reveal && highlights?.ranges.has(reveal)) {
					queueMicrotask(() => {
						if (current.isDestroyed || commentHighlightsKey.getState(current.state)?.reveal !== reveal) return;
						setMeta(current, { active: reveal, flash: reveal, reveal: null });
						const now = commentHighlightsKey.getState(current.state)?.ranges.get(reveal);
						if (now) scrollToText(current, now.from);
					});
				}
			},
			destroy: () => clearTimeout(flashTimer)
		};
	}

	return { initState, applyState, revealThread, chooseClicked, highlightsView };
}
