import { DOCUMENT_TYPES, type DocumentType } from '$lib/roles';
import { isUuid } from '$lib/ids';

/**
 * The library search page's URL (issue 14 "Find"): the query and every filter live in it, so a
 * search can be shared, bookmarked and run without JavaScript (a GET form). Read by the page's
 * load and written by its pagination links; anything unknown or malformed reads as "not set",
 * never as an error.
 */

export const SEARCH_SORTS = ['relevance', 'newest', 'most_reused'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** The status filter: one status, or every status the viewer may see. */
export const SEARCH_STATUSES = ['published', 'proposed', 'draft', 'retired', 'all'] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];

/** Periods counted back from today, on the publication date (or when written, unpublished). */
export const SEARCH_PERIODS = ['30d', '90d', '1y'] as const;
export type SearchPeriod = (typeof SEARCH_PERIODS)[number];
const PERIOD_DAYS: Record<SearchPeriod, number> = { '30d': 30, '90d': 90, '1y': 365 };

/** What is echoed back into the search field: enough for any real query, bounded for a hostile URL. */
const Q_ECHO_MAX = 1000;

export interface SearchParams {
	q: string;
	tag: string;
	team: string;
	type: DocumentType | '';
	status: SearchStatus;
	period: SearchPeriod | '';
	sort: SearchSort;
	page: number;
}

export const DEFAULT_SEARCH: SearchParams = { q: '', tag: '', team: '', type: '', status: 'published', period: '', sort: 'relevance', page: 1 };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
	return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseSearchParams(search: URLSearchParams): SearchParams {
	// NUL and other control characters cannot be typed, only forged: not echoed into the field.
	// eslint-disable-next-line no-control-regex
	const q = (search.get('q') ?? '').slice(0, Q_ECHO_MAX).replace(/[\u0000-\u001f\u007f]/g, ' ');
	const id = (name: string) => {
		const value = search.get(name) ?? '';
		return isUuid(value) ? value.toLowerCase() : '';
	};
	const page = Number.parseInt(search.get('page') ?? '', 10);
	return {
		q,
		tag: id('tag'),
		team: id('team'),
		type: oneOf(DOCUMENT_TYPES, search.get('type')) ?? '',
		status: oneOf(SEARCH_STATUSES, search.get('status')) ?? 'published',
		period: oneOf(SEARCH_PERIODS, search.get('period')) ?? '',
		sort: oneOf(SEARCH_SORTS, search.get('sort')) ?? 'relevance',
		page: Number.isFinite(page) && page > 1 ? page : 1
	};
}

/** The start of a period, counted back from `now`; null for "any time". */
export function periodStart(period: SearchPeriod | '', now: Date): Date | null {
	if (period === '') return null;
	return new Date(now.getTime() - PERIOD_DAYS[period] * 24 * 60 * 60 * 1000);
}

/** True when anything narrows the search beyond the defaults (the empty state's hint differs). */
export function isFiltered(p: SearchParams): boolean {
	return p.tag !== '' || p.team !== '' || p.type !== '' || p.status !== 'published' || p.period !== '';
}

/** The page's URL for these parameters, defaults left out so shared links stay short. */
export function searchHref(base: string, p: SearchParams): string {
	const out = new URLSearchParams();
	for (const key of ['q', 'tag', 'team', 'type', 'status', 'period', 'sort', 'page'] as const) {
		const value = p[key];
		if (value !== DEFAULT_SEARCH[key] && value !== '') out.set(key, String(value));
	}
	const query = out.toString();
	return query ? `${base}?${query}` : base;
}
