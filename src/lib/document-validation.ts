import { z } from 'zod';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, DOCUMENT_VISIBILITIES } from './roles';
import { REVIEW_STATES } from './reviews';
import { DOCUMENT_QUERY_MAX, DOCUMENT_TITLE_MAX } from './limits';
import { DOCUMENT_SORTS, defaultDirection, type DocumentListQuery } from './document-list-query';

/**
 * Document form rules, shared by the pages and their actions. The limits and the list's
 * sorting (zod-free, for the pages) are in `limits.ts` and `document-list-query.ts`.
 */
export { DOCUMENT_QUERY_MAX, DOCUMENT_TITLE_MAX };
export { DOCUMENT_SORTS, defaultDirection };
export type { DocumentListQuery, DocumentSort, SortDirection } from './document-list-query';

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

/**
 * The team page's list filter and order from its URL (`?type=…&status=…&q=…&archived=1&sort=…&dir=…`),
 * so a filtered, sorted list is a link. Unknown values are ignored rather than rejected: an old
 * link still opens.
 */
export function parseDocumentListQuery(params: URLSearchParams): DocumentListQuery {
	const type = DOCUMENT_TYPES.find((t) => t === params.get('type'));
	const status = DOCUMENT_STATUSES.find((s) => s === params.get('status'));
	const review = REVIEW_STATES.find((s) => s === params.get('review'));
	const sort = DOCUMENT_SORTS.find((s) => s === params.get('sort')) ?? 'updated';
	const dir = params.get('dir');
	return {
		type,
		status,
		review,
		q: (params.get('q') ?? '').trim().slice(0, DOCUMENT_QUERY_MAX),
		archived: params.get('archived') === '1',
		sort,
		dir: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sort)
	};
}
