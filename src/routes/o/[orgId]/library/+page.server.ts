import { asc, eq } from 'drizzle-orm';
import type { PageServerLoad } from './$types';
import { authorize, requireOrg, requireUser } from '$lib/server/authz';
import { tags } from '$lib/server/db/schema';
import { listTeams } from '$lib/server/repositories/teams';
import { libraryViewer, searchLibrary, SEARCHABLE_STATUSES, LIBRARY_PAGE_MAX } from '$lib/server/repositories/library-search';
import { isFiltered, parseSearchParams, periodStart } from '$lib/components/library/search-url';
import { libraryHealth } from '$lib/server/repositories/lesson-feedback';

export interface TagOption {
	id: string;
	/** The tag with its ancestors ("Pelayanan › Administrasi kependudukan"). */
	label: string;
}

/** The organisation's tags in tree order, each named with its path. */
function tagOptions(rows: { id: string; name: string; parentId: string | null }[]): TagOption[] {
	const byParent = new Map<string | null, typeof rows>();
	const ids = new Set(rows.map((r) => r.id));
	for (const row of rows) {
		const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
		byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
	}
	const out: TagOption[] = [];
	const walk = (parent: string | null, path: string[], depth: number) => {
		// The database refuses cycles through the parent check only one step deep: bound the walk.
		if (depth > 20) return;
		for (const row of byParent.get(parent) ?? []) {
			const label = [...path, row.name];
			out.push({ id: row.id, label: label.join(' › ') });
			walk(row.id, label, depth + 1);
		}
	};
	walk(null, [], 0);
	return out;
}

// `satisfies`, not a type annotation: the integration test reads the data's own type.
export const load = (async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	authorize(membership, 'view', { kind: 'library', orgId: org.id });
	const viewer = libraryViewer(membership, org.id);
	const search = parseSearchParams(url.searchParams);

	// The repository cleans the query and bounds every filter: whatever the URL holds, at worst
	// nothing is found.
	const result = await searchLibrary(db, viewer, {
		query: search.q,
		tagIds: search.tag ? [search.tag] : [],
		teamIds: search.team ? [search.team] : [],
		documentTypes: search.type ? [search.type] : [],
		statuses: search.status === 'all' ? SEARCHABLE_STATUSES : [search.status],
		from: periodStart(search.period, new Date()),
		sort: search.sort,
		page: search.page
	});

	// Nothing found: an empty library and a search that missed call for different words.
	let libraryEmpty = false;
	if (result.total === 0) {
		const any = await searchLibrary(db, viewer, { statuses: SEARCHABLE_STATUSES, pageSize: 1 });
		libraryEmpty = any.total === 0;
	}

	const [teamRows, tagRows, health] = await Promise.all([
		listTeams(db, org.id, user.id),
		db.select({ id: tags.id, name: tags.name, parentId: tags.parentId }).from(tags).where(eq(tags.orgId, org.id)).orderBy(asc(tags.name)),
		// Keep it true: how many published lessons are verified and current.
		libraryHealth(db, org.id)
	]);

	const pages = Math.min(LIBRARY_PAGE_MAX, Math.max(1, Math.ceil(result.total / result.pageSize)));
	return {
		search: { ...search, page: result.page },
		/** The query as searched (cleaned), or null when it held nothing searchable. */
		searched: result.query,
		fuzzy: result.fuzzy,
		total: result.total,
		totalCapped: result.totalCapped,
		pages,
		pageSize: result.pageSize,
		hits: result.hits.map((h) => ({
			id: h.id,
			status: h.status,
			titleSegments: h.titleSegments,
			excerptSegments: h.excerptSegments,
			teamName: h.teamName,
			documentType: h.documentType,
			reuseCount: h.reuseCount,
			date: h.publishedAt ?? h.createdAt,
			published: h.publishedAt !== null
		})),
		filtered: isFiltered(search),
		libraryEmpty,
		health,
		teams: teamRows.map((t) => ({ id: t.id, name: t.name })),
		tags: tagOptions(tagRows)
	};
}) satisfies PageServerLoad;
