import { m } from '$lib/paraglide/messages';
import type { LessonStatus } from '$lib/lessons/lifecycle';
import { lessonStatusLabel } from '$lib/components/library/search-labels';

/*
 * The library side of a `lesson` block (issue 14 "Propose"): its status chip (draf, diusulkan,
 * diterbitkan, dipensiunkan, digabung) and "Usulkan ke pustaka". Fetched by the block's node view
 * when the editor first draws a lesson (node-views.ts), so documents without lessons, and the
 * editor's first download, do without it.
 */

interface LessonState {
	blockId: string;
	lessonId: string;
	status: LessonStatus;
	mayPropose: boolean;
}

/** How long a proposal waits for the projection (debounced ~2 s after the last edit, at most ~10 s). */
const WAIT_MS = 20_000;
const RETRY_MS = 1_500;

/** One document's lesson states, read once per page and kept current by this page's proposals. */
class DocumentLessons {
	#states: Promise<Map<string, LessonState>> | null = null;
	#listeners = new Set<() => void>();

	constructor(
		readonly orgId: string,
		readonly documentId: string
	) {}

	get base(): string {
		return `/api/orgs/${this.orgId}/documents/${this.documentId}/lessons`;
	}

	states(): Promise<Map<string, LessonState>> {
		this.#states ??= fetch(this.base)
			.then((response) => (response.ok ? (response.json() as Promise<{ lessons: LessonState[] }>) : { lessons: [] }))
			.then((body) => new Map(body.lessons.map((state) => [state.blockId, state])))
			.catch(() => {
				// Unknown for now: the chips say draft (what a new block is) and a later block asks again.
				this.#states = null;
				return new Map<string, LessonState>();
			});
		return this.#states;
	}

	async set(state: LessonState): Promise<void> {
		(await this.states()).set(state.blockId, state);
		for (const listener of this.#listeners) listener();
	}

	listen(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

const documents = new Map<string, DocumentLessons>();

function lessonsOf(orgId: string, documentId: string): DocumentLessons {
	const key = `${orgId}/${documentId}`;
	let found = documents.get(key);
	if (!found) documents.set(key, (found = new DocumentLessons(orgId, documentId)));
	return found;
}

export interface LessonLibraryOptions {
	orgId: string;
	documentId: string;
	/** The writer may change the body: the propose button is offered (the server decides). */
	editable: boolean;
	blockId: () => string;
	title: () => string;
}

export interface LessonLibraryControl {
	/** The block changed (its id may be new): show its state again. */
	update(): void;
	destroy(): void;
}

/** Fills `host` (inside the block's non-editable header) with the chip, the button and a live note. */
export function attachLessonLibrary(host: HTMLElement, options: LessonLibraryOptions): LessonLibraryControl {
	const library = lessonsOf(options.orgId, options.documentId);
	const chip = document.createElement('span');
	chip.className = 'lesson-status-chip';
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'secondary small lesson-propose';
	button.textContent = m.library_editor_propose();
	const note = document.createElement('span');
	note.className = 'lesson-library-note';
	note.setAttribute('role', 'status');
	host.append(chip, note);
	let destroyed = false;
	let busy = false;
	let shownFor = '';

	const show = (state: LessonState | undefined) => {
		const status: LessonStatus = state?.status ?? 'draft';
		chip.dataset.status = status;
		// Seen: the status word; heard: what it is the status of.
		const seen = document.createElement('span');
		seen.setAttribute('aria-hidden', 'true');
		seen.textContent = lessonStatusLabel(status);
		const heard = document.createElement('span');
		heard.className = 'visually-hidden';
		heard.textContent = m.library_editor_status({ status: lessonStatusLabel(status) });
		chip.replaceChildren(seen, heard);
		// A block not projected yet is a draft this writer may well propose: the server decides.
		const offer = options.editable && status === 'draft' && (state?.mayPropose ?? true);
		if (offer && !button.isConnected) host.insertBefore(button, note);
		else if (!offer && button.isConnected && !busy) {
			// Proposed: the button goes, and focus that was on it stays in the block, on its status.
			const hadFocus = document.activeElement === button;
			button.remove();
			if (hadFocus) {
				chip.tabIndex = -1;
				chip.focus();
			}
		}
	};

	const refresh = () => {
		const blockId = options.blockId();
		void library.states().then((states) => {
			if (destroyed || blockId !== options.blockId()) return;
			show(blockId ? states.get(blockId) : undefined);
		});
	};

	const say = (text: string) => {
		note.textContent = text;
	};

	async function propose(): Promise<void> {
		const blockId = options.blockId();
		if (busy || !blockId) return;
		if (options.title().trim() === '') {
			say(m.library_editor_untitled());
			return;
		}
		busy = true;
		// Not `disabled`: a disabled button drops keyboard focus to the page; `busy` ignores clicks.
		button.setAttribute('aria-disabled', 'true');
		button.textContent = m.library_editor_proposing();
		say('');
		const deadline = Date.now() + WAIT_MS;
		try {
			for (;;) {
				const response = await fetch(`${library.base}/${blockId}/propose`, { method: 'POST', headers: { accept: 'application/json' } });
				const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; lessonId?: string; status?: LessonStatus };
				if (response.ok && body.lessonId && body.status) {
					await library.set({ blockId, lessonId: body.lessonId, status: body.status, mayPropose: false });
					say(m.library_editor_proposed());
					return;
				}
				if (body.code === 'not_draft' && body.status) {
					// Proposed meanwhile (a teammate, another tab): show where it is now.
					const known = (await library.states()).get(blockId);
					await library.set({ blockId, lessonId: known?.lessonId ?? '', status: body.status, mayPropose: false });
					say(body.message ?? m.library_editor_refused());
					return;
				}
				// Written a moment ago: the projection has not reached the server's tables yet. Wait for it.
				const notYet = response.status === 409 && (body.code === 'not_projected' || body.code === 'untitled');
				if (notYet && Date.now() + RETRY_MS < deadline && !destroyed) {
					say(m.library_editor_waiting());
					await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
					continue;
				}
				say(notYet ? m.library_editor_not_saved() : (body.message ?? m.library_editor_failed()));
				return;
			}
		} catch {
			say(m.library_editor_failed());
		} finally {
			busy = false;
			button.removeAttribute('aria-disabled');
			button.textContent = m.library_editor_propose();
			if (!destroyed) refresh();
		}
	}

	button.addEventListener('click', () => void propose());
	const stop = library.listen(refresh);
	shownFor = options.blockId();
	refresh();

	return {
		update() {
			const blockId = options.blockId();
			if (blockId === shownFor) return;
			shownFor = blockId;
			refresh();
		},
		destroy() {
			destroyed = true;
			stop();
		}
	};
}
