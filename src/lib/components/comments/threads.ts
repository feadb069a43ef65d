import type * as Y from 'yjs';
import type { CommentThread, readThreads } from '$lib/comments/model';
import { commentsOf } from '$lib/comments/root';
import { loadOnce } from '$lib/load-once';

const loadModel = loadOnce(() => import('$lib/comments/model'));

/**
 * The document's threads, kept current: `onchange` gets them now and after every change of the
 * comments map (local or remote). Small and free of UI, so the document page loads it with the
 * editor (the header's open-thread count) while the panel itself is fetched on first use. The
 * code that reads threads (the comments model) is fetched once the map holds an entry: most
 * documents have none when opened, and an empty map has no threads.
 */
export function watchThreads(ydoc: Y.Doc, onchange: (threads: CommentThread[]) => void): () => void {
	const comments = commentsOf(ydoc);
	let read: typeof readThreads | null = null;
	let stopped = false;
	const update = () => {
		if (read) onchange(read(comments));
		else if (comments.size === 0) onchange([]);
		else {
			void loadModel().then(
				(model) => {
					// Changes while it was on its way asked too: the first answer reads for all.
					if (read) return;
					read = model.readThreads;
					if (!stopped) update();
				},
				// A failed fetch is tried again on the next change.
				() => {}
			);
		}
	};
	comments.observe(update);
	update();
	return () => {
		stopped = true;
		comments.unobserve(update);
	};
}

export interface Person {
	id: string;
	name: string;
}

/**
 * The @mention being typed at the caret: the text after an `@` that starts the text or follows
 * a space or line break, up to the caret, without a line break. Names have spaces, so the query
 * may hold up to three words ("@Rina Kus"); null when the caret is not in a mention.
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
	const query = before.slice(at + 1);
	if (/[\n@]/.test(query) || query.split(' ').length > 3 || query.length > 60) return null;
	return { start: at, query };
}

/** People whose name has a word starting with each word of the query (any letter case), ten at most. */
export function matchPeople(people: readonly Person[], query: string, exclude?: string): Person[] {
	const words = query.toLocaleLowerCase('id').split(/\s+/).filter(Boolean);
	return people
		.filter((person) => person.id !== exclude)
		.filter((person) => {
			const nameWords = person.name.toLocaleLowerCase('id').split(/\s+/);
			return words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)));
		})
		.slice(0, 10);
}

/** The text with the mention at `start` (up to `caret`) replaced by `@Name `, and the new caret. */
export function insertMention(text: string, start: number, caret: number, person: Person): { text: string; caret: number } {
	const inserted = `@${person.name} `;
	return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/**
 * The ids of the chosen people whose `@Name` is still in the body (a mention deleted from the
 * text is no mention), in order, without repeats.
 */
export function mentionsIn(body: string, chosen: readonly Person[]): string[] {
	const ids: string[] = [];
	for (const person of chosen) if (body.includes(`@${person.name}`) && !ids.includes(person.id)) ids.push(person.id);
	return ids;
}
