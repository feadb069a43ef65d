import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Membership } from '../../access';
import { DOCUMENT_TYPES, type DocumentType } from '../../roles';
import { isUuid } from '../../ids';
import type { LessonStatus } from '../../lessons/lifecycle';
import { isSafeTsWord, normaliseQuery, type LibraryQuery } from '../../lessons/search-query';
import { relatedTerms } from '../../lessons/related-terms';

/**
 * The lesson library's search (issue 14). The ranking is SQL's: `lessons.search_vector` holds
 * the `indonesian` (stemmed) title A, summary B and body C and the `simple` (as written) title
 * and summary D, kept by a trigger (migration 0006); a query is
 * `websearch_to_tsquery('indonesian', q) || websearch_to_tsquery('simple', q)` — stemmed words
 * ("pelayanan" finds "layanan" and "melayani": all stem to "layan") or names and codes as
 * written — ranked by `ts_rank_cd`. When that finds little, the typo fallback looks each word
 * up in the organisation's lexicon (`lesson_terms`, pg_trgm `%` and `similarity`) and searches
 * again with the words it found ORed in ("pelyanan" → "pelayanan").
 *
 * Visibility is the SQL twin of `can(…, 'view', lesson)` (src/lib/access.ts): published (now or
 * once) for everyone in the organisation; before that, curators, the lesson's team, readers of
 * an organisation-wide source document and holders of a share. Merged lessons are never listed
 * (they redirect), nor drafts whose block was deleted. Every query is bound to one organisation.
 *
 * Highlights come back as segments (text + matched flag): `ts_headline` marks matches with two
 * private-use characters (stripped from the text first), split here; nothing is HTML.
 */

