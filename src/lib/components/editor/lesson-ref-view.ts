import type { Editor, NodeViewRenderer } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import { NODE } from '$lib/document-contract';
import type { Node as PMNode } from '@tiptap/pm/model';
import { m } from '$lib/paraglide/messages';
import { LessonRef } from '$lib/editor/lesson-ref';

/** What the titles endpoint says of one lesson: its library title, or nothing to show. */
type TitleAnswer = { title: string } | { unavailable: true };

/** The endpoint's limit on ids per request. */
const BATCH = 50;

/**
 * Library titles for lesson chips, per document: the chips of one document ask together (one
 * request per 50 ids, gathered over a tick), and a title once known is not asked again on this
 * page. A failed request is forgotten, so a chip drawn later asks again. Each answer also names
 * the document's references whose lesson changed in the library after they were made.
 */
class TitleLoader {
	#known = new Map<string, Promise<TitleAnswer>>();
	#queue = new Map<string, (answer: TitleAnswer) => void>();
	#failed = new Map<string, (error: unknown) => void>();
	#scheduled = false;
	/** Reference ids whose lesson was updated after they were made ("diperbarui"). */
	readonly updatedRefs = new Set<string>();

	constructor(
		readonly orgId: string,
		readonly documentId: string
	) {}

	title(lessonId: string): Promise<TitleAnswer> {
		let known = this.#known.get(lessonId);
		if (!known) {
			known = new Promise<TitleAnswer>((resolve, reject) => {
				this.#queue.set(lessonId, resolve);
				this.#failed.set(lessonId, reject);
			});
			this.#known.set(lessonId, known);
			if (!this.#scheduled) {
				this.#scheduled = true;
				setTimeout(() => void this.#flush(), 0);
			}
		}
		return known;
	}

	async #flush(): Promise<void> {
		this.#scheduled = false;
		const ids = [...this.#queue.keys()];
		const resolvers = new Map(this.#queue);
		const rejecters = new Map(this.#failed);
		this.#queue.clear();
		this.#failed.clear();
		for (let i = 0; i < ids.length; i += BATCH) {
			const batch = ids.slice(i, i + BATCH);
			try {
				const doc = this.documentId ? `&doc=${this.documentId}` : '';
				const response = await fetch(`/api/orgs/${this.orgId}/lessons/titles?ids=${batch.join(',')}${doc}`);
				if (!response.ok) throw new Error(`titles: ${response.status}`);
				const body = (await response.json()) as { lessons: ({ id: string } & TitleAnswer)[]; updatedRefs?: string[] };
				for (const ref of body.updatedRefs ?? []) this.updatedRefs.add(ref);
				const answers = new Map(body.lessons.map((lesson) => [lesson.id, lesson]));
				for (const id of batch) resolvers.get(id)?.(answers.get(id) ?? { unavailable: true });
			} catch (error) {
				for (const id of batch) {
					this.#known.delete(id);
					rejecters.get(id)?.(error);
				}
			}
		}
	}
}

const loaders = new Map<string, TitleLoader>();

function loaderFor(orgId: string, documentId: string): TitleLoader {
	const key = `${orgId}/${documentId}`;
	let loader = loaders.get(key);
	if (!loader) loaders.set(key, (loader = new TitleLoader(orgId, documentId)));
	return loader;
}

function lessonRefView(orgId: string, documentId: string): NodeViewRenderer {
	return ({ node }) => {
		// A link, so the library lesson opens from the chip; an atom, so the caret steps over it.
		// The title is drawn into a child of its own, never as the link's own text: the link's
		// text nodes are then never replaced under a caret standing right after the chip.
		const dom = document.createElement('a');
		dom.className = 'lesson-ref-chip';
		dom.dataset.type = 'lesson-ref';
		dom.contentEditable = 'false';
		const label = document.createElement('span');
		label.className = 'lesson-ref-title';
		dom.append(label);
		let marker: HTMLElement | null = null;
		let current = node;
		const showUpdated = (updated: boolean) => {
			if (!updated) {
				marker?.remove();
				marker = null;
				return;
			}
			if (marker) return;
			marker = document.createElement('span');
			marker.className = 'lesson-ref-updated';
			marker.title = m.library_editor_ref_updated_label();
			const seen = document.createElement('span');
			seen.setAttribute('aria-hidden', 'true');
			seen.textContent = m.library_editor_ref_updated();
			const heard = document.createElement('span');
			heard.className = 'visually-hidden';
			heard.textContent = ` (${m.library_editor_ref_updated_label()})`;
			marker.append(seen, heard);
			dom.append(marker);
		};
		const unavailable = () => {
			dom.removeAttribute('href');
			dom.removeAttribute('title');
			dom.classList.add('unavailable');
			label.textContent = m.editor_lesson_ref_unavailable();
			showUpdated(false);
		};
		const render = (n: PMNode) => {
			const lessonId = typeof n.attrs.lessonId === 'string' ? n.attrs.lessonId : null;
			dom.dataset.id = String(n.attrs.id ?? '');
			dom.dataset.lessonId = lessonId ?? '';
			dom.classList.remove('unavailable');
			if (!lessonId) return unavailable();
			dom.href = `/o/${orgId}/library/${lessonId}`;
			label.textContent = m.editor_lesson_ref_loading();
			const loader = loaderFor(orgId, documentId);
			loader.title(lessonId).then(
				(answer) => {
					if (current.attrs.lessonId !== lessonId) return;
					// Nothing to open: another organisation's lesson, one this reader may not see, or none.
					if (!('title' in answer)) return unavailable();
					label.textContent = answer.title;
					dom.title = m.library_editor_ref_open({ title: answer.title });
					showUpdated(loader.updatedRefs.has(String(current.attrs.id ?? '')));
				},
				() => {
					if (current.attrs.lessonId === lessonId) label.textContent = m.editor_lesson_ref_failed();
				}
			);
		};
		render(node);
		return {
			dom,
			update: (updated: PMNode) => {
				if (updated.type !== current.type) return false;
				const changed = updated.attrs.lessonId !== current.attrs.lessonId;
				current = updated;
				if (changed) render(updated);
				else dom.dataset.id = String(updated.attrs.id ?? '');
				return true;
			},
			// The chip's own DOM (title, marker) changes as answers arrive: never document content.
			// A selection landing inside it is not ignored, so ProseMirror puts the caret back
			// beside the atom instead of leaving the browser's there, where a typed key would go.
			ignoreMutation: (mutation) => mutation.type !== 'selection'
		};
	};
}

/** The chip under a node selection, if a lesson reference is selected. */
function selectedChip(editor: Editor): HTMLAnchorElement | null {
	const { selection } = editor.state;
	if (!(selection instanceof NodeSelection) || selection.node.type.name !== NODE.lessonRef) return null;
	const dom = editor.view.nodeDOM(selection.from);
	return dom instanceof HTMLAnchorElement && dom.hasAttribute('href') ? dom : null;
}

/**
 * The shared `lessonRef` node with its browser chip, titles fetched for `orgId` (and "diperbarui"
 * for `documentId`'s references). A chip is one atom of the editing area, not a tab stop of its
 * own: the arrow keys select it (a node selection) and Enter then opens its lesson, as a click does.
 */
export function lessonRefWithView(orgId: string, documentId = '') {
	return LessonRef.extend({
		addNodeView: () => lessonRefView(orgId, documentId),
		addKeyboardShortcuts() {
			return {
				Enter: ({ editor }) => {
					const chip = selectedChip(editor);
					if (!chip) return false;
					chip.click();
					return true;
				}
			};
		}
	});
}
