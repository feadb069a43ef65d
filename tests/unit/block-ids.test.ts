import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { Node as PMNode, Schema } from '@tiptap/pm/model';
import { alurSchema } from '../../src/lib/editor/extensions';
import { findBlockIdFixes } from '../../src/lib/editor/block-ids';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

const lesson = (id: string | null, title = 'Pelajaran'): JSONContent => ({
	type: 'lesson',
	attrs: { id, title },
	content: [{ type: 'paragraph', content: [{ type: 'text', text: title }] }]
});
const change = (id: string | null): JSONContent => ({
	type: 'processChange',
	attrs: { id, indicator: 'Waktu tunggu', unit: 'menit', direction: 'decrease', baseline: 60, target: 30, lessonIds: [A] },
	content: [{ type: 'paragraph' }]
});
const doc = (...content: JSONContent[]) => PMNode.fromJSON(alurSchema(), { type: 'doc', content });

function positions(d: PMNode): number[] {
	const out: number[] = [];
	d.descendants((node, pos) => {
		if (node.type.name === 'lesson' || node.type.name === 'processChange') out.push(pos);
	});
	return out;
}

let n = 0;
const makeId = () => `99999999-9999-4999-8999-${String(++n).padStart(12, '0')}`;

describe('block ids (lesson and processChange)', () => {
	it('leaves a document with unique UUIDs alone', () => {
		expect(findBlockIdFixes(doc(lesson(A), change(B)), [], makeId)).toEqual([]);
	});

	it('gives a block without an id, or with a non-UUID id, a fresh one', () => {
		const d = doc(lesson(null), change('not-a-uuid'), lesson(A));
		const [p1, p2] = positions(d);
		const fixes = findBlockIdFixes(d, [], makeId);
		expect(fixes.map((f) => f.pos)).toEqual([p1, p2]);
		expect(new Set(fixes.map((f) => f.id)).size).toBe(2);
	});

	it('renames the pasted copy, not the original, when a copy is pasted below it', () => {
		const d = doc(lesson(A), lesson(A));
		const [original, copy] = positions(d);
		const copyEnd = copy + d.nodeAt(copy)!.nodeSize;
		const fixes = findBlockIdFixes(d, [{ from: copy, to: copyEnd }], makeId);
		expect(fixes).toHaveLength(1);
		expect(fixes[0].pos).toBe(copy);
		expect(fixes[0].pos).not.toBe(original);
	});

	it('renames the pasted copy, not the original, when a copy is pasted above it', () => {
		// The projection and every reuse know the original's id: it must survive a paste above it.
		const d = doc(lesson(A), lesson(A));
		const [copy, original] = positions(d);
		const fixes = findBlockIdFixes(d, [{ from: 0, to: copy + d.nodeAt(copy)!.nodeSize }], makeId);
		expect(fixes.map((f) => f.pos)).toEqual([copy]);
		expect(fixes[0].pos).not.toBe(original);
	});

	it('keeps the first of a duplicate group when no change range says which is new', () => {
		const d = doc(change(B), change(B), change(B));
		const [first, second, third] = positions(d);
		const fixes = findBlockIdFixes(d, [], makeId);
		expect(fixes.map((f) => f.pos)).toEqual([second, third]);
		expect(fixes.map((f) => f.pos)).not.toContain(first);
		expect(new Set(fixes.map((f) => f.id)).size).toBe(2);
	});

	it('treats a lesson and a process change with the same id as duplicates too', () => {
		const d = doc(lesson(A), change(A));
		expect(findBlockIdFixes(d, [], makeId).map((f) => f.pos)).toEqual([positions(d)[1]]);
	});

	it('does not count editing text inside the original as "new" (the range must contain the block)', () => {
		const d = doc(lesson(A), lesson(A));
		const [original, copy] = positions(d);
		// A keystroke inside the original lesson's paragraph plus the pasted copy.
		const fixes = findBlockIdFixes(
			d,
			[
				{ from: original + 2, to: original + 3 },
				{ from: copy, to: copy + d.nodeAt(copy)!.nodeSize }
			],
			makeId
		);
		expect(fixes.map((f) => f.pos)).toEqual([copy]);
	});
});

describe('block ids (lessonRef)', () => {
	// The editor's lessonRef node: an inline atom with its own `id` (one reuse row per node).
	const base = alurSchema();
	const withRef = (attrs: Record<string, { default: null }>) =>
		new Schema({
			nodes: base.spec.nodes.addToEnd('lessonRef', { inline: true, group: 'inline', atom: true, attrs }),
			marks: base.spec.marks
		});
	const refSchema = withRef({ id: { default: null }, lessonId: { default: null } });
	const ref = (id: string | null): JSONContent => ({ type: 'lessonRef', attrs: { id, lessonId: A } });
	const para = (...refs: JSONContent[]): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text: 'Lihat ' }, ...refs] });
	const refPositions = (d: PMNode) => {
		const out: number[] = [];
		d.descendants((node, pos) => {
			if (node.type.name === 'lessonRef') out.push(pos);
		});
		return out;
	};

	it('gives a ref without an id a fresh one and renames a pasted copy of a ref, not the original', () => {
		const d = PMNode.fromJSON(refSchema, { type: 'doc', content: [para(ref(B), ref(null)), para(ref(B))] });
		const [original, missing, copy] = refPositions(d);
		const fixes = findBlockIdFixes(d, [{ from: copy - 7, to: copy + 1 }], makeId);
		expect(fixes.map((f) => f.pos)).toEqual([missing, copy]);
		expect(fixes.map((f) => f.pos)).not.toContain(original);
		expect(new Set(fixes.map((f) => f.id)).size).toBe(2);
	});

	it('leaves a node named lessonRef alone when its schema declares no id (it could not keep one)', () => {
		const d = PMNode.fromJSON(withRef({ lessonId: { default: null } }), { type: 'doc', content: [para({ type: 'lessonRef', attrs: { lessonId: A } })] });
		expect(findBlockIdFixes(d, [], makeId)).toEqual([]);
	});
});
