import type { DOCUMENT_STATUSES, DOCUMENT_TYPES } from './roles';
import type { ReviewState } from './reviews';

/**
 * The team page's document list: its columns and order, free of zod so the page can import them.
 * `parseDocumentListQuery` (document-validation.ts) reads them from the URL.
 */

/** Columns the team page's document list sorts by (`?sort=`). */
export const DOCUMENT_SORTS = ['title', 'type', 'status', 'review', 'updated', 'author', 'editor'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The direction a column starts in: newest change first, everything else A→Z. */
export function defaultDirection(sort: DocumentSort): SortDirection {
	return sort === 'updated' ? 'desc' : 'asc';
}

export interface DocumentListQuery {
	type?: (typeof DOCUMENT_TYPES)[number];
	status?: (typeof DOCUMENT_STATUSES)[number];
	/** The review state (reviews.ts), computed in SQL like the other columns. */
	review?: ReviewState;
	q: string;
	archived: boolean;
	sort: DocumentSort;
	dir: SortDirection;
}
