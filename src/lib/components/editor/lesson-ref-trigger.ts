import { Extension, InputRule } from '@tiptap/core';
import { bodyEditable } from '$lib/editor/read-only-body';

export interface LessonRefTriggerOptions {
	/** Opens the lesson search; `typed` is where the "[[" is, replaced by the chosen lesson. */
	open: (typed: { from: number; to: number }) => void;
}

/**
 * Typing `[[` opens the lesson search, as "/" → "Sisipkan pelajaran" does. The brackets stay
 * typed until a lesson is chosen (then the reference takes their place), so a writer who wanted
 * two brackets keeps them with Escape.
 */
export const LessonRefTrigger = Extension.create<LessonRefTriggerOptions>({
	name: 'lessonRefTrigger',

	addOptions() {
		return { open: () => {} };
	},

	addInputRules() {
		const { open } = this.options;
		return [
			new InputRule({
				find: /\[\[$/,
				handler: ({ range }) => {
					if (!bodyEditable(this.editor)) return null;
					const from = range.from;
					// After the second "[" is in the document (null: the rule changes nothing itself).
					setTimeout(() => open({ from, to: from + 2 }));
					return null;
				}
			})
		];
	}
});
