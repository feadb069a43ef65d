import type { NodeViewRenderer } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { m } from '$lib/paraglide/messages';
import { LessonRef } from '$lib/editor/lesson-ref';

/** What the titles endpoint says of one lesson: its library title, or nothing to show. */
type TitleAnswer = { title: string } | { unavailable: true };

/** The endpoint's limit on ids per request. */
const BATCH = 50;

/**
 * Library titles for lesson chips, per organisation: the chips of one document ask together
 * (one request per 50 ids, gathered over a tick), and a title once known is not asked again on
 * this page. A failed request is forgotten, so a chip drawn later asks again.
 */
class TitleLoader {
	#known = new Map<string, Promise<TitleAnswer>>();
	#queue = new Map<string, (answer: TitleAnswer) => void>();
	#failed = new Map<string, (error: unknown) => void>();
	#scheduled = false;

	constructor(readonly orgId: string) {}

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
				const response = await fetch(`/api/orgs/${this.orgId}/lessons/titles?ids=${batch.join(',')}`);
				if (!response.ok) throw new Error(`titles: ${response.status}`);
				const body = (await response.json()) as { lessons: ({ id: string } & TitleAnswer)[] };
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

function loaderFor(orgId: string): TitleLoader {
	let loader = loaders.get(orgId);
	if (!loader) loaders.set(orgId, (loader = new TitleLoader(orgId)));
	return loader;
}

function lessonRefView(orgId: string): NodeViewRenderer {
	return ({ node }) => {
		// A link, so the library lesson opens from the chip; an atom, so the caret steps over it.
		const dom = document.createElement('a');
		dom.className = 'lesson-ref-chip';
		dom.dataset.type = 'lesson-ref';
		dom.contentEditable = 'false';
		let current = node;
		const render = (n: PMNode) => {
			const lessonId = typeof n.attrs.lessonId === 'string' ? n.attrs.lessonId : null;
			dom.dataset.id = String(n.attrs.id ?? '');
			dom.dataset.lessonId = lessonId ?? '';
			dom.classList.remove('unavailable');
			if (!lessonId) {
				dom.removeAttribute('href');
				dom.classList.add('unavailable');
				dom.textContent = m.editor_lesson_ref_unavailable();
				return;
			}
			dom.href = `/o/${orgId}/library/${lessonId}`;
			dom.textContent = m.editor_lesson_ref_loading();
			loaderFor(orgId)
				.title(lessonId)
				.then(
					(answer) => {
						if (current.attrs.lessonId !== lessonId) return;
						if ('title' in answer) dom.textContent = answer.title;
						else {
							// Nothing to open: another organisation's lesson, one this reader may not see, or none.
							dom.removeAttribute('href');
							dom.classList.add('unavailable');
							dom.textContent = m.editor_lesson_ref_unavailable();
						}
					},
					() => {
						if (current.attrs.lessonId === lessonId) dom.textContent = m.editor_lesson_ref_failed();
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
			ignoreMutation: () => true
		};
	};
}

/** The shared `lessonRef` node with its browser chip, titles fetched for `orgId`. */
export function lessonRefWithView(orgId: string) {
	return LessonRef.extend({ addNodeView: () => lessonRefView(orgId) });
}
