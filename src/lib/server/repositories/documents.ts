import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { documentShares, documentStates, documents, lessons, processChanges, teams, users, type Document } from '../db/schema';
import type { DocumentRole, DocumentStatus, DocumentType, DocumentVisibility } from '../../roles';
import { templateUpdate } from '../../editor/templates';
import type { DocumentSort, SortDirection } from '../../document-validation';
import { REVIEW_STATES, type ReviewState } from '../../reviews';
import { reviewStateSql } from './reviews';

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
	template: (type: DocumentType, title: string) => Uint8Array = (type, title) => templateUpdate(type, undefined, title)
): Promise<Document> {
	const title = input.title.trim();
	// The title root is seeded with the body, so renames in place never race to seed it.
	const state = template(input.type, title);
	// The creator is the first editor: one timestamp for both, so the list shows their name.
	const now = new Date();
	return db.transaction(async (tx) => {
		const [doc] = await tx
			.insert(documents)
			.values({
				id: crypto.randomUUID(),
				orgId: input.orgId,
				teamId: input.teamId,
				type: input.type,
				title,
				visibility: input.visibility ?? 'team',
				createdBy: input.createdBy,
				createdAt: now,
				updatedAt: now,
				updatedBy: input.createdBy,
				updatedByAt: input.createdBy ? now : null
			})
			.returning();
		await tx.insert(documentStates).values({ documentId: doc.id, state, upToUpdateId: 0 });
		return doc;
	});
}

export interface DocumentListFilter {
	type?: DocumentType;
	status?: DocumentStatus;
	review?: ReviewState;
	/** Case-insensitive substring of the title. */
	query?: string;
	includeArchived?: boolean;
	/** Column and direction; default: newest change first. */
	sort?: DocumentSort;
	direction?: SortDirection;
}

export interface DocumentListRow {
	id: string;
	title: string;
	type: DocumentType;
	status: DocumentStatus;
	/** Its review state (repositories/reviews.ts). */
	reviewState: ReviewState;
	visibility: DocumentVisibility;
	updatedAt: Date;
	archivedAt: Date | null;
	/** documents.created_by's name; null when the account was deleted. */
	authorName: string | null;
	/**
	 * The last editor's name, only when the last change recorded in `updated_at` is theirs
	 * (`updated_by_at = updated_at`); null when unknown — e.g. live edits, whose projection does
	 * not know who typed.
	 */
	editorName: string | null;
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
	const reviewState = reviewStateSql();
	if (filter.review) conditions.push(sql`${reviewState} = ${filter.review}`);
	const query = filter.query?.trim();
	if (query) conditions.push(ilike(documents.title, likePattern(query)));
	if (!filter.includeArchived) conditions.push(isNull(documents.archivedAt));
	const author = aliasedTable(users, 'author');
	const editor = aliasedTable(users, 'editor');
	const editorName = sql<string | null>`case when ${documents.updatedByAt} = ${documents.updatedAt} then ${editor.name} end`;
	// Sort keys from an allow-list (the URL names a column, never SQL).
	const keys: Record<DocumentSort, SQL> = {
		title: sql`lower(${documents.title})`,
		type: sql`${documents.type}`,
		status: sql`${documents.status}`,
		// In the order a review goes, not alphabetically.
		review: sql`array_position(${sql.param([...REVIEW_STATES])}::text[], ${reviewState})`,
		updated: sql`${documents.updatedAt}`,
		author: sql`lower(${author.name})`,
		editor: sql`lower(${editorName})`
	};
	const direction = filter.direction === 'asc' ? asc : desc;
	const key = keys[filter.sort ?? 'updated'];
	return db
		.select({
			id: documents.id,
			title: documents.title,
			type: documents.type,
			status: documents.status,
			reviewState,
			visibility: documents.visibility,
			updatedAt: documents.updatedAt,
			archivedAt: documents.archivedAt,
			authorName: author.name,
			editorName
		})
		.from(documents)
		.leftJoin(author, eq(author.id, documents.createdBy))
		.leftJoin(editor, eq(editor.id, documents.updatedBy))
		.where(and(...conditions))
		// Unknown names sort last either way; ties by newest change, then title, for a stable order.
		.orderBy(sql`${key} is null`, direction(key), desc(documents.updatedAt), asc(documents.title), asc(documents.id));
}

