import type { NodeViewRenderer } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { mount, unmount } from 'svelte';
import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/format';
import { newId } from '$lib/ids';
import { isOverdue, parseDueOn, todayIn } from '$lib/actions/due';
import { TASK_ITEM_ATTRS } from '$lib/document-contract';
import { ActionItem, type ActionItemAttributes } from '$lib/editor/action-item';
import { bodyEditable } from '$lib/editor/read-only-body';
import { loadOnce } from '$lib/load-once';
import type ActionOwnerPickerComponent from './ActionOwnerPicker.svelte';
import './action-item.css';

/** A person of the document (`GET …/documents/<id>/people`). */
interface Person {
	id: string;
	name: string;
	/** A member of the document's team: the people an action may be given to. */
	teamMember?: boolean;
}

/**
 * The document's people, fetched once per page when the first action item is drawn (a failed
 * fetch is forgotten, so the next item asks again).
 */
class PeopleLoader {
	#people: Promise<Person[]> | null = null;
	constructor(readonly url: string) {}

	get(): Promise<Person[]> {
		this.#people ??= fetch(this.url)
			.then((response) => {
				if (!response.ok) throw new Error(`people: ${response.status}`);
				return response.json() as Promise<{ people: Person[] }>;
			})
			.then((body) => body.people)
			.catch((error: unknown) => {
				this.#people = null;
				throw error;
			});
		return this.#people;
	}
}

/** The owner combobox (Bits UI), fetched the first time an owner field is used. */
const loadPicker = loadOnce((): Promise<typeof ActionOwnerPickerComponent> => import('./ActionOwnerPicker.svelte').then((module) => module.default));

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
	const el = document.createElement(tag);
	if (className) el.className = className;
	if (text !== undefined) el.textContent = text;
	return el;
}

const attrsOf = (node: PMNode) => node.attrs as ActionItemAttributes;
const textOf = (node: PMNode) => node.textContent.trim() || m.action_list_untitled();

