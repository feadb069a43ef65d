import type { Editor, NodeViewRenderer } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { formatNumber } from '$lib/format';
import { NODE } from '$lib/document-contract';
import { newId } from '$lib/ids';
import { m } from '$lib/paraglide/messages';
import { Lesson } from '$lib/editor/lesson';
import { ProcessChange, type ProcessChangeAttributes } from '$lib/editor/process-change';
import { bodyEditable } from '$lib/editor/read-only-body';
import { focusNow } from './focus-now';

/*
 * Browser-only node views for the shared `lesson` and `processChange` nodes: a header that is not
 * part of the editable text (title field, indicator summary and edit button) above the block's
 * own content. The shared node definitions stay DOM-free for the server.
 */

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
	const el = document.createElement(tag);
	if (className) el.className = className;
	if (text !== undefined) el.textContent = text;
	return el;
}

/** The header is UI, not document text: ProseMirror must neither handle its events nor read its DOM. */
function isolateHeader(head: HTMLElement, contentDOM: HTMLElement) {
	return {
		stopEvent: (event: Event) => event.target instanceof globalThis.Node && head.contains(event.target),
		ignoreMutation: (mutation: MutationRecord | { type: 'selection'; target: globalThis.Node }) =>
			!contentDOM.contains(mutation.target)
	};
}

/** The document the editor shows, for the lesson blocks' library status (lesson-library.ts). */
export interface LibraryContext {
	orgId: string;
	documentId: string;
}

const lessonView = (library: LibraryContext | null): NodeViewRenderer => ({ node, editor, getPos }) => {
	const dom = element('section', 'block lesson-block');
	dom.dataset.type = 'lesson';
	dom.dataset.id = String(node.attrs.id ?? '');
	const head = element('div', 'block-head');
	head.contentEditable = 'false';
	const inputId = `lesson-title-${newId()}`;
	const kind = element('span', 'block-kind', m.editor_lesson_label());
	const input = element('input', 'block-title');
	input.id = inputId;
	input.type = 'text';
	input.maxLength = 200;
	input.placeholder = m.editor_lesson_title_placeholder();
	input.setAttribute('aria-label', m.editor_lesson_title());
	input.value = String(node.attrs.title ?? '');
	input.readOnly = !bodyEditable(editor);
	head.append(kind, input);
	const contentDOM = element('div', 'block-body');
	dom.append(head, contentDOM);
	let current = node;

	// The library status and "Usulkan ke pustaka": their code is fetched with the first lesson drawn.
	let libraryControl: { update(): void; destroy(): void } | null = null;
	let destroyed = false;
	if (library) {
		const slot = element('span', 'lesson-library');
		head.append(slot);
		void import('./lesson-library').then(({ attachLessonLibrary }) => {
			if (destroyed) return;
			libraryControl = attachLessonLibrary(slot, {
				...library,
				editable: bodyEditable(editor),
				blockId: () => String(current.attrs.id ?? ''),
				title: () => String(current.attrs.title ?? '')
			});
		});
	}

	input.addEventListener('input', () => {
		const pos = getPos();
		if (typeof pos !== 'number' || !bodyEditable(editor)) return;
		editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, 'title', input.value));
	});
	// Enter or Tab in the title moves on to the lesson body, as in a form. Without this, Tab
	// leaves the editor altogether: the title field is outside ProseMirror's editable text.
	input.addEventListener('keydown', (event) => {
		if (event.key !== 'Enter' && !(event.key === 'Tab' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey)) return;
		event.preventDefault();
		const pos = getPos();
		if (typeof pos === 'number') focusNow(editor, pos + 2);
	});

	return {
		dom,
		contentDOM,
		...isolateHeader(head, contentDOM),
		update: (updated: PMNode) => {
			if (updated.type !== current.type) return false;
			current = updated;
			const title = String(updated.attrs.title ?? '');
			// Never rewrite the field under the writer's fingers; a remote rename shows on blur.
			if (input.value !== title && document.activeElement !== input) input.value = title;
			dom.dataset.id = String(updated.attrs.id ?? '');
			libraryControl?.update();
			return true;
		},
		destroy: () => {
			destroyed = true;
			libraryControl?.destroy();
		}
	};
};

/** A short human summary of a process change's indicator. */
export function processChangeSummary(attrs: ProcessChangeAttributes): string {
	if (!attrs.indicator) return m.editor_pc_no_indicator();
	const value = (n: number | null) => (n === null ? '—' : formatNumber(n));
	return m.editor_pc_summary({
		indicator: attrs.indicator,
		baseline: value(attrs.baseline),
		target: value(attrs.target),
		unit: attrs.unit,
		direction: attrs.direction === 'increase' ? m.editor_pc_direction_increase_short() : m.editor_pc_direction_decrease_short()
	});
}

export type EditProcessChange = (pos: number, attrs: ProcessChangeAttributes) => void;

/** `library`: the document shown, so the block can link its change's follow-through page. */
function processChangeView(onEdit: EditProcessChange, library: LibraryContext | null): NodeViewRenderer {
	return ({ node, editor, getPos }) => {
		const dom = element('section', 'block process-change-block');
		dom.dataset.type = 'process-change';
		const head = element('div', 'block-head');
		head.contentEditable = 'false';
		const kind = element('span', 'block-kind', m.editor_pc_label());
		const summary = element('span', 'block-summary');
		const button = element('button', 'secondary small', m.editor_pc_edit());
		button.type = 'button';
		// Read-only readers get no edit button at all (the global button style would beat `hidden`).
		head.append(kind, summary);
		if (bodyEditable(editor)) head.append(button);
		// Follow-through lives on the change's page; the block knows only its own id, so the link
		// goes through a route that finds the projected row (changes/by-block).
		const follow = library ? element('a', 'block-follow', m.change_block_link()) : null;
		if (follow) head.append(follow);
		const contentDOM = element('div', 'block-body');
		dom.append(head, contentDOM);
		let current = node;
		const render = (n: PMNode) => {
			summary.textContent = processChangeSummary(n.attrs as ProcessChangeAttributes);
			dom.dataset.id = String(n.attrs.id ?? '');
			if (follow && library) follow.href = `/o/${library.orgId}/changes/by-block/${library.documentId}/${dom.dataset.id}`;
		};
		render(node);
		button.addEventListener('click', () => {
			const pos = getPos();
			if (typeof pos === 'number') onEdit(pos, current.attrs as ProcessChangeAttributes);
		});
		return {
			dom,
			contentDOM,
			...isolateHeader(head, contentDOM),
			update: (updated: PMNode) => {
				if (updated.type !== current.type) return false;
				current = updated;
				render(updated);
				return true;
			}
		};
	};
}

/** The shared nodes with their browser node views; `library`: show lessons' library status. */
export function nodesWithViews(onEditProcessChange: EditProcessChange, library: LibraryContext | null = null) {
	return {
		lesson: Lesson.extend({ addNodeView: () => lessonView(library) }),
		processChange: ProcessChange.extend({ addNodeView: () => processChangeView(onEditProcessChange, library) })
	};
}

/** Lessons written in this document, for linking a process change to them. */
export function documentLessons(editor: Editor): { id: string; title: string }[] {
	const lessons: { id: string; title: string }[] = [];
	editor.state.doc.descendants((node) => {
		if (node.type.name === NODE.lesson && typeof node.attrs.id === 'string') {
			lessons.push({ id: node.attrs.id, title: String(node.attrs.title ?? '') });
		}
		return node.type.name !== NODE.lesson;
	});
	return lessons;
}
