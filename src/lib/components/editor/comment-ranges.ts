import type { EditorState } from '@tiptap/pm/state';
import type * as Y from 'yjs';
import { bodyBinding, resolveAnchor } from '$lib/comments/anchor';
import { readThreads } from '$lib/comments/model';

/**
 * The part of the comment highlights that reads threads and resolves their anchors
 * (`comment-highlights.ts` fetches it once the document has comments: most have none when
 * opened, and the editor should not wait for this code).
 */

/**
 * The open threads' ranges now, by thread id in document order of their start; null while the
 * body is not bound and rendered yet (every position would be wrong).
 */
export function resolveRanges(state: EditorState, comments: Y.Map<unknown>): Map<string, { from: number; to: number }> | null {
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
