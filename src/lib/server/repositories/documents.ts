import { and, asc, count, desc, eq, ilike, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { documentShares, documentStates, documents, lessons, processChanges, teams, type Document } from '../db/schema';
import type { DocumentRole, DocumentStatus, DocumentType, DocumentVisibility } from '../../roles';
import { templateUpdate } from '../../editor/templates';

export async function findDocument(db: Executor, documentId: string): Promise<Document | undefined> {
	const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
	return doc;
}

/** The document and whether its team is archived (which makes it read-only too), in one query. */
export async function findDocumentWithTeam(
	db: Executor,
	documentId: string
): Promise<{ document: Document; teamArchivedAt: Date | null } | undefined> {
	const [row] = await db
		.select({ document: documents, teamArchivedAt: teams.archivedAt })
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(eq(documents.id, documentId));
	return row;
}

export async function findShareRole(db: Executor, documentId: string, userId: string): Promise<DocumentRole | null> {
	const [row] = await db
		.select({ role: documentShares.role })
		.from(documentShares)
		.where(and(eq(documentShares.documentId, documentId), eq(documentShares.userId, userId)));
	return row?.role ?? null;
}

export interface CreateDocumentInput {
	orgId: string;
	teamId: string;
	type: DocumentType;
	title: string;
	createdBy: string | null;
	visibility?: DocumentVisibility;
}

/**
 * Creates the document row and its initial Yjs state (the template of its type) in one
 * transaction: templates are seeded exactly once, here, never by a room that finds no state
 * (durability contract §4). `template` is injectable for tests.
 */
export async function createDocument(
	db: Executor,
	input: CreateDocumentInput,
	template: (type: DocumentType) => Uint8Array = templateUpdate
): Promise<Document> {
	const state = template(input.type);
	return db.transaction(async (tx) => {
		const [doc] = await tx
			.insert(documents)
			.values({
				id: crypto.randomUUID(),
				orgId: input.orgId,
				teamId: input.teamId,
				type: input.type,
				title: input.title.trim(),
				visibility: input.visibility ?? 'team',
				createdBy: input.createdBy
			})
			.returning();
		await tx.insert(documentStates).values({ documentId: doc.id, state, upToUpdateId: 0 });
		return doc;
	});
}

export interface DocumentListFilter {
	type?: DocumentType;
	status?: DocumentStatus;
	/** Case-insensitive substring of the title. */
	query?: string;
	includeArchived?: boolean;
}

export interface DocumentListRow {
	id: string;
	title: string;
	type: DocumentType;
	status: DocumentStatus;
	visibility: DocumentVisibility;
	updatedAt: Date;
	archivedAt: Date | null;
}

/** `%`, `_` and `\` are literal in a title search, not LIKE wildcards. */
function likePattern(query: string): string {
	return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A team's documents, newest change first. Callers filter by the user's role on each. */
export async function listTeamDocuments(
	db: Executor,
	teamId: string,
	filter: DocumentListFilter = {}
): Promise<DocumentListRow[]> {
	const conditions: SQL[] = [eq(documents.teamId, teamId)];
	if (filter.type) conditions.push(eq(documents.type, filter.type));
	if (filter.status) conditions.push(eq(documents.status, filter.status));
	const query = filter.query?.trim();
	if (query) conditions.push(ilike(documents.title, likePattern(query)));
	if (!filter.includeArchived) conditions.push(isNull(documents.archivedAt));
	return db
		.select({
			id: documents.id,
			title: documents.title,
			type: documents.type,
			status: documents.status,
			visibility: documents.visibility,
			updatedAt: documents.updatedAt,
			archivedAt: documents.archivedAt
		})
		.from(documents)
		.where(and(...conditions))
		.orderBy(desc(documents.updatedAt), asc(documents.title));
}

/** The user's explicit share roles on the given documents. */
export async function listShareRoles(
	db: Executor,
	userId: string,
	documentIds: readonly string[]
): Promise<Map<string, DocumentRole>> {
	if (documentIds.length === 0) return new Map();
	const rows = await db
		.select({ documentId: documentShares.documentId, role: documentShares.role })
		.from(documentShares)
		.where(and(eq(documentShares.userId, userId), inArray(documentShares.documentId, [...documentIds])));
	return new Map(rows.map((r) => [r.documentId, r.role]));
}

export interface DocumentChanges {
	title?: string;
	status?: DocumentStatus;
	visibility?: DocumentVisibility;
}

/** Renames or changes status/visibility; bumps `updated_at`. */
export async function updateDocument(db: Executor, documentId: string, changes: DocumentChanges): Promise<void> {
	const set: Partial<typeof documents.$inferInsert> = { updatedAt: new Date() };
	if (changes.title !== undefined) set.title = changes.title.trim();
	if (changes.status !== undefined) set.status = changes.status;
	if (changes.visibility !== undefined) set.visibility = changes.visibility;
	await db.update(documents).set(set).where(eq(documents.id, documentId));
}

/** Archives (hidden from lists, still readable by link) or restores a document. */
export async function setDocumentArchived(db: Executor, documentId: string, archived: boolean): Promise<void> {
	const now = new Date();
	await db
		.update(documents)
		.set({ archivedAt: archived ? now : null, updatedAt: now })
		.where(eq(documents.id, documentId));
}

/**
 * What a permanent delete leaves in the organisation's history: the lessons and process
 * changes the document holds now (their rows stay, see `deleteDocumentPermanently`).
 */
export interface KeptHistory {
	lessons: number;
	processChanges: number;
}

export async function countDocumentHistory(db: Executor, documentId: string): Promise<KeptHistory> {
	const [l] = await db
		.select({ n: count() })
		.from(lessons)
		.where(and(eq(lessons.sourceDocumentId, documentId), isNull(lessons.removedAt)));
	const [c] = await db
		.select({ n: count() })
		.from(processChanges)
		.where(and(eq(processChanges.documentId, documentId), isNull(processChanges.removedAt)));
	return { lessons: l.n, processChanges: c.n };
}

/**
 * Deletes a document for good: its row, stored state, update log, shares and projection counts
 * go (foreign keys cascade). Its lessons and process changes stay, detached — their foreign
 * key sets `source_document_id` / `document_id` to null and `origin_document_id` keeps where
 * they came from — because the metrics count them (design.md: history is archived, not
 * erased). An open room's next write fails on the missing row, and its sockets are closed with
 * DocumentDeleted by the sync server. Returns false when there was no such document.
 */
export async function deleteDocumentPermanently(db: Executor, documentId: string): Promise<boolean> {
	const deleted = await db.delete(documents).where(eq(documents.id, documentId)).returning({ id: documents.id });
	return deleted.length > 0;
}