function actionItemView(people: PeopleLoader): NodeViewRenderer {
	return ({ node, editor, getPos }) => {
		const editable = bodyEditable(editor);
		const dom = element('li', 'action-item');
		dom.dataset.type = 'taskItem';
		const check = element('label', 'action-check');
		check.contentEditable = 'false';
		const checkbox = element('input');
		checkbox.type = 'checkbox';
		checkbox.disabled = !editable;
		check.append(checkbox);
		const contentDOM = element('div', 'action-text');
		const meta = element('div', 'action-meta');
		meta.contentEditable = 'false';

		// Owner: a field that becomes the combobox when first used; plain text for readers.
		const ownerSlot = element('span', 'action-owner');
		const ownerId = `action-owner-${newId()}`;
		const ownerField = element('input', 'action-owner-input');
		ownerField.id = ownerId;
		ownerField.type = 'text';
		ownerField.autocomplete = 'off';
		ownerField.placeholder = m.action_item_owner_placeholder();
		ownerField.setAttribute('role', 'combobox');
		ownerField.setAttribute('aria-expanded', 'false');
		ownerField.setAttribute('aria-autocomplete', 'list');
		const ownerText = element('span', 'action-owner-text');
		const ownerNote = element('span', 'action-owner-note');
		if (editable) ownerSlot.append(ownerField);
		else ownerSlot.append(ownerText);
		ownerSlot.append(ownerNote);

		// Due date: a date field for writers, the id-ID date for readers.
		const due = element('input', 'action-due-input');
		due.type = 'date';
		const dueText = element('span', 'action-due-text');
		const overdue = element('strong', 'action-overdue', m.action_overdue());
		meta.append(ownerSlot, editable ? due : dueText, overdue);
		dom.append(check, contentDOM, meta);

		let current = node;
		let known: Person[] | null = null;
		let picker: { setValue(next: string | null, name: string): void } | null = null;
		let mounted: Record<string, unknown> | null = null;
		let destroyed = false;

		const ownerName = (id: string | null) => (id === null ? '' : (known?.find((p) => p.id === id)?.name ?? ''));
		const ownerProblem = (id: string | null) => {
			if (id === null || known === null) return '';
			const person = known.find((p) => p.id === id);
			return person && person.teamMember !== false ? '' : m.action_item_owner_unknown();
		};

		const render = (n: PMNode) => {
			const attrs = attrsOf(n);
			const text = textOf(n);
			dom.dataset.id = String(attrs.id ?? '');
			dom.dataset.checked = String(!!attrs.checked);
			checkbox.checked = !!attrs.checked;
			checkbox.setAttribute('aria-label', m.action_item_done({ text }));
			const ownerLabel = m.action_item_owner_for({ text });
			ownerField.setAttribute('aria-label', ownerLabel);
			const name = ownerName(attrs.ownerId);
			if (document.activeElement !== ownerField) ownerField.value = name;
			picker?.setValue(attrs.ownerId, name);
			ownerText.textContent = attrs.ownerId ? m.action_list_owner({ name: name || '…' }) : m.action_list_owner_none();
			ownerNote.textContent = ownerProblem(attrs.ownerId);
			const dueOn = parseDueOn(attrs.dueOn);
			due.setAttribute('aria-label', m.action_item_due_for({ text }));
			if (document.activeElement !== due) due.value = dueOn ?? '';
			dueText.textContent = dueOn ? m.action_list_due({ date: formatDate(dueOn) }) : m.action_list_due_none();
			const late = isOverdue({ done: !!attrs.checked, dueOn }, todayIn(new Date()));
			dom.classList.toggle('is-overdue', late);
			overdue.hidden = !late;
		};
		render(node);

		void people.get().then(
			(list) => {
				known = list;
				if (!destroyed) render(current);
			},
			() => {}
		);

		const setAttribute = (name: string, value: unknown) => {
			const pos = getPos();
			if (typeof pos !== 'number' || !bodyEditable(editor)) return false;
			editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, name, value));
			return true;
		};

		checkbox.addEventListener('change', () => {
			if (!setAttribute(TASK_ITEM_ATTRS.checked, checkbox.checked)) checkbox.checked = !!attrsOf(current).checked;
		});
		due.addEventListener('change', () => {
			setAttribute(TASK_ITEM_ATTRS.dueOn, parseDueOn(due.value));
		});

		/** Swaps the field for the combobox (once), keeping focus and what was typed. */
		const showPicker = () => {
			if (mounted || !editable) return;
			void Promise.all([loadPicker(), people.get()]).then(([Picker, list]) => {
				if (mounted || destroyed) return;
				known = list;
				const hadFocus = document.activeElement === ownerField;
				const typed = ownerField.value;
				const attrs = attrsOf(current);
				const name = ownerName(attrs.ownerId);
				ownerField.remove();
				const host = element('span', 'action-owner-host');
				ownerSlot.prepend(host);
				mounted = mount(Picker, {
					target: host,
					props: {
						id: ownerId,
						label: m.action_item_owner_for({ text: textOf(current) }),
						candidates: list.filter((p) => p.teamMember !== false).map((p) => ({ id: p.id, name: p.name })),
						value: attrs.ownerId,
						valueName: name,
						typed: typed === name ? undefined : typed,
						focused: hadFocus,
						onchange: (next: string | null) => {
							setAttribute(TASK_ITEM_ATTRS.ownerId, next);
						}
					}
				});
				picker = mounted as unknown as { setValue(next: string | null, name: string): void };
				if (hadFocus) {
					const input = document.getElementById(ownerId);
					if (input instanceof HTMLInputElement) {
						input.focus();
						input.setSelectionRange(input.value.length, input.value.length);
					}
				}
			});
		};
		ownerField.addEventListener('focus', showPicker);
		ownerField.addEventListener('pointerdown', showPicker);

		return {
			dom,
			contentDOM,
			// The checkbox and the fields are UI, not document text.
			stopEvent: (event: Event) =>
				event.target instanceof globalThis.Node && (meta.contains(event.target) || check.contains(event.target)),
			ignoreMutation: (mutation: MutationRecord | { type: 'selection'; target: globalThis.Node }) => !contentDOM.contains(mutation.target),
			update: (updated: PMNode) => {
				if (updated.type !== current.type) return false;
				current = updated;
				render(updated);
				return true;
			},
			destroy: () => {
				destroyed = true;
				if (mounted) void unmount(mounted);
			}
		};
	};
}

/** The shared `taskItem` node with its browser node view; people from the document's endpoint. */
export function actionItemWithView(orgId: string, documentId: string) {
	const people = new PeopleLoader(`/api/orgs/${orgId}/documents/${documentId}/people`);
	return ActionItem.extend({ addNodeView: () => actionItemView(people) });
}

