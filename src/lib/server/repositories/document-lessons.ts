import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { can, type Membership } from '../../access';
import type { LessonStatus } from '../../lessons/lifecycle';
import { isUuid } from '../../ids';
import { lessons, type Document } from '../db/schema';
import type { DocumentRole } from '../../roles';
import { CurationError, lessonResource, proposeLesson } from './curation';

/**
 * The lessons written in one document as its editor shows them (issue 14 "Propose"): each
 * `lesson` block's library status, found by (document, block id) — the projection's key — and
 * whether this user may propose it. A block the projection has not written yet has no row.
 */

export interface DocumentLessonState {
	/** The `lesson` block's id in the document. */
	blockId: string;
	/** The library lesson's id. */
	lessonId: string;
	status: LessonStatus;
	mayPropose: boolean;
}

type DocumentFacts = Pick<Document, 'id' | 'orgId' | 'visibility'>;

export async function documentLessonStates(
	db: Executor,
	membership: Membership,
	document: DocumentFacts,
	sharedRole: DocumentRole | null
): Promise<DocumentLessonState[]> {
	const rows = await db
		.select()
		.from(lessons)
		.where(and(eq(lessons.orgId, document.orgId), eq(lessons.sourceDocumentId, document.id), isNull(lessons.removedAt)));
	return rows
		.map((row) => {
			const resource = lessonResource(row, document.visibility, sharedRole);
			return { blockId: row.blockId, lessonId: row.id, status: row.status, mayPropose: can(membership, 'propose', resource) };
		})
		.sort((a, b) => a.blockId.localeCompare(b.blockId));
}

/**
 * Why a block cannot be proposed: the projection has not written it (or not its title) yet, or
 * it is no longer a draft (proposed meanwhile, published, …: its status says which).
 */
export type NotReady = 'not_projected' | 'untitled' | 'not_draft';

/**
 * Proposes the lesson of `blockId` in this document. The projection runs a few seconds after the
 * last edit, so a block just written may have no row yet, or its row no title yet: that is
 * `not_projected`/`untitled`, for the caller to ask again shortly, not an error. Everything else
 * is `proposeLesson`'s (the lifecycle, `can()`, the event), which throws CurationError.
 */
export async function proposeDocumentLesson(
	db: Executor,
	membership: Membership,
	document: DocumentFacts,
	blockId: string
): Promise<{ ok: true; lessonId: string; status: LessonStatus } | { ok: false; reason: NotReady; status?: LessonStatus }> {
	if (!isUuid(blockId)) throw new CurationError('not_found');
	const [row] = await db
		.select({ id: lessons.id, title: lessons.title, status: lessons.status })
		.from(lessons)
		.where(and(eq(lessons.orgId, document.orgId), eq(lessons.sourceDocumentId, document.id), eq(lessons.blockId, blockId)));
	// A block deleted and not yet projected away is still a row: the lifecycle refuses it (removed).
	if (!row) return { ok: false, reason: 'not_projected' };
	if (row.status !== 'draft') return { ok: false, reason: 'not_draft', status: row.status };
	if (row.title.trim() === '') return { ok: false, reason: 'untitled' };
	await proposeLesson(db, membership, document.orgId, row.id);
	const [after] = await db.select({ status: lessons.status }).from(lessons).where(eq(lessons.id, row.id));
	return { ok: true, lessonId: row.id, status: after?.status ?? 'proposed' };
}
