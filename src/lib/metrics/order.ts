/*
 * Orders shared by the pure definitions and the SQL repository, applied in JavaScript by both so
 * that a collation can never make them disagree.
 */

/** Code-unit order: the same on every machine, unlike a locale's. */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Teams by name, then id. */
export function compareTeams(a: { teamName: string; teamId: string }, b: { teamName: string; teamId: string }): number {
	return compareText(a.teamName, b.teamName) || compareText(a.teamId, b.teamId);
}

/** Most reused first, then by lesson id. */
export function compareReused(a: { reuses: number; lessonId: string }, b: { reuses: number; lessonId: string }): number {
	return b.reuses - a.reuses || compareText(a.lessonId, b.lessonId);
}