export const LIBRARY_SORTS = ['relevance', 'newest', 'most_reused'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/** Statuses a search may ask for (merged lessons only redirect). */
export const SEARCHABLE_STATUSES = ['draft', 'proposed', 'published', 'retired'] as const satisfies readonly LessonStatus[];

export const LIBRARY_PAGE_SIZE = 20;
export const LIBRARY_PAGE_SIZE_MAX = 50;
/** Past this page nobody reads; it also bounds OFFSET. */
export const LIBRARY_PAGE_MAX = 100;
/** Fewer full-text hits than this, and the typo fallback is tried. */
const FUZZY_BELOW = 3;
/** Lexicon words taken per query word, and how alike they must be (pg_trgm similarity). */
const FUZZY_TERMS_PER_WORD = 3;
const FUZZY_MIN_SIMILARITY = 0.4;
/** Words shorter than this are not corrected (too many short words look alike). */
const FUZZY_MIN_WORD = 4;

/** Weights of D, C, B, A (ts_rank's order): simple names/codes, body, summary, title. */
const RANK_WEIGHTS = '{0.1, 0.3, 0.6, 1.0}';

const MARK_START = '\uE000';
const MARK_END = '\uE001';
const MARKERS = MARK_START + MARK_END;
const TITLE_HEADLINE = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const EXCERPT_HEADLINE = `MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … ", StartSel=${MARK_START}, StopSel=${MARK_END}`;
/** Characters of excerpt shown when there is nothing to highlight (browsing). */
const EXCERPT_CHARS = 240;

/** Who is searching, as the library's visibility needs it. */
export interface LibraryViewer {
	orgId: string;
	userId: string;
	/** Knowledge managers and admins: every lesson of the organisation. */
	curator: boolean;
	/** The teams the user belongs to (any role). */
	teamIds: readonly string[];
}

export function libraryViewer(membership: Membership, orgId: string): LibraryViewer {
	return {
		orgId,
		userId: membership.userId,
		curator: membership.orgRole === 'admin' || membership.orgRole === 'knowledge_manager',
		teamIds: Object.keys(membership.teamRoles)
	};
}

export interface LibraryFilters {
	/** Any of these tags, or a tag below one of them. */
	tagIds?: readonly string[];
	/** Lessons written in these teams. */
	teamIds?: readonly string[];
	/** Lessons from documents of these types. */
	documentTypes?: readonly DocumentType[];
	/** Default: published only. */
	statuses?: readonly LessonStatus[];
	/** Period, on the publication date (or, unpublished, when the lesson was written). */
	from?: Date | null;
	to?: Date | null;
}

export interface LibrarySearchInput extends LibraryFilters {
	/** What the user typed, any shape (normalised here). */
	query?: unknown;
	sort?: LibrarySort;
	/** 1-based. */
	page?: number;
	pageSize?: number;
}

/** A piece of highlighted text: render `text`, emphasised when `match`. Never HTML. */
export interface Segment {
	text: string;
	match: boolean;
}

export interface LibraryHit {
	id: string;
	status: LessonStatus;
	title: string;
	titleSegments: Segment[];
	excerptSegments: Segment[];
	originTeamId: string;
	teamName: string | null;
	/** The live source document (null once deleted permanently). */
	sourceDocumentId: string | null;
	documentTitle: string | null;
	documentType: DocumentType | null;
	reuseCount: number;
	publishedAt: Date | null;
	createdAt: Date;
	rank: number;
}

export interface LibrarySearchResult {
	/** The query as searched (normalised), or null when browsing. */
	query: string | null;
	/** True when the typo fallback gave these results. */
	fuzzy: boolean;
	/** Matches, counted up to COUNT_CAP. */
	total: number;
	/** More than COUNT_CAP matched: say "200+" and suggest narrowing the search. */
	totalCapped: boolean;
	page: number;
	pageSize: number;
	hits: LibraryHit[];
}

type Match =
	| { kind: 'none' }
	| { kind: 'websearch'; text: string }
	/** A tsquery built here from safe words only (`isSafeTsWord`). */
	| { kind: 'tsquery'; text: string };

export async function searchLibrary(db: Executor, viewer: LibraryViewer, input: LibrarySearchInput): Promise<LibrarySearchResult> {
	const pageSize = clampInt(input.pageSize, 1, LIBRARY_PAGE_SIZE_MAX, LIBRARY_PAGE_SIZE);
	const page = clampInt(input.page, 1, LIBRARY_PAGE_MAX, 1);
	const query = normaliseQuery(input.query);
	const filters = cleanFilters(input);
	filters.tagIds = await expandTags(db, viewer.orgId, filters.tagIds);
	if (!query) {
		// Browsing: relevance means nothing without a query.
		const sort = input.sort === 'most_reused' ? 'most_reused' : 'newest';
		const result = await runSearch(db, viewer, { kind: 'none' }, filters, sort, page, pageSize);
		return { query: null, fuzzy: false, page, pageSize, ...result };
	}
	const sort = input.sort ?? 'relevance';
	const match: Match = { kind: 'websearch', text: query.text };
	// Phrases and several words are where the planner's estimate fails (see WALK_WINDOW): look at
	// the newest lessons first and, when they hold enough matches, walk.
	const exact = await runSearch(db, viewer, match, filters, sort, page, pageSize, mayWalk(query));
	if (exact.total >= FUZZY_BELOW) return { query: query.text, fuzzy: false, page, pageSize, ...exact };
	const corrected = await typoQuery(db, viewer.orgId, query);
	if (corrected) {
		const fuzzy = await runSearch(db, viewer, { kind: 'tsquery', text: corrected }, filters, sort, page, pageSize);
		if (fuzzy.total > exact.total) return { query: query.text, fuzzy: true, page, pageSize, ...fuzzy };
	}
	return { query: query.text, fuzzy: false, page, pageSize, ...exact };
}

export interface RelatedInput {
	/** The text around the cursor (a section or paragraph). */
	text: string;
	/** The document's title and type. */
	title: string;
	type: DocumentType;
	/** The document being written: its own lessons are not suggested to it. */
	documentId?: string | null;
	limit?: number;
}

export interface RelatedLesson {
	id: string;
	title: string;
	excerptSegments: Segment[];
	teamName: string | null;
	reuseCount: number;
	rank: number;
}

/**
 * Published lessons relevant to what is being written: the key terms of the text and title
 * (`relatedTerms`) ORed, ranked by `ts_rank` (which rewards lessons matching more of them, in
 * their titles most). Published only: a suggestion is for reuse, and only published lessons
 * are the organisation's to reuse.
 */
export async function relatedLessons(db: Executor, orgId: string, input: RelatedInput): Promise<RelatedLesson[]> {
	const terms = relatedTerms({ text: input.text, title: input.title, type: input.type });
	if (terms.length === 0) return [];
	const limit = clampInt(input.limit, 1, 20, 5);
	const safe = terms.filter(isSafeTsWord);
	const any = safe.join(' | ');
	// The lessons sharing the three most telling terms, wherever they are in the library.
	const core = safe.slice(0, 3).join(' & ');
	const exclude = input.documentId && isUuid(input.documentId) ? sql`and l.source_document_id is distinct from ${input.documentId}` : sql``;
	const q = sql`to_tsquery('indonesian'::regconfig, ${any})`;
	const from = sql`from lessons l where l.org_id = ${orgId} and l.status = 'published' ${exclude}`;
	const rows = await rowsOf<{
		id: string;
		title: string;
		excerpt: string;
		team_name: string | null;
		reuse_count: number;
		rank: number;
	}>(
		db,
		sql`
		with hits as (
			-- An OR of ten terms matches most of a large library: rank the newest and the most
			-- reused matches and those sharing the core terms (see RANK_CANDIDATES), not all.
			select l.id, ts_rank(${RANK_WEIGHTS}::float4[], l.search_vector, ${q}, 1)::float8 as rank
			from (
				(select l.id ${from} and l.search_vector @@ ${q} order by l.published_at desc, l.id limit ${RANK_CANDIDATES})
				union
				(select l.id ${from} and l.search_vector @@ ${q} order by l.reuse_count desc, l.id limit ${RANK_CANDIDATES})
				union
				(select l.id ${from} and l.search_vector @@ to_tsquery('indonesian'::regconfig, ${core}) limit ${RANK_CANDIDATES})
			) c
			join lessons l on l.id = c.id
			order by rank desc, l.id
			limit ${limit}
		)
		select l.id, coalesce(l.library_title, l.title) as title,
			ts_headline('indonesian'::regconfig, translate(coalesce(l.library_summary, l.body), ${MARKERS}, ''), ${q}, ${EXCERPT_HEADLINE}) as excerpt,
			t.name as team_name, l.reuse_count, h.rank
		from hits h join lessons l on l.id = h.id left join teams t on t.id = l.origin_team_id
		order by h.rank desc, l.id`
	);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		excerptSegments: segments(r.excerpt),
		teamName: r.team_name,
		reuseCount: Number(r.reuse_count),
		rank: Number(r.rank)
	}));
}

