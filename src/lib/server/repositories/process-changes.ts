import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Resource } from '../../access';
import type { DocumentRole } from '../../roles';
import { documents, documentShares, lessons, measurements, processChanges, teams, users, type ProcessChange } from '../db/schema';
import { isUuid } from '../../ids';
import type { MeasurementInput } from '../../impact/change-validation';

/**
 * A process change's follow-through (issue 15): the page's reads and writes. The projection owns
 * what the document says (indicator, baseline, target, lessons); these functions write only the
 * page's columns (owner, dates, outcome) and `measurements`, each in one statement or one
 * transaction that re-reads the row it decides on, so a refused step stores nothing.
 */

export type ProcessChangeResource = Extract<Resource, { kind: 'processChange' }>;

export interface LoadedChange {
	change: ProcessChange;
	resource: ProcessChangeResource;
	/** The live source document's title and team (null once the document was deleted). */
	document: { id: string; title: string; teamId: string } | null;
	/** The origin team's name (null once the team was deleted). */
	teamName: string | null;
}

/**
 * One process change of the organisation with what `can()` needs: its live document (visibility,
 * team, archived, this user's share). Null: no such change in this organisation.
 */
export async function loadChange(db: Executor, orgId: string, changeId: string, userId: string): Promise<LoadedChange | null> {
	if (!isUuid(orgId) || !isUuid(changeId)) return null;
	const [row] = await db
		.select({
			change: processChanges,
			documentTitle: documents.title,
			documentTeamId: documents.teamId,
			documentVisibility: documents.visibility,
			documentArchivedAt: documents.archivedAt,
			documentCreatedBy: documents.createdBy,
			sharedRole: documentShares.role,
			teamName: teams.name,
			teamArchivedAt: teams.archivedAt
		})
		.from(processChanges)
		.leftJoin(documents, and(eq(documents.id, processChanges.documentId), eq(documents.orgId, processChanges.orgId)))
		.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, userId)))
		.leftJoin(teams, eq(teams.id, sql`coalesce(${documents.teamId}, ${processChanges.originTeamId})`))
		.where(and(eq(processChanges.orgId, orgId), eq(processChanges.id, changeId)));
	if (!row) return null;
	const { change } = row;
	const hasDocument = change.documentId !== null && row.documentTeamId !== null && row.documentVisibility !== null;
	const resource: ProcessChangeResource = {
		kind: 'processChange',
		orgId: change.orgId,
		originTeamId: change.originTeamId,
		removed: change.removedAt !== null,
		document: hasDocument
			? {
					kind: 'document',
					orgId: change.orgId,
					teamId: row.documentTeamId!,
					visibility: row.documentVisibility!,
					sharedRole: (row.sharedRole ?? null) as DocumentRole | null,
					archived: row.documentArchivedAt !== null || row.teamArchivedAt !== null,
					createdBy: row.documentCreatedBy
				}
			: null
	};
	return {
		change,
		resource,
		document: hasDocument ? { id: change.documentId!, title: row.documentTitle ?? '', teamId: row.documentTeamId! } : null,
		teamName: row.teamName ?? null
	};
}

/** The change written as block `blockId` of `documentId` (the editor's link), if projected. */
export async function findChangeIdByBlock(db: Executor, orgId: string, documentId: string, blockId: string): Promise<string | null> {
	if (![orgId, documentId, blockId].every(isUuid)) return null;
	const [row] = await db
		.select({ id: processChanges.id })
		.from(processChanges)
		.where(and(eq(processChanges.orgId, orgId), eq(processChanges.originDocumentId, documentId), eq(processChanges.blockId, blockId)));
	return row?.id ?? null;
}

export interface LinkedLesson {
	/** The lesson row's id (the library page's). */
	id: string;
	/** For `can()` (lessonResource). */
	row: Pick<typeof lessons.$inferSelect, 'orgId' | 'originTeamId' | 'status' | 'publishedAt' | 'removedAt'>;
	title: string;
	sourceVisibility: (typeof documents.$inferSelect)['visibility'] | null;
	sharedRole: DocumentRole | null;
}

