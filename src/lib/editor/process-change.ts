import { Node, mergeAttributes } from '@tiptap/core';
import { NODE } from '../document-contract';
import { blockIdAttribute } from './block-ids';
import { newId } from '../ids';

export const DIRECTIONS = ['increase', 'decrease'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface ProcessChangeAttributes {
	/** Stable block id (UUID) the projection keys process changes on. */
	id: string | null;
	/** What is measured, e.g. "Waktu layanan KTP". */
	indicator: string;
	unit: string;
	direction: Direction;
	baseline: number | null;
	target: number | null;
	/** Ids of the lessons (lesson block ids or library lesson ids) this change is based on. */
	lessonIds: string[];
}

export { PROCESS_CHANGE_LIMITS } from '../document-contract';

export type ProcessChangeErrorKey = 'required' | 'too_long' | 'not_a_number' | 'out_of_range';

// The form's rules (zod) are in process-change-form.ts: only the indicator dialog, loaded when
// first opened, needs them, and zod would otherwise weigh on every editor page.

function parseNumber(value: string | null): number | null {
	if (value === null || value.trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

function parseIds(value: string | null): string[] {
	if (!value) return [];
	try {
		const parsed: unknown = JSON.parse(value);
		return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
	} catch {
		return [];
	}
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		processChange: {
			/** Inserts a process change with a fresh id at the selection. */
			insertProcessChange: (attributes?: Partial<ProcessChangeAttributes>) => ReturnType;
		};
	}
}

/**
 * `processChange` (design.md "Documents"): a change to how work is done, with the indicator
 * that measures it (baseline → target) and the lessons it rests on; its content is the
 * description. No DOM here (shared with the server); the browser adds the node view.
 */
export const ProcessChange = Node.create({
	name: NODE.processChange,
	group: 'block',
	content: 'paragraph*',
	defining: true,
	isolating: true,

	addAttributes() {
		return {
			id: blockIdAttribute,
			indicator: {
				default: '',
				parseHTML: (element) => element.getAttribute('data-indicator') ?? '',
				renderHTML: (attributes) => ({ 'data-indicator': attributes.indicator ?? '' })
			},
			unit: {
				default: '',
				parseHTML: (element) => element.getAttribute('data-unit') ?? '',
				renderHTML: (attributes) => ({ 'data-unit': attributes.unit ?? '' })
			},
			direction: {
				default: 'decrease',
				parseHTML: (element) => (element.getAttribute('data-direction') === 'increase' ? 'increase' : 'decrease'),
				renderHTML: (attributes) => ({ 'data-direction': attributes.direction })
			},
			baseline: {
				default: null,
				parseHTML: (element) => parseNumber(element.getAttribute('data-baseline')),
				renderHTML: (attributes) => (attributes.baseline === null ? {} : { 'data-baseline': String(attributes.baseline) })
			},
			target: {
				default: null,
				parseHTML: (element) => parseNumber(element.getAttribute('data-target')),
				renderHTML: (attributes) => (attributes.target === null ? {} : { 'data-target': String(attributes.target) })
			},
			lessonIds: {
				default: [],
				parseHTML: (element) => parseIds(element.getAttribute('data-lesson-ids')),
				renderHTML: (attributes) => ({ 'data-lesson-ids': JSON.stringify(attributes.lessonIds ?? []) })
			}
		};
	},

	parseHTML() {
		return [{ tag: 'section[data-type="process-change"]' }];
	},

	renderHTML({ HTMLAttributes }) {
		return ['section', mergeAttributes({ 'data-type': 'process-change', class: 'process-change' }, HTMLAttributes), 0];
	},

	addCommands() {
		return {
			insertProcessChange:
				(attributes = {}) =>
				({ commands }) =>
					commands.insertContent({
						type: this.name,
						attrs: {
							indicator: '',
							unit: '',
							direction: 'decrease',
							baseline: null,
							target: null,
							lessonIds: [],
							...attributes,
							id: attributes.id ?? newId()
						},
						content: [{ type: 'paragraph' }]
					})
		};
	}
});