/**
 * The typo fallback's query: each word ORed with the lexicon's words most like it (when the
 * word itself is not in the lexicon), the groups ANDed. Null when nothing would change.
 */
async function typoQuery(db: Executor, orgId: string, query: LibraryQuery): Promise<string | null> {
	const words = query.words.filter(isSafeTsWord);
	const candidates = words.filter((w) => w.length >= FUZZY_MIN_WORD);
	if (candidates.length === 0) return null;
	const rows = await rowsOf<{ word: string; term: string; similarity: number }>(
		db,
		sql`
		select w.word, t.term, t.similarity
		from (values ${sql.join(
			candidates.map((w) => sql`(${w}::text)`),
			sql`, `
		)}) as w(word)
		cross join lateral (
			select term, similarity(term, w.word)::float8 as similarity
			from lesson_terms
			where org_id = ${orgId} and term % w.word
			order by similarity desc, term
			limit ${FUZZY_TERMS_PER_WORD}
		) t`
	);
	let changed = false;
	const groups = words.map((word) => {
		const found = rows.filter((r) => r.word === word);
		if (found.some((r) => r.term === word)) return [word];
		const alike = found.filter((r) => Number(r.similarity) >= FUZZY_MIN_SIMILARITY && isSafeTsWord(r.term)).map((r) => r.term);
		if (alike.length > 0) changed = true;
		return [word, ...alike];
	});
	if (!changed) return null;
	return groups.map((g) => `(${g.join(' | ')})`).join(' & ');
}

interface CleanFilters {
	tagIds: string[];
	teamIds: string[];
	documentTypes: DocumentType[];
	statuses: LessonStatus[];
	from: Date | null;
	to: Date | null;
}

function cleanFilters(input: LibraryFilters): CleanFilters {
	const uuids = (ids: readonly string[] | undefined) => [...new Set((ids ?? []).filter((id) => typeof id === 'string' && isUuid(id)))].slice(0, 50);
	const statuses = (input.statuses ?? []).filter((s): s is (typeof SEARCHABLE_STATUSES)[number] =>
		(SEARCHABLE_STATUSES as readonly string[]).includes(s)
	);
	const validDate = (d: Date | null | undefined) => (d instanceof Date && !Number.isNaN(d.getTime()) ? d : null);
	return {
		tagIds: uuids(input.tagIds),
		teamIds: uuids(input.teamIds),
		documentTypes: (input.documentTypes ?? []).filter((t) => (DOCUMENT_TYPES as readonly string[]).includes(t)),
		statuses: statuses.length > 0 ? [...new Set(statuses)] : ['published'],
		from: validDate(input.from),
		to: validDate(input.to)
	};
}

