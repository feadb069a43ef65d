import { describe, expect, it } from 'vitest';
import { getAttributesFromExtensions, resolveExtensions } from '@tiptap/core';
import { inputRegex } from '@tiptap/extension-list/task-item';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { alurExtensions, alurSchema } from '../../src/lib/editor/extensions';
import { walkDocument } from '../../src/lib/projection/walk';

const ID = '33333333-3333-4333-8333-333333333333';
const OWNER = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';

describe('action item node', () => {
	it('declares id, checked, owner and due date, and round-trips through the Y.Doc into the walk', () => {
		const schema = alurSchema();
		expect(Object.keys(schema.nodes.taskItem.spec.attrs ?? {}).sort()).toEqual(['checked', 'dueOn', 'id', 'ownerId']);
		const json = {
			type: 'doc',
			content: [
				{
					type: 'taskList',
					content: [
						{
							type: 'taskItem',
							attrs: { id: ID, checked: true, ownerId: OWNER, dueOn: '2026-04-01' },
							content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Revisi alur loket' }] }]
						}
					]
				}
			]
		};
		const doc = new Y.Doc();
		prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment('default'));
		expect(walkDocument(doc).actionItems).toEqual([{ blockId: ID, text: 'Revisi alur loket', ownerId: OWNER, dueOn: '2026-04-01', done: true }]);
	});

	const attributes = getAttributesFromExtensions(resolveExtensions(alurExtensions())).filter((a) => a.type === 'taskItem');
	const attribute = (name: string) => {
		const found = attributes.find((a) => a.name === name);
		if (!found) throw new Error(`taskItem has no ${name}`);
		return found.attribute;
	};
	/** What parseHTML sees of an element: its attributes. */
	const element = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement;

	it('parses owner and due date from HTML only when they are valid', () => {
		expect(attribute('ownerId').parseHTML?.(element({ 'data-owner-id': OWNER }))).toBe(OWNER);
		expect(attribute('ownerId').parseHTML?.(element({ 'data-owner-id': 'bukan' }))).toBeNull();
		expect(attribute('dueOn').parseHTML?.(element({ 'data-due-on': '2026-04-01' }))).toBe('2026-04-01');
		expect(attribute('dueOn').parseHTML?.(element({ 'data-due-on': '2026-02-31' }))).toBeNull();
	});

	it('starts a new item on Enter without the id, owner or due date (a new action), keeping done off', () => {
		for (const name of ['id', 'ownerId', 'dueOn', 'checked']) expect(attribute(name).keepOnSplit, name).toBe(false);
	});

	it('turns "[ ] " and "[x] " typed at the start of a paragraph into an item', () => {
		expect(inputRegex.test('[ ] ')).toBe(true);
		expect(inputRegex.exec('[x] ')?.[2]).toBe('x');
		expect(inputRegex.test('[ ]')).toBe(false);
	});
});
