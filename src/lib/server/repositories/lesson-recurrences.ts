import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import type { DocumentVisibility } from '../../roles';
import { isUuid, newId } from '../../ids';
import { relatedTerms } from '../../lessons/related-terms';
import { isSafeTsWord } from '../../lessons/search-query';
import { closestRecurrence } from '../../lessons/recurrence';
import { documents, lessonRecurrences, lessons, teams, type Document } from '../db/schema';

/**
 * "Lesson not learned" (issue 14): a failure analysis whose text closely matches a published
 * lesson of an earlier failure analysis of the same organisation (`closelyMatches`,
 * src/lib/lessons/recurrence.ts), and the writers' answer "Ya, terulang", one
 * `lesson_recurrences` row per lesson and document, which the lesson page counts.
 */

/** Lessons compared per request: those sharing most terms come first, the rest cannot win. */
const CANDIDATES = 5;
/** Matching lessons whose terms are counted, per walk (newest; sharing the core terms). */
const CANDIDATE_WALK = 300;

export interface RecurrenceSuggestion {
	lessonId: string;
	title: string;
	teamName: string | null;
	/** The key terms the text and the lesson share, and how many the text had. */
	matched: number;
	terms: number;
	/** This document already said it happened again. */
	recorded: boolean;
}

type WritingDocument = Pick<Document, 'id' | 'orgId' | 'type' | 'title' | 'createdAt'>;

/**
 * The published lesson of an earlier failure analysis (created before this one, another document,
 * still there) that the text closely matches, or null. Only for failure analyses.
 */
export async function findRecurrence(db: Executor, document: WritingDocument, text: string): Promise<RecurrenceSuggestion | null> {
	if (document.type !== 'failure_analysis') return null;
	const terms = relatedTerms({ text, title: document.title, type: document.type }).filter(isSafeTsWord);
	if (terms.length === 0) return null;
	const values = sql.join(
		terms.map((term) => sql`(${term}::text)`),
		sql`, `
	);
	const any = terms.join(' | ');
	// The three most telling terms together: a close match (>= 60% of the terms) almost always has them.
	const core = terms.slice(0, 3).join(' & ');
	const from = sql`from lessons l join documents d on d.id = l.source_document_id
		where l.org_id = ${document.orgId}
			and l.status = 'published'
			and d.org_id = ${document.orgId}
			and d.type = 'failure_analysis'
			and d.id <> ${document.id}
			and d.created_at < ${document.createdAt.toISOString()}::timestamptz`;
	const rows = await rowsOf<{ id: string; title: string; team_name: string | null; matched: number; recorded: boolean }>(
		db,
		sql`
		with candidates as (
			-- An OR of ten words matches much of a large library, and counting terms reads every
			-- candidate: the newest matches and those sharing the core terms, bounded (as relatedLessons).
			(select l.id ${from} and l.search_vector @@ to_tsquery('indonesian'::regconfig, ${any}) order by l.published_at desc, l.id limit ${CANDIDATE_WALK})
			union
			(select l.id ${from} and l.search_vector @@ to_tsquery('indonesian'::regconfig, ${core}) order by l.published_at desc, l.id limit ${CANDIDATE_WALK})
		)
		select l.id, coalesce(l.library_title, l.title) as title, t.name as team_name,
			(select count(*) from (values ${values}) as w(term)
				where l.search_vector @@ to_tsquery('indonesian'::regconfig, w.term))::int as matched,
			exists (select 1 from lesson_recurrences r where r.lesson_id = l.id and r.document_id = ${document.id}) as recorded
		from candidates c
		join lessons l on l.id = c.id
		left join teams t on t.id = l.origin_team_id
		order by matched desc, l.published_at desc, l.id
		limit ${CANDIDATES}`
	);
	const best = closestRecurrence(
		terms.length,
		rows.map((r) => ({ ...r, matched: Number(r.matched) }))
	);
	if (!best) return null;
	return { lessonId: best.id, title: best.title, teamName: best.team_name, matched: best.matched, terms: terms.length, recorded: Boolean(best.recorded) };
}

export type RecordOutcome = 'recorded' | 'already' | 'not_found';

/**
 * "Ya, terulang": records that the failure in `document` repeats `lessonId`. The lesson must be a
 * lesson of the same organisation that is or was published and not from this very document, and
 * the document a failure analysis; anything else (another organisation's id included) is
 * `not_found`, alike. Once per lesson and document (the unique index decides under races).
 */
export async function recordRecurrence(
	db: Executor,
	document: Pick<Document, 'id' | 'orgId' | 'type'>,
	lessonId: string,
	userId: string
): Promise<RecordOutcome> {
	if (document.type !== 'failure_analysis' || !isUuid(lessonId)) return 'not_found';
	const [lesson] = await db
		.select({ id: lessons.id, publishedAt: lessons.publishedAt, sourceDocumentId: lessons.sourceDocumentId, status: lessons.status, mergedInto: lessons.mergedInto })
		.from(lessons)
		.where(and(eq(lessons.orgId, document.orgId), eq(lessons.id, lessonId)));
	if (!lesson || lesson.publishedAt === null || lesson.sourceDocumentId === document.id) return 'not_found';
	// A merged lesson's repeats belong to the survivor the library shows.
	const target = lesson.status === 'merged' && lesson.mergedInto ? lesson.mergedInto : lesson.id;
	const inserted = await db
		.insert(lessonRecurrences)
		.values({ id: newId(), orgId: document.orgId, lessonId: target, documentId: document.id, reportedBy: userId })
		.onConflictDoNothing({ target: [lessonRecurrences.lessonId, lessonRecurrences.documentId] })
		.returning({ id: lessonRecurrences.id });
	return inserted.length > 0 ? 'recorded' : 'already';
}

export interface RecurrenceRow {
	documentId: string;
	documentTitle: string;
	visibility: DocumentVisibility;
	teamId: string;
	teamName: string | null;
	createdAt: Date;
}

/** Every document recorded as repeating the lesson, newest first (the caller filters what the viewer may open). */
export async function listRecurrences(db: Executor, orgId: string, lessonId: string): Promise<RecurrenceRow[]> {
	if (!isUuid(orgId) || !isUuid(lessonId)) return [];
	return db
		.select({
			documentId: lessonRecurrences.documentId,
			documentTitle: documents.title,
			visibility: documents.visibility,
			teamId: documents.teamId,
			teamName: teams.name,
			createdAt: lessonRecurrences.createdAt
		})
		.from(lessonRecurrences)
		.innerJoin(documents, and(eq(documents.id, lessonRecurrences.documentId), eq(documents.orgId, orgId)))
		.leftJoin(teams, eq(teams.id, documents.teamId))
		.where(and(eq(lessonRecurrences.orgId, orgId), eq(lessonRecurrences.lessonId, lessonId)))
		.orderBy(desc(lessonRecurrences.createdAt), lessonRecurrences.documentId);
}

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	// postgres.js returns the rows as an array, PGlite as `{ rows }`.
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}