const list = (values: readonly string[]) =>
	sql.join(
		values.map((v) => sql`${v}`),
		sql`, `
	);

/** The SQL twin of can(…, 'view', lesson) for the viewer, plus "listed in the library at all". */
function visibleTo(viewer: LibraryViewer): SQL {
	const teams = viewer.teamIds.filter(isUuid);
	return sql`l.org_id = ${viewer.orgId}
		and l.status <> 'merged'
		and (l.removed_at is null or l.published_at is not null)
		and (
			l.status = 'published' or l.published_at is not null or ${viewer.curator}::boolean
			${teams.length > 0 ? sql`or l.origin_team_id in (${list(teams)})` : sql``}
			or d.visibility = 'organisation'
			or exists (select 1 from document_shares s where s.document_id = l.source_document_id and s.user_id = ${viewer.userId})
		)`;
}

/**
 * A tag and everything below it ("Pelayanan" finds "Pelayanan > Administrasi kependudukan"),
 * of this organisation only. Read first, in its own small query: spelled out as ids, the filter
 * lets the planner estimate from `lesson_tags` statistics how selective it is.
 */
async function expandTags(db: Executor, orgId: string, tagIds: string[]): Promise<string[]> {
	if (tagIds.length === 0) return [];
	const rows = await rowsOf<{ id: string }>(
		db,
		sql`with recursive tree as (
				select id from tags where org_id = ${orgId} and id in (${list(tagIds)})
				union
				select c.id from tags c join tree on c.parent_id = tree.id where c.org_id = ${orgId}
			)
			select id from tree limit 500`
	);
	// None of them is the organisation's: a filter that matches nothing (not "no filter").
	return rows.length > 0 ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'];
}

function filtersSql(viewer: LibraryViewer, f: CleanFilters): SQL {
	const parts: SQL[] = [sql`l.status in (${list(f.statuses)})`];
	if (f.teamIds.length > 0) parts.push(sql`l.origin_team_id in (${list(f.teamIds)})`);
	if (f.documentTypes.length > 0) parts.push(sql`d.type in (${list(f.documentTypes)})`);
	if (f.from) parts.push(sql`coalesce(l.published_at, l.created_at) >= ${f.from.toISOString()}::timestamptz`);
	if (f.to) parts.push(sql`coalesce(l.published_at, l.created_at) < ${f.to.toISOString()}::timestamptz`);
	if (f.tagIds.length > 0) {
		// Already expanded to the tags below (expandTags), the organisation's only: a list of ids
		// the planner can estimate, probed in lesson_tags' primary key (lesson_id, tag_id) alone —
		// an index-only probe. Its org_id is the lesson's (the foreign key says so).
		parts.push(sql`exists (select 1 from lesson_tags lt where lt.lesson_id = l.id and lt.tag_id in (${list(f.tagIds)}))`);
	}
	return sql.join(parts, sql` and `);
}

/**
 * The date a lesson is listed under. Published only (the default): `published_at`, which the
 * (org_id, status, published_at) index returns in order, so "newest" walks the index and stops
 * after a page. With other statuses: when it was published, or else written.
 */
function dateOf(onlyPublished: boolean): SQL {
	return onlyPublished ? sql`l.published_at` : sql`coalesce(l.published_at, l.created_at)`;
}

function orderSql(sort: LibrarySort, ranked: boolean, onlyPublished: boolean): SQL {
	const date = dateOf(onlyPublished);
	switch (sort) {
		case 'most_reused':
			return ranked ? sql`l.reuse_count desc, rank desc, l.id` : sql`l.reuse_count desc, ${date} desc, l.id`;
		case 'newest':
			return sql`${date} desc, l.id`;
		case 'relevance':
			return ranked ? sql`rank desc, ${date} desc, l.id` : sql`${date} desc, l.id`;
	}
}

interface HitRow {
	id: string;
	status: LessonStatus;
	title: string;
	title_hl: string | null;
	excerpt_hl: string | null;
	excerpt: string;
	origin_team_id: string;
	team_name: string | null;
	source_document_id: string | null;
	document_title: string | null;
	document_type: DocumentType | null;
	reuse_count: number;
	published_at: Date | string | null;
	created_at: Date | string;
	rank: number;
	total: number;
	/** Relevance past COUNT_CAP matches: how many candidates were ranked (the pages there are). */
	ranked: number | null;
}