export interface DocumentSearchHit {
	id: string;
	title: string;
	teamId: string;
	teamName: string;
}

/**
 * The quick search: live documents of one organisation whose title contains `query`, that the
 * user may open — as a team member or mentor, as an admin or knowledge manager, by the
 * organisation visibility, or through a share. The SQL narrows by the same rules `documentRole`
 * applies (callers still check each hit with it), newest change first. Archived documents and
 * documents of archived teams are left out, as in every list.
 */
export async function searchDocuments(
	db: Executor,
	input: { orgId: string; userId: string; query: string; broad: boolean; teamIds: readonly string[]; limit: number }
): Promise<(DocumentSearchHit & { visibility: DocumentVisibility })[]> {
	const query = input.query.trim();
	const conditions: SQL[] = [eq(documents.orgId, input.orgId), isNull(documents.archivedAt), isNull(teams.archivedAt)];
	if (query) conditions.push(ilike(documents.title, likePattern(query)));
	if (!input.broad) {
		const reach: SQL[] = [
			eq(documents.visibility, 'organisation'),
			sql`exists (select 1 from ${documentShares} where ${documentShares.documentId} = ${documents.id} and ${documentShares.userId} = ${input.userId})`
		];
		if (input.teamIds.length > 0) reach.push(inArray(documents.teamId, [...input.teamIds]));
		const any = or(...reach);
		if (any) conditions.push(any);
	}
	return db
		.select({
			id: documents.id,
			title: documents.title,
			teamId: documents.teamId,
			teamName: teams.name,
			visibility: documents.visibility
		})
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(and(...conditions))
		.orderBy(desc(documents.updatedAt), asc(documents.title))
		.limit(input.limit);
}

export interface RecentDocument {
	id: string;
	title: string;
	teamId: string;
}

/**
 * The sidebar's recent documents: up to `perTeam` live documents of each of the given teams,
 * newest change first, in one query. Members and mentors of a team may open all of its documents
 * (documentRole), so the caller passes only the user's own teams.
 */
export async function listRecentTeamDocuments(
	db: Executor,
	teamIds: readonly string[],
	perTeam: number
): Promise<RecentDocument[]> {
	if (teamIds.length === 0) return [];
	const ranked = db
		.select({
			id: documents.id,
			title: documents.title,
			teamId: documents.teamId,
			updatedAt: documents.updatedAt,
			rank: sql<number>`row_number() over (partition by ${documents.teamId} order by ${documents.updatedAt} desc, ${documents.title})`.as('rank')
		})
		.from(documents)
		.where(and(inArray(documents.teamId, [...teamIds]), isNull(documents.archivedAt)))
		.as('ranked');
	return db
		.select({ id: ranked.id, title: ranked.title, teamId: ranked.teamId })
		.from(ranked)
		.where(sql`${ranked.rank} <= ${perTeam}`)
		.orderBy(desc(ranked.updatedAt));
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

/**
 * Renames or changes status/visibility; bumps `updated_at`. With `by`, that user becomes the
 * document's known last editor; without, the last editor becomes unknown (see the schema).
 */
export async function updateDocument(db: Executor, documentId: string, changes: DocumentChanges, by?: string): Promise<void> {
	const now = new Date();
	const set: Partial<typeof documents.$inferInsert> = { updatedAt: now };
	if (by) Object.assign(set, { updatedBy: by, updatedByAt: now });
	if (changes.title !== undefined) set.title = changes.title.trim();
	if (changes.status !== undefined) set.status = changes.status;
	if (changes.visibility !== undefined) set.visibility = changes.visibility;
	await db.update(documents).set(set).where(eq(documents.id, documentId));
}

/** Archives (hidden from lists, still readable by link) or restores a document. */
export async function setDocumentArchived(db: Executor, documentId: string, archived: boolean, by?: string): Promise<void> {
	const now = new Date();
	await db
		.update(documents)
		.set({ archivedAt: archived ? now : null, updatedAt: now, ...(by ? { updatedBy: by, updatedByAt: now } : {}) })
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
