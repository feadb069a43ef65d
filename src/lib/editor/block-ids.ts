import { Extension, combineTransactionSteps, getChangedRanges, type Attribute } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { bodyEditable, isRemote } from './read-only-body';
import { BLOCK_ID_NODES } from '../document-contract';
import { isUuid, newId } from '../ids';

/** Node types whose `id` attribute must be a unique UUID within a document. */
export const BLOCK_ID_TYPES: ReadonlySet<string> = BLOCK_ID_NODES;

/** The `id` attribute every id-carrying block declares (kept as `data-id` in HTML). */
export const blockIdAttribute: Attribute = {
	default: null,
	parseHTML: (element) => element.getAttribute('data-id'),
	renderHTML: (attributes) => (attributes.id ? { 'data-id': attributes.id } : {})
};

export interface BlockIdFix {
	/** Position of the node in the document. */
	pos: number;
	id: string;
}

export interface Range {
	from: number;
	to: number;
}

/**
 * Which id-carrying blocks need a new id: those without a valid UUID, and all but one of each
 * group sharing an id (a copy/paste duplicates the attribute). The block that keeps the id is
 * the first one *outside* the just-changed ranges, so pasting a copy above the original renames
 * the copy, not the original that the projection (and every reuse) already knows.
 */
export function findBlockIdFixes(doc: PMNode, changed: readonly Range[], makeId: () => string): BlockIdFix[] {
	const groups = new Map<string, { pos: number; inChanged: boolean }[]>();
	const fixes: BlockIdFix[] = [];
	doc.descendants((node, pos) => {
		if (!BLOCK_ID_TYPES.has(node.type.name)) return true;
		// A schema whose node of that name declares no `id` would drop the attribute we set, and
		// appendTransaction would try again forever.
		if (!node.type.spec.attrs || !('id' in node.type.spec.attrs)) return true;
		const id: unknown = node.attrs.id;
		if (typeof id !== 'string' || !isUuid(id)) {
			fixes.push({ pos, id: makeId() });
		} else {
			const end = pos + node.nodeSize;
			const inChanged = changed.some((r) => r.from <= pos && end <= r.to);
			const group = groups.get(id) ?? [];
			group.push({ pos, inChanged });
			groups.set(id, group);
		}
		return true;
	});
	for (const group of groups.values()) {
		if (group.length < 2) continue;
		const keeper = group.find((g) => !g.inChanged) ?? group[0];
		for (const g of group) if (g !== keeper) fixes.push({ pos: g.pos, id: makeId() });
	}
	return fixes.sort((a, b) => a.pos - b.pos);
}

/**
 * Keeps lesson, processChange and lessonRef ids unique and present after local edits (paste, split,
 * insert). Remote changes are left alone: the client that made them fixed them, and two clients
 * renaming the same block concurrently would fight. Read-only editors never write.
 */
export const BlockIds = Extension.create<{ makeId: () => string }>({
	name: 'blockIds',

	addOptions() {
		return { makeId: newId };
	},

	addProseMirrorPlugins() {
		const editor = this.editor;
		const makeId = this.options.makeId;
		return [
			new Plugin({
				key: new PluginKey('alurBlockIds'),
				appendTransaction: (transactions, oldState, newState) => {
					if (!bodyEditable(editor)) return null;
					if (!transactions.some((tr) => tr.docChanged) || transactions.some(isRemote)) return null;
					const transform = combineTransactionSteps(oldState.doc, [...transactions]);
					const changed = getChangedRanges(transform).map((r) => r.newRange);
					const fixes = findBlockIdFixes(newState.doc, changed, makeId);
					if (fixes.length === 0) return null;
					const tr = newState.tr;
					for (const fix of fixes) tr.setNodeAttribute(fix.pos, 'id', fix.id);
					return tr;
				}
			})
		];
	}
});
