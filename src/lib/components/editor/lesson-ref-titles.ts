import type { Node as PMNode } from '@tiptap/pm/model';
import { m } from '$lib/paraglide/messages';

/*
 * The lesson chips' titles (lesson-ref-view.ts), fetched with the first chip a page draws: the
 * editor's first download carries only the chip's shell.
 */

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

export interface ChipParts {
	dom: HTMLAnchorElement;
	label: HTMLElement;
	orgId: string;
	documentId: string;
	lessonId: string;
	/** The node as it is now (the answer is dropped if it points elsewhere by then). */
	current: () => PMNode;
}

/** "diperbarui", with what it means for screen readers and on hover. */
function updatedMarker(): HTMLElement {
	const marker = document.createElement('span');
	marker.className = 'lesson-ref-updated';
	marker.title = m.library_editor_ref_updated_label();
	const seen = document.createElement('span');
	seen.setAttribute('aria-hidden', 'true');
	seen.textContent = m.library_editor_ref_updated();
	const heard = document.createElement('span');
	heard.className = 'visually-hidden';
	heard.textContent = ` (${m.library_editor_ref_updated_label()})`;
	marker.append(seen, heard);
	return marker;
}

/** Draws the chip's library title (or "unavailable"), and "diperbarui" when the lesson changed since. */
export function showTitle(chip: ChipParts): void {
	const { dom, label, lessonId } = chip;
	const loader = loaderFor(chip.orgId, chip.documentId);
	loader.title(lessonId).then(
		(answer) => {
			if (chip.current().attrs.lessonId !== lessonId) return;
			if (!('title' in answer)) {
				// Nothing to open: another organisation's lesson, one this reader may not see, or none.
				dom.removeAttribute('href');
				dom.classList.add('unavailable');
				label.textContent = m.editor_lesson_ref_unavailable();
				return;
			}
			label.textContent = answer.title;
			dom.title = m.library_editor_ref_open({ title: answer.title });
			const updated = loader.updatedRefs.has(String(chip.current().attrs.id ?? ''));
			if (updated && !dom.querySelector('.lesson-ref-updated')) dom.append(updatedMarker());
		},
		() => {
			if (chip.current().attrs.lessonId === lessonId) label.textContent = m.editor_lesson_ref_failed();
		}
	);
}