/**
 * Ranking reads every candidate's vector, so a word found in half the library (any search for
 * "pelayanan" in a public-service organisation) would rank tens of thousands of rows. Past
 * RANK_CANDIDATES matches, relevance ranks the RANK_CANDIDATES newest and the RANK_CANDIDATES
 * most reused matches (150 each) — each an ordered index walk that stops early — instead of all of them:
 * current and proven lessons first, which is what a writer looking for a lesson wants, and a
 * bounded cost. Below that, both walks return every match and the ranking is exact.
 */
export const RANK_CANDIDATES = 150;
/** Matches are counted up to here; the result says when there are more (`totalCapped`). */
export const COUNT_CAP = 200;

/**
 * PostgreSQL estimates how many lessons a phrase ("tanda tangan elektronik") or several ANDed
 * words ("pajak kendaraan pembayaran") match as if words were independent; they are not (a phrase's words come together), so it expects a few hundred where
 * there are thousands, takes a bitmap scan and sorts every match — rechecking the phrase on each
 * — three times (the count and both candidate walks): 100–170 ms on the bench's 100 000 lessons.
 * For those queries the newest WALK_WINDOW lessons (the filters applied, the text not) are read
 * in order first and the text checked on them, in the same statement (`win`): when COUNT_CAP + 1
 * of them match, the search is known to be "200+", its newest matches are those, and the most
 * reused are walked in reuse order the same way (a subquery with a LIMIT is a fence the planner
 * keeps: the text is checked after the other filters, never estimated). Otherwise the matches are
 * few enough for the planner's own plan, which the statement's other branches hold.
 */
const WALK_WINDOW = 4000;

/**
 * Tag filters alone are not walked: the window would probe lesson_tags for every row it reads,
 * where the planner's walk checks the text first and probes only the rows that match — measured
 * no faster, often slower.
 */
function mayWalk(query: LibraryQuery): boolean {
	return query.text.includes('"') || query.words.length >= 2;
}

function tsqueryOf(match: Match): SQL {
	return match.kind === 'websearch'
		? websearchQuery(match.text)
		: match.kind === 'tsquery'
			? sql`to_tsquery('indonesian'::regconfig, ${match.text})`
			: sql`null::tsquery`;
}

/** The lessons the filters keep, before the text: `from … where …` without the match. */
function baseFrom(viewer: LibraryViewer, filters: CleanFilters, onlyPublished: boolean): SQL {
	const where = sql.join([onlyPublished ? sql`l.org_id = ${viewer.orgId}` : visibleTo(viewer), filtersSql(viewer, filters)], sql` and `);
	return sql`from lessons l left join documents d on d.id = l.source_document_id where ${where}`;
}

