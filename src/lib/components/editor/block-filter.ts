/** What the slash menu matches against: a label and keywords. */
export interface Matchable {
	label: () => string;
	/** Words the slash menu matches, in both languages. */
	keywords: readonly string[];
}

/** Slash-menu matching: every typed word must start a word of the label or a keyword. */
export function filterBlocks<T extends Matchable>(query: string, items: readonly T[]): T[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...items];
	return items.filter((item) => {
		const haystack = [...item.label().toLowerCase().split(/\s+/), ...item.keywords.map((k) => k.toLowerCase())];
		return words.every((w) => haystack.some((h) => h.startsWith(w)));
	});
}