/**
 * The lessons a change names (`linked_lesson_ids`): each id is a lesson row of the organisation,
 * or a lesson block of the change's own document (the dialog links the document's lessons by
 * block id). In the order written; ids that name nothing are left out.
 */
export async function linkedLessons(db: Executor, change: Pick<ProcessChange, 'orgId' | 'originDocumentId' | 'linkedLessonIds'>, userId: string): Promise<LinkedLesson[]> {
	const ids = [...new Set(change.linkedLessonIds.filter(isUuid))];
	if (ids.length === 0) return [];
	const rows = await db
		.select({
			id: lessons.id,
			blockId: lessons.blockId,
			originDocumentId: lessons.originDocumentId,
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
		.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, userId)))
		.where(
			and(
				eq(lessons.orgId, change.orgId),
				or(inArray(lessons.id, ids), and(eq(lessons.originDocumentId, change.originDocumentId), inArray(lessons.blockId, ids)))
			)
		);
	const found: LinkedLesson[] = [];
	const seen = new Set<string>();
	for (const id of ids) {
		const row = rows.find((r) => r.id === id) ?? rows.find((r) => r.blockId === id && r.originDocumentId === change.originDocumentId);
		if (!row || seen.has(row.id)) continue;
		seen.add(row.id);
		found.push({
			id: row.id,
			row,
			title: row.libraryTitle ?? row.title,
			sourceVisibility: row.visibility ?? null,
			sharedRole: (row.sharedRole ?? null) as DocumentRole | null
		});
	}
	return found;
}

export interface MeasurementRow {
	id: string;
	value: number;
	measuredOn: string;
	note: string;
	source: string;
	recordedByName: string | null;
	createdAt: Date;
}

/** A change's live measurements, oldest first (the chart's order). */
export async function listMeasurements(db: Executor, orgId: string, changeId: string): Promise<MeasurementRow[]> {
	return db
		.select({
			id: measurements.id,
			value: measurements.value,
			measuredOn: measurements.measuredOn,
			note: measurements.note,
			source: measurements.source,
			recordedByName: users.name,
			createdAt: measurements.createdAt
		})
		.from(measurements)
		.leftJoin(users, eq(users.id, measurements.recordedBy))
		.where(and(eq(measurements.orgId, orgId), eq(measurements.processChangeId, changeId), isNull(measurements.removedAt)))
		.orderBy(asc(measurements.measuredOn), asc(measurements.createdAt));
}

/** The owner's name (null: none, or the account was deleted). */
export async function userName(db: Executor, userId: string | null): Promise<string | null> {
	if (!userId) return null;
	const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	return row?.name ?? null;
}

/** The page's own columns: owner, planned date, baseline date. */
export async function setFollowThrough(
	db: Executor,
	orgId: string,
	changeId: string,
	values: { ownerId: string | null; plannedOn: string | null; baselineOn: string | null }
): Promise<void> {
	await db
		.update(processChanges)
		.set(values)
		.where(and(eq(processChanges.orgId, orgId), eq(processChanges.id, changeId)));
}

/** Marks it implemented on a day (or moves that day), while it is not decided. False: it was decided meanwhile. */
export async function markImplemented(db: Executor, orgId: string, changeId: string, implementedOn: string): Promise<boolean> {
	const changed = await db
		.update(processChanges)
		.set({ implementedOn })
		.where(and(eq(processChanges.orgId, orgId), eq(processChanges.id, changeId), isNull(processChanges.outcome)))
		.returning({ id: processChanges.id });
	return changed.length > 0;
}

/**
 * Kept or dropped, only once measured: a live measurement on or after the implementation day,
 * checked in the same statement, so a measurement removed meanwhile refuses it. False: refused.
 */