async function runSearch(
	db: Executor,
	viewer: LibraryViewer,
	match: Match,
	filters: CleanFilters,
	sort: LibrarySort,
	page: number,
	pageSize: number,
	/** Look for more than COUNT_CAP matches among the newest WALK_WINDOW first, and walk if so. */
	tryWalk = false
): Promise<{ total: number; totalCapped: boolean; hits: LibraryHit[] }> {
	const ranked = match.kind !== 'none';
	const walk = tryWalk && ranked;
	const tsquery = tsqueryOf(match);
	const onlyPublished = filters.statuses.length === 1 && filters.statuses[0] === 'published';
	const order = orderSql(sort, ranked, onlyPublished);
	// The query is written out wherever it is used, not read from a CTE: a constant expression
	// the planner folds, so it estimates from the column's statistics how many lessons match
	// and walks an index for a common word instead of ranking thousands of rows.
	const q = tsquery;
	const rank = ranked ? sql`ts_rank_cd(${RANK_WEIGHTS}::float4[], l.search_vector, ${q}, 1)::float8` : sql`0::float8`;
	// Every published lesson is the organisation's: the visibility test is for the other statuses.
	const where = sql.join(
		[
			onlyPublished ? sql`l.org_id = ${viewer.orgId}` : visibleTo(viewer),
			filtersSql(viewer, filters),
			...(ranked ? [sql`l.search_vector @@ ${q}`] : [])
		],
		sql` and `
	);
	const from = sql`from lessons l left join documents d on d.id = l.source_document_id where ${where}`;
	const offset = (page - 1) * pageSize;
	// Each branch computes what the page needs, so the candidates are not joined back to lessons
	// (which the planner, expecting thousands, would do by scanning the table).
	const columns = sql`l.id, l.reuse_count, l.published_at, l.created_at, ${dateOf(onlyPublished)} as listed_at, ${rank} as rank`;
	const candidateOrder = sql`c.rank desc, c.listed_at desc, c.id`;
	// Few matches: rank them all. Many: rank the candidates. `matched` decides; each branch's
	// condition does not depend on the row, so PostgreSQL runs only the branch that holds.
	const byRelevance = ranked && sort === 'relevance';
	// The rank is computed above the LIMITs, so only on the rows each branch keeps (a walk the
	// planner turns into a bitmap scan and a sort would otherwise rank every match it sorts).
	const keys = sql`l.id, l.reuse_count, l.published_at, l.created_at, ${dateOf(onlyPublished)} as listed_at, l.search_vector`;
	// Walking (see WALK_WINDOW): the text is checked on the rows a window of the filtered lessons
	// yields in order, never estimated by the planner. `win` holds the newest COUNT_CAP + 1
	// matches of the window; `dense` says it is full. The planner's branches run only when not.
	const base = baseFrom(viewer, filters, onlyPublished);
	const windowOf = (orderBy: SQL) => sql`(select ${keys} ${base} order by ${orderBy} limit ${WALK_WINDOW}) w`;
	const walkSql = walk
		? sql`win as materialized (
				select w.* from ${windowOf(sql`${dateOf(onlyPublished)} desc, l.id`)}
				where w.search_vector @@ ${q} order by w.listed_at desc, w.id limit ${COUNT_CAP + 1}
			),
			dense as (select count(*) > ${COUNT_CAP} as yes from win),`
		: sql``;
	const notDense = walk ? sql`and not (select yes from dense)` : sql``;
	const matchedSql = walk
		? sql`matched as (select case when (select yes from dense) then ${COUNT_CAP + 1}
				else (select count(*)::int from (select 1 ${from} limit ${COUNT_CAP + 1}) c) end as n),`
		: sql`matched as (select count(*)::int as n from (select 1 ${from} limit ${COUNT_CAP + 1}) c),`;
	const walkedBranches = walk
		? sql`(select * from win where (select yes from dense) order by listed_at desc, id limit ${RANK_CANDIDATES})
				union all
				(select w.* from ${windowOf(sql`l.reuse_count desc, l.id`)}
					where (select yes from dense) and w.search_vector @@ ${q} order by w.reuse_count desc, w.id limit ${RANK_CANDIDATES})
				union all`
		: sql``;
	const candidates = sql`candidates as (
			select distinct on (c.id) c.id, c.reuse_count, c.published_at, c.created_at, c.listed_at,
				ts_rank_cd(${RANK_WEIGHTS}::float4[], c.search_vector, ${q}, 1)::float8 as rank
			from (
				${walkedBranches}
				(select ${keys} ${from} and (select n from matched) <= ${COUNT_CAP} ${notDense})
				union all
				(select ${keys} ${from} and (select n from matched) > ${COUNT_CAP} ${notDense} order by ${dateOf(onlyPublished)} desc, l.id limit ${RANK_CANDIDATES})
				union all
				(select ${keys} ${from} and (select n from matched) > ${COUNT_CAP} ${notDense} order by l.reuse_count desc, l.id limit ${RANK_CANDIDATES})
			) c
			order by c.id
		),`;
	const planned = sql`select ${columns}, null::int as ranked ${from}
				order by ${order} limit ${pageSize} offset ${offset}`;
	// Newest first from `win`: newest pages end at COUNT_CAP (the total is capped there).
	const walkedNewest = sql`(select w.id, w.reuse_count, w.published_at, w.created_at, w.listed_at,
				ts_rank_cd(${RANK_WEIGHTS}::float4[], w.search_vector, ${q}, 1)::float8 as rank, null::int as ranked
			from win w where (select yes from dense) order by w.listed_at desc, w.id limit ${pageSize} offset ${offset})
		union all
		(select ${columns}, null::int as ranked ${from} and not (select yes from dense)
			order by ${order} limit ${pageSize} offset ${offset})`;
	const hits = byRelevance
		? sql`select c.*, (select count(*) from candidates)::int as ranked from candidates c
				order by ${candidateOrder} limit ${pageSize} offset ${offset}`
		: walk && sort === 'newest'
			? walkedNewest
			: planned;
	const rows = await rowsOf<HitRow>(
		db,
		sql`
		with ${walkSql}
		${matchedSql}
		${byRelevance ? candidates : sql``}
		hits as (${hits})
		select l.id, l.status, coalesce(l.library_title, l.title) as title,
			${
				ranked
					? sql`ts_headline('indonesian'::regconfig, translate(coalesce(l.library_title, l.title), ${MARKERS}, ''), ${q}, ${TITLE_HEADLINE}) as title_hl,
				ts_headline('indonesian'::regconfig, translate(coalesce(l.library_summary, l.body), ${MARKERS}, ''), ${q}, ${EXCERPT_HEADLINE}) as excerpt_hl,`
					: sql`null as title_hl, null as excerpt_hl,`
			}
			left(coalesce(l.library_summary, l.body), ${EXCERPT_CHARS + 1}) as excerpt,
			l.origin_team_id, t.name as team_name, l.source_document_id, d.title as document_title, d.type as document_type,
			h.reuse_count, h.published_at, h.created_at, h.rank, matched.n as total,
			${byRelevance ? sql`(select count(*) from candidates)::int` : sql`null::int`} as ranked
		from matched
		left join (hits h
			join lessons l on l.id = h.id
			left join documents d on d.id = l.source_document_id
			left join teams t on t.id = l.origin_team_id) on true
		order by ${order}`
	);
	const found = rows.filter((r) => r.id !== null);
	const hitList = found.map(
		(r): LibraryHit => ({
			id: r.id,
			status: r.status,
			title: r.title,
			titleSegments: r.title_hl === null ? [{ text: r.title, match: false }] : segments(r.title_hl),
			excerptSegments: r.excerpt_hl === null ? [{ text: shorten(r.excerpt), match: false }] : segments(r.excerpt_hl),
			originTeamId: r.origin_team_id,
			teamName: r.team_name,
			sourceDocumentId: r.source_document_id,
			documentTitle: r.document_title,
			documentType: r.document_type,
			reuseCount: Number(r.reuse_count),
			publishedAt: r.published_at === null ? null : asDate(r.published_at),
			createdAt: asDate(r.created_at),
			rank: Number(r.rank)
		})
	);
	const counted = rows.length > 0 ? Number(rows[0].total) : 0;
	const capped = counted > COUNT_CAP;
	// Past the cap, relevance pages through the ranked candidates: that many, and no more.
	const rankedCount = rows.length > 0 && rows[0].ranked !== null ? Number(rows[0].ranked) : null;
	const total = capped && rankedCount !== null ? rankedCount : Math.min(counted, COUNT_CAP);
	return { total, totalCapped: capped, hits: hitList };
}

