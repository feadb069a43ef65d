import { z } from 'zod';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, DOCUMENT_VISIBILITIES } from './roles';

/** Document form and list-filter rules, shared by the pages and their actions. */
export const DOCUMENT_TITLE_MAX = 200;
/** Longest title search kept from a URL (a search is a substring, not a document). */
export const DOCUMENT_QUERY_MAX = 100;

const title = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(DOCUMENT_TITLE_MAX, { error: 'too_long' });

export const newDocumentSchema = z.object({
	type: z.enum(DOCUMENT_TYPES, { error: 'required' }),
	title
});

export const renameDocumentSchema = z.object({ title });
export const documentStatusSchema = z.object({ status: z.enum(DOCUMENT_STATUSES) });
export const documentVisibilitySchema = z.object({ visibility: z.enum(DOCUMENT_VISIBILITIES) });

/** Columns the team page's document list sorts by (`?sort=`). */
export const DOCUMENT_SORTS = ['title', 'type', 'status', 'updated', 'author', 'editor'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The direction a column starts in: newest change first, everything else A→Z. */
export function defaultDirection(sort: DocumentSort): SortDirection {
	return sort === 'updated' ? 'desc' : 'asc';
}

export interface DocumentListQuery {
	type?: (typeof DOCUMENT_TYPES)[number];
	status?: (typeof DOCUMENT_STATUSES)[number];
	q: string;
	archived: boolean;
	sort: DocumentSort;
	dir: SortDirection;
}

/**
 * The team page's list filter and order from its URL (`?type=…&status=…&q=…&archived=1&sort=…&dir=…`),
 * so a filtered, sorted list is a link. Unknown values are ignored rather than rejected: an old
 * link still opens.
 */
export function parseDocumentListQuery(params: URLSearchParams): DocumentListQuery {
	const type = DOCUMENT_TYPES.find((t) => t === params.get('type'));
	const status = DOCUMENT_STATUSES.find((s) => s === params.get('status'));
	const sort = DOCUMENT_SORTS.find((s) => s === params.get('sort')) ?? 'updated';
	const dir = params.get('dir');
	return {
		type,
		status,
		q: (params.get('q') ?? '').trim().slice(0, DOCUMENT_QUERY_MAX),
		archived: params.get('archived') === '1',
		sort,
		dir: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sort)
	};
}