export async function decideOutcome(
	db: Executor,
	orgId: string,
	changeId: string,
	decision: { outcome: 'kept' | 'dropped'; note: string; userId: string; at?: Date }
): Promise<boolean> {
	const changed = await db
		.update(processChanges)
		.set({ outcome: decision.outcome, outcomeNote: decision.note, outcomeBy: decision.userId, outcomeAt: decision.at ?? new Date() })
		.where(
			and(
				eq(processChanges.orgId, orgId),
				eq(processChanges.id, changeId),
				isNull(processChanges.outcome),
				sql`${processChanges.implementedOn} is not null`,
				sql`exists (select 1 from ${measurements} where ${measurements.orgId} = ${processChanges.orgId}
					and ${measurements.processChangeId} = ${processChanges.id} and ${measurements.removedAt} is null
					and ${measurements.measuredOn} >= ${processChanges.implementedOn})`
			)
		)
		.returning({ id: processChanges.id });
	return changed.length > 0;
}

/** Records a measurement (validated by the caller against the row it loaded). */
export async function recordMeasurement(db: Executor, orgId: string, changeId: string, input: MeasurementInput, userId: string): Promise<string> {
	const id = crypto.randomUUID();
	await db.insert(measurements).values({
		id,
		orgId,
		processChangeId: changeId,
		value: input.value,
		measuredOn: input.measuredOn,
		note: input.note,
		source: input.source,
		recordedBy: userId
	});
	return id;
}

/** Removes a live measurement of this change (history kept). False: no such live measurement. */
export async function removeMeasurement(db: Executor, orgId: string, changeId: string, measurementId: string, userId: string): Promise<boolean> {
	if (!isUuid(measurementId)) return false;
	const changed = await db
		.update(measurements)
		.set({ removedAt: new Date(), removedBy: userId })
		.where(
			and(
				eq(measurements.orgId, orgId),
				eq(measurements.processChangeId, changeId),
				eq(measurements.id, measurementId),
				isNull(measurements.removedAt)
			)
		)
		.returning({ id: measurements.id });
	return changed.length > 0;
}

export interface TeamChangeRow {
	id: string;
	indicator: string;
	unit: string;
	plannedOn: string | null;
	implementedOn: string | null;
	outcome: 'kept' | 'dropped' | null;
	ownerName: string | null;
	documentId: string | null;
	documentTitle: string | null;
	documentVisibility: (typeof documents.$inferSelect)['visibility'] | null;
	/** Live measurement days, for the stage and flags (change-stage.ts). */
	measuredOn: string[];
}

/** Most process changes a team's follow-up view lists. */
export const TEAM_CHANGES_MAX = 200;

/**
 * A team's live process changes (its documents' blocks, archived documents included), newest
 * first, with their live measurement days; the caller filters by what the user may open.
 */
export async function listTeamChanges(db: Executor, orgId: string, teamId: string): Promise<TeamChangeRow[]> {
	const rows = await db
		.select({
			id: processChanges.id,
			indicator: processChanges.indicator,
			unit: processChanges.unit,
			plannedOn: processChanges.plannedOn,
			implementedOn: processChanges.implementedOn,
			outcome: processChanges.outcome,
			ownerName: users.name,
			documentId: processChanges.documentId,
			documentTitle: documents.title,
			documentVisibility: documents.visibility,
			measuredOn: sql<string[]>`coalesce((select json_agg(${measurements.measuredOn}::text) from ${measurements}
				where ${measurements.orgId} = ${processChanges.orgId} and ${measurements.processChangeId} = ${processChanges.id}
				and ${measurements.removedAt} is null), '[]'::json)`
		})
		.from(processChanges)
		.leftJoin(documents, eq(documents.id, processChanges.documentId))
		.leftJoin(users, eq(users.id, processChanges.ownerId))
		.where(and(eq(processChanges.orgId, orgId), eq(processChanges.originTeamId, teamId), isNull(processChanges.removedAt)))
		.orderBy(desc(processChanges.createdAt), asc(processChanges.id))
		.limit(TEAM_CHANGES_MAX);
	return rows.map((r) => ({ ...r, measuredOn: Array.isArray(r.measuredOn) ? r.measuredOn : [] }));
}
