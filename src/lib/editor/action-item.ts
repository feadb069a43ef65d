// Subpaths: the package's index would bring the whole list kit again.
import { TaskItem } from '@tiptap/extension-list/task-item';
import { TaskList } from '@tiptap/extension-list/task-list';
import { NODE, TASK_ITEM_ATTRS } from '../document-contract';
import { parseDueOn } from '../actions/due';
import { isUuid } from '../ids';
import { blockIdAttribute } from './block-ids';

export interface ActionItemAttributes {
	/** Stable block id (UUID): one `action_items` row per item. */
	id: string | null;
	/** Done. */
	checked: boolean;
	/** The team member who owns it (a user id), or null. */
	ownerId: string | null;
	/** `YYYY-MM-DD` or null. */
	dueOn: string | null;
}

/** The list of action items (Tiptap's task list, same name and markup). */
export const ActionList = TaskList.extend({ name: NODE.taskList });

/**
 * `taskItem` (issue 15 "Action items"): Tiptap's task item — done or not, typed with `[ ] ` or
 * inserted from the slash menu — with a stable `id`, an owner and a due date. A split (Enter)
 * does not copy the owner, the date or the id: the new item is a new action. No DOM here
 * (shared with the server); the browser adds its node view.
 */
export const ActionItem = TaskItem.extend({
	name: NODE.taskItem,

	addAttributes() {
		return {
			...this.parent?.(),
			[TASK_ITEM_ATTRS.id]: { ...blockIdAttribute, keepOnSplit: false },
			[TASK_ITEM_ATTRS.ownerId]: {
				default: null,
				keepOnSplit: false,
				parseHTML: (element) => {
					const value = element.getAttribute('data-owner-id');
					return value && isUuid(value) ? value : null;
				},
				renderHTML: (attributes) => (attributes.ownerId ? { 'data-owner-id': attributes.ownerId } : {})
			},
			[TASK_ITEM_ATTRS.dueOn]: {
				default: null,
				keepOnSplit: false,
				parseHTML: (element) => parseDueOn(element.getAttribute('data-due-on')),
				renderHTML: (attributes) => (attributes.dueOn ? { 'data-due-on': attributes.dueOn } : {})
			}
		};
	}
});
