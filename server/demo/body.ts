import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { SECTION_KEYS, TEMPLATE_SECTIONS, type SectionKey } from '../../src/lib/editor/templates';
import { SECTION_ATTR } from '../../src/lib/editor/section-prompts';
import { newId } from '../../src/lib/ids';
import type { Block, DemoAction, DemoDocument, Inline } from './model';

/**
 * A demo document as the editor would hold it: the template's headed sections of its type (same
 * headings, same section keys) filled with the content's blocks, built as ProseMirror JSON and
 * checked against Alur's schema — a node the editor could not show is an error here, not a broken
 * demo document.
 */

export interface BuiltBody {
	doc: PMNode;
	/** Block ids given to the content's lessons and process changes, by their content key. */
	lessonBlocks: Map<string, string>;
	changeBlocks: Map<string, string>;
	/** Action items written as task items, by their block id. */
	actionBlocks: Map<string, DemoAction>;
	/** Whether action items were written as task items (the editor has them) or as a plain list. */
	actionItems: 'task-items' | 'list' | 'none';
}

export interface BodyContext {
	schema: Schema;
	/** The library lesson (row id) a `{ ref }` names; throws for a lesson not published yet. */
	lessonId(key: string): string;
	userId(key: string): string;
	userName(key: string): string;
	day(daysAgo: number): string;
}

/** Does this schema have action items (task items with an owner and a due date)? */
export function hasActionItems(schema: Schema): boolean {
	const item = schema.nodes.taskItem;
	return Boolean(schema.nodes.taskList && item && 'ownerId' in item.spec.attrs! && 'dueOn' in item.spec.attrs!);
}

export function buildBody(document: DemoDocument, context: BodyContext): BuiltBody {
	const lessonBlocks = new Map<string, string>();
	const changeBlocks = new Map<string, string>();
	const actionBlocks = new Map<string, DemoAction>();
	let actionItems: BuiltBody['actionItems'] = 'none';
	const taskItems = hasActionItems(context.schema);

	const inline = (parts: Inline[]): JSONContent[] =>
		parts.flatMap((part): JSONContent[] => {
			if (typeof part === 'string') return part === '' ? [] : [{ type: 'text', text: part }];
			if ('bold' in part) return [{ type: 'text', text: part.bold, marks: [{ type: 'bold' }] }];
			return [{ type: 'lessonRef', attrs: { id: newId(), lessonId: context.lessonId(part.ref) } }];
		});
	const paragraph = (parts: Inline[]): JSONContent => {
		const content = inline(parts);
		return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
	};
	const list = (type: 'bulletList' | 'orderedList', items: Inline[][]): JSONContent => ({
		type,
		content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] }))
	});

	const actionId = (action: DemoAction): string => {
		const id = newId();
		actionBlocks.set(id, action);
		return id;
	};

	const block = (b: Block): JSONContent => {
		switch (b.kind) {
			case 'paragraph':
				return paragraph(b.content);
			case 'bullets':
				return list('bulletList', b.items);
			case 'numbered':
				return list('orderedList', b.items);
			case 'lesson': {
				const id = newId();
				lessonBlocks.set(b.lesson.key, id);
				return { type: 'lesson', attrs: { id, title: b.lesson.title }, content: b.lesson.body.map((text) => paragraph([text])) };
			}
			case 'change': {
				const id = newId();
				const c = b.change;
				changeBlocks.set(c.key, id);
				return {
					type: 'processChange',
					attrs: { id, indicator: c.indicator, unit: c.unit, direction: c.direction, baseline: c.baseline, target: c.target, lessonIds: [] },
					content: c.description.map(paragraph)
				};
			}
			case 'actions': {
				if (taskItems) {
					actionItems = 'task-items';
					return {
						type: 'taskList',
						content: b.items.map((a) => ({
							type: 'taskItem',
							attrs: { id: actionId(a), checked: a.done, ownerId: context.userId(a.owner), dueOn: context.day(a.dueDaysAgo) },
							content: [paragraph([a.text])]
						}))
					};
				}
				// Without action items in the editor, the same commitments as a list a reader can follow.
				if (actionItems === 'none') actionItems = 'list';
				return list(
					'bulletList',
					b.items.map((a) => [`${a.text} — ${context.userName(a.owner)}, ${context.day(a.dueDaysAgo)}${a.done ? ' (selesai)' : ''}`])
				);
			}
		}
	};

	const keys: readonly SectionKey[] = SECTION_KEYS[document.type];
	const content = keys.flatMap((key, i): JSONContent[] => {
		const blocks = document.sections[key] ?? [];
		return [
			{ type: 'heading', attrs: { level: 2, [SECTION_ATTR]: key }, content: [{ type: 'text', text: TEMPLATE_SECTIONS[document.type][i] }] },
			...(blocks.length > 0 ? blocks.map(block) : [{ type: 'paragraph' }])
		];
	});
	const unknown = Object.keys(document.sections).filter((key) => !keys.includes(key as SectionKey));
	if (unknown.length > 0) throw new Error(`demo document ${document.key}: sections ${unknown.join(', ')} are not in its template`);
	// Like the template: an empty paragraph at the end to continue writing below the last block.
	const json: JSONContent = { type: 'doc', content: [...content, { type: 'paragraph' }] };
	const doc = context.schema.nodeFromJSON(json);
	doc.check();
	return { doc, lessonBlocks, changeBlocks, actionBlocks, actionItems };
}
