import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { ANCHOR_POSITION_MAX, cleanCommentText, COMMENT_QUOTE_MAX, type CommentAnchor } from './model';

/**
 * Comment anchors: a ProseMirror range turned into two Yjs relative positions in the body
 * fragment (so the range follows its text through everyone's concurrent edits), and back.
 *
 * Edges: the start sticks to the first character of the range and the end to the last one, so
 * text typed just before or just after the range stays outside it, text typed inside is inside,
 * and once every character of the range is deleted both ends meet (the range is gone).
 */

/** y-tiptap's map from each Yjs type of the body to the ProseMirror node(s) it renders as. */
export type ProsemirrorMapping = Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;

/** What the Collaboration extension's sync plugin keeps: the Y.Doc, the body, and the Y → PM map. */
export interface BodyBinding {
	doc: Y.Doc;
	type: Y.XmlFragment;
	mapping: ProsemirrorMapping;
}

/** The binding of an editor state bound by Collaboration, or null before it is bound. */
export function bodyBinding(state: EditorState): BodyBinding | null {
	const sync: unknown = ySyncPluginKey.getState(state);
	if (typeof sync !== 'object' || sync === null) return null;
	const { doc, type, binding } = sync as { doc?: unknown; type?: unknown; binding?: { mapping?: unknown } | null };
	if (!(doc instanceof Y.Doc) || !(type instanceof Y.XmlFragment) || !(binding?.mapping instanceof Map)) return null;
	return { doc, type, mapping: binding.mapping as ProsemirrorMapping };
}

function encode(position: Y.RelativePosition): string {
	return toBase64(Y.encodeRelativePosition(position));
}

function decode(value: string): Y.RelativePosition | null {
	try {
		return Y.decodeRelativePosition(fromBase64(value));
	} catch {
		return null;
	}
}

/**
 * y-tiptap associates a position inside text with the character before it. That suits the end
 * of a range (its last character); the start must hold on to the character after it, or text
 * typed just before the range would join it.
 */
function startPosition(binding: BodyBinding, pos: number): Y.RelativePosition {
	const before = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
	const absolute = Y.createAbsolutePositionFromRelativePosition(before, binding.doc);
	if (absolute && absolute.type instanceof Y.XmlText) return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0);
	return before;
}

/** The text of a range as the quote keeps it: block breaks as newlines, cut to COMMENT_QUOTE_MAX. */
export function quoteOf(doc: PMNode, from: number, to: number): string {
	const text = doc.textBetween(from, to, '\n', ' ').trim();
	const clean = cleanCommentText(text);
	const chars = [...clean];
	return chars.length > COMMENT_QUOTE_MAX ? `${chars.slice(0, COMMENT_QUOTE_MAX - 1).join('')}…` : clean;
}

/**
 * The anchor of the range `from`–`to` of `doc` (the editor's document, bound to `binding`), or
 * null when the range holds no text to comment on.
 */
export function anchorFromRange(binding: BodyBinding, doc: PMNode, from: number, to: number): CommentAnchor | null {
	if (from >= to) return null;
	const quote = quoteOf(doc, from, to);
	if (quote === '') return null;
	const start = encode(startPosition(binding, from));
	const end = encode(absolutePositionToRelativePosition(to, binding.type, binding.mapping) as Y.RelativePosition);
	if (start.length > ANCHOR_POSITION_MAX || end.length > ANCHOR_POSITION_MAX) return null;
	return { from: start, to: end, quote };
}

function toAbsolute(binding: BodyBinding, position: Y.RelativePosition): number | null {
	const pos = relativePositionToAbsolutePosition(binding.doc, binding.type, position, binding.mapping);
	if (pos !== null || position.item === null) return pos;
	// y-tiptap refuses a text position that lands on the body's first position as "misresolved"
	// (a guard for dragged blocks), which would lose a range starting the document's first
	// paragraph. At a text's index 0 the text alone says the same place: ask again with that.
	const absolute = Y.createAbsolutePositionFromRelativePosition(position, binding.doc);
	if (!absolute || !(absolute.type instanceof Y.XmlText) || absolute.index !== 0) return null;
	const atStart = Y.createRelativePositionFromTypeIndex(absolute.type, 0, -1);
	return relativePositionToAbsolutePosition(binding.doc, binding.type, atStart, binding.mapping);
}

/**
 * Where an anchor's text is now, in the editor's positions; null when that text was deleted
 * (both ends met, or an end's paragraph is gone) or the anchor does not point into this body.
 */
export function resolveAnchor(binding: BodyBinding, anchor: Pick<CommentAnchor, 'from' | 'to'>): { from: number; to: number } | null {
	const start = decode(anchor.from);
	const end = decode(anchor.to);
	if (!start || !end) return null;
	const from = toAbsolute(binding, start);
	const to = toAbsolute(binding, end);
	if (from === null || to === null || from >= to) return null;
	return { from, to };
}
