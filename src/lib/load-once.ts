/**
 * A module (or anything fetched) asked for once and shared by every caller; a failed fetch
 * (offline before it was ever fetched, a new deployment) is forgotten, so the next call tries
 * again instead of failing for the rest of the page's life.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
	let pending: Promise<T> | null = null;
	return () =>
		(pending ??= load().catch((error: unknown) => {
			pending = null;
			throw error;
		}));
}
