/**
 * The lesson page lists the documents that reuse a lesson, one line per document: a document that
 * cites the lesson in two places reuses it twice (the library counts `lessonRef` nodes, as
 * `lessons.reuse_count` and the search's "Dipakai ulang N×" do) but is one document. The line
 * carries how many times and when the document first reused it.
 */
export interface ReuseRow {
	documentId: string;
	createdAt: Date;
}

export interface ReuseGroup<R extends ReuseRow> {
	/** The document's earliest reuse (its title, team and date). */
	first: R;
	/** Live references in that document. */
	count: number;
}

/** Groups reuses by document, newest document first (by its latest reuse), stable for ties. */
export function groupReusesByDocument<R extends ReuseRow>(rows: readonly R[]): ReuseGroup<R>[] {
	const groups = new Map<string, { first: R; count: number; latest: number; order: number }>();
	rows.forEach((row, order) => {
		const at = new Date(row.createdAt).getTime();
		const group = groups.get(row.documentId);
		if (!group) {
			groups.set(row.documentId, { first: row, count: 1, latest: at, order });
			return;
		}
		group.count += 1;
		if (at < new Date(group.first.createdAt).getTime()) group.first = row;
		if (at > group.latest) group.latest = at;
	});
	return [...groups.values()]
		.sort((a, b) => b.latest - a.latest || a.order - b.order)
		.map(({ first, count }) => ({ first, count }));
}
