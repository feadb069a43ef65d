import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { can, type Membership } from '../../access';
import { documents, documentShares, lessons } from '../db/schema';
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
