import { and, isNull, eq, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { lessonReuses } from '../db/schema';
import type { ProjectedLessonRef } from '../../projection/walk';

/** How many `merged_into` hops are followed (a survivor may itself be merged later). */
const MERGE_HOPS = 8;

interface ChainRow extends Record<string, unknown> {
	/** The id the ref names. */
	start_id: string;
	/** The lesson at the end of its merge chain. */
	id: string;
	published_at: unknown;
	origin_document_id: string;
}

interface ResolvedRef {
	blockId: string;
	lessonId: string;
}

/**
 * Which refs are reuses, and of which lesson. A document's editors can write any id into a
 * `lessonRef`, so each is resolved against the document's organisation only: a merged lesson
 * becomes its survivor, and only a lesson that was published (`published_at` set) counts. A ref
 * to another organisation's lesson, a draft or proposal, or an id that names no lesson is left
 * out without an error — and without telling the writer anything about what that id names.
 * A ref inside the (survivor) lesson's own source document is the lesson quoting itself, not a
 * reuse (ARCHITECTURE: a reuse is a lessonRef outside its source), and is left out too.
 */
async function resolveRefs(tx: Executor, orgId: string, documentId: string, refs: readonly ProjectedLessonRef[]): Promise<ResolvedRef[]> {
	const wanted = [...new Set(refs.map((r) => r.lessonId))];
	if (wanted.length === 0) return [];
	const result = await tx.execute<ChainRow>(sql`
		with recursive chain (start_id, id, merged_into, published_at, origin_document_id, hops) as (
			select l.id, l.id, l.merged_into, l.published_at, l.origin_document_id, 0
			from lessons l
			where l.org_id = ${orgId} and l.id in (${sql.join(
				wanted.map((id) => sql`${id}::uuid`),
				sql`, `
			)})
			union all
			select c.start_id, l.id, l.merged_into, l.published_at, l.origin_document_id, c.hops + 1
			from chain c join lessons l on l.org_id = ${orgId} and l.id = c.merged_into
			where c.hops < ${MERGE_HOPS}
		)
		select start_id, id, published_at, origin_document_id from chain where merged_into is null`);
	// postgres-js answers with the rows, PGlite with { rows }.
	const rows = Array.isArray(result) ? (result as ChainRow[]) : (result as unknown as { rows: ChainRow[] }).rows;
	const survivor = new Map<string, string>();
	for (const row of rows) {
		if (row.published_at === null || row.origin_document_id === documentId) continue;
		survivor.set(row.start_id, row.id);
	}
	return refs.flatMap((r) => {
		const lessonId = survivor.get(r.lessonId);
		return lessonId ? [{ blockId: r.blockId, lessonId }] : [];
	});
}

/**
 * `lesson_reuses` rows of one document, in the projection's transaction (the caller read the
 * document row `for share`, and passes its organisation and team): one row per ref that resolves
 * (`resolveRefs`), upserted by (document, the ref node's id) — written only when its lesson
 * changed or it comes back — and the document's other live rows marked removed. The triggers of
 * migration 0006 keep `lessons.reuse_count`.
 */
export async function writeReuseRows(
	tx: Executor,
	documentId: string,
	doc: { orgId: string; teamId: string },
	refs: readonly ProjectedLessonRef[],
	now: Date
): Promise<void> {
	const resolved = await resolveRefs(tx, doc.orgId, documentId, refs);
	if (resolved.length > 0) {
		await tx
			.insert(lessonReuses)
			.values(
				resolved.map((r) => ({
					id: crypto.randomUUID(),
					orgId: doc.orgId,
					lessonId: r.lessonId,
					documentId,
					originDocumentId: documentId,
					originTeamId: doc.teamId,
					blockId: r.blockId,
					createdAt: now,
					updatedAt: now
				}))
			)
			.onConflictDoUpdate({
				target: [lessonReuses.originDocumentId, lessonReuses.blockId],
				set: {
					lessonId: sql`excluded.lesson_id`,
					removedAt: null,
					updatedAt: sql`excluded.updated_at`
				},
				// An unchanged ref is not rewritten (no dead tuple, no trigger work per projection).
				setWhere: sql`${lessonReuses.lessonId} is distinct from excluded.lesson_id or ${lessonReuses.removedAt} is not null`
			});
	}
	const kept = resolved.map((r) => r.blockId);
	await tx
		.update(lessonReuses)
		.set({ removedAt: now, updatedAt: now })
		.where(
			and(
				eq(lessonReuses.originDocumentId, documentId),
				isNull(lessonReuses.removedAt),
				kept.length > 0 ? notInArray(lessonReuses.blockId, kept) : undefined
			)
		);
}