/**
 * The stemmed query, ORed with the same words as written (`simple`: an exact form — a name, a
 * code, "pelayan" rather than "pelayanan" — also matches the D-weighted words and ranks higher).
 * Not with a negation: `!a | !b` would let through what `-word` excludes in one configuration.
 */
function websearchQuery(text: string): SQL {
	const stemmed = sql`websearch_to_tsquery('indonesian'::regconfig, ${text})`;
	if (/(^|\s)-/.test(text)) return stemmed;
	return sql`(${stemmed} || websearch_to_tsquery('simple'::regconfig, ${text}))`;
}

/** Splits ts_headline's output at the markers into plain segments (adjacent kinds merged). */
export function segments(marked: string): Segment[] {
	const out: Segment[] = [];
	let match = false;
	let text = '';
	const flush = () => {
		if (text === '') return;
		const last = out.at(-1);
		if (last && last.match === match) last.text += text;
		else out.push({ text, match });
		text = '';
	};
	for (const ch of marked) {
		if (ch === MARK_START || ch === MARK_END) {
			flush();
			match = ch === MARK_START;
		} else text += ch;
	}
	flush();
	return out;
}

function shorten(text: string): string {
	if (text.length <= EXCERPT_CHARS) return text;
	const cut = text.slice(0, EXCERPT_CHARS);
	const space = cut.lastIndexOf(' ');
	return (space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut) + ' …';
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.trunc(value)));
}

function asDate(value: Date | string): Date {
	return value instanceof Date ? value : new Date(value);
}

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	// postgres.js returns the rows as an array, PGlite as `{ rows }`.
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}
