import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { can, type Membership } from '../../access';
import { documents, documentShares, lessonReuses, lessons } from '../db/schema';
import { isUuid } from '../../ids';
import { lessonResource } from './curation';

/** Ids one titles request may ask about (one document's chips, batched). */
export const LESSON_TITLES_MAX = 50;

/**
 * The library titles of the lessons a document's `lessonRef` chips point at, for one user: only
 * lessons of this organisation the user may view (`can(…, 'view', lesson)`). Every other id — of
 * another organisation, a lesson the user may not see, or none at all — is left out, so the
 * caller cannot tell those apart (nothing of another organisation leaks, not even existence).
 */
export async function lessonTitles(
	db: Executor,
	membership: Membership,
	orgId: string,
	ids: readonly string[]
): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter(isUuid))];
	const titles = new Map<string, string>();
	if (wanted.length === 0 || !isUuid(orgId)) return titles;
	const rows = await db
		.select({
			id: lessons.id,
			orgId: lessons.orgId,
			originTeamId: lessons.originTeamId,
			status: lessons.status,
			publishedAt: lessons.publishedAt,
			removedAt: lessons.removedAt,
			title: lessons.title,
			libraryTitle: lessons.libraryTitle,
			visibility: documents.visibility,
			sharedRole: documentShares.role
		})
		.from(lessons)
		.leftJoin(documents, eq(documents.id, lessons.sourceDocumentId))
		.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, membership.userId)))
		.where(and(eq(lessons.orgId, orgId), inArray(lessons.id, wanted)));
	for (const row of rows) {
		if (!can(membership, 'view', lessonResource(row, row.visibility ?? null, row.sharedRole ?? null))) continue;
		titles.set(row.id, row.libraryTitle ?? row.title);
	}
	return titles;
}

/**
 * "Updated since referenced" (issue 14): the `lessonRef` ids in `documentId` whose lesson's library
 * text (`library_updated_at`) changed after the reference became a reuse (`lesson_reuses.created_at`,
 * written by the projection a few seconds after the ref was inserted). Live refs of this
 * organisation, whatever lesson they now count for (a merge moves reuses to the survivor, whose
 * text is then the one shown); the caller has checked the user may view the document.
 */
export async function updatedReferences(db: Executor, orgId: string, documentId: string): Promise<string[]> {
	if (!isUuid(orgId) || !isUuid(documentId)) return [];
	const rows = await db
		.select({ blockId: lessonReuses.blockId })
		.from(lessonReuses)
		.innerJoin(lessons, and(eq(lessons.orgId, lessonReuses.orgId), eq(lessons.id, lessonReuses.lessonId)))
		.where(
			and(
				eq(lessonReuses.orgId, orgId),
				eq(lessonReuses.documentId, documentId),
				isNull(lessonReuses.removedAt),
				gt(lessons.libraryUpdatedAt, lessonReuses.createdAt)
			)
		);
	return rows.map((r) => r.blockId).sort();
}
