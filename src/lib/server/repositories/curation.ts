import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db';
import { can, type Action, type Membership, type Resource } from '../../access';
import {
	CURATION_ACTION_OF,
	CURATION_NOTE_MAX,
	transition,
	type CurationAction,
	type LessonEvent,
	type LessonStatus,
	type TransitionError
} from '../../lessons/lifecycle';
import { isUuid, newId } from '../../ids';
import {
	documents,
	documentShares,
	lessonCurationEvents,
	lessonFeedback,
	lessonReuses,
	lessons,
	lessonTags,
	processChanges,
	tags,
	teams,
	users,
	type Lesson
} from '../db/schema';
import type { DocumentRole, DocumentType, DocumentVisibility } from '../../roles';

/**
 * Curation of the lesson library (issue 14): every step goes through the pure lifecycle
 * (src/lib/lessons/lifecycle.ts), is authorised by `can()` (src/lib/access.ts) on the lesson as
 * loaded here, and is recorded in `lesson_curation_events` in the same transaction, with the
 * lesson row locked so two curators acting at once see each other's result instead of both
 * stepping from the same state. Everything is bound to one organisation: a lesson of another
 * organisation (or an unknown id) is `not_found`, exactly as a lesson the user may not view.
 */

export const LIBRARY_TITLE_MAX = 200;
export const LIBRARY_SUMMARY_MAX = 4000;
export const TAG_NAME_MAX = 80;
/** Tags one lesson may carry: a list, not a second body. */
export const LESSON_TAGS_MAX = 20;

export type CurationErrorCode =
	| 'not_found'
	| 'forbidden'
	| TransitionError
	| 'tag_missing'
	| 'tag_name_taken'
	| 'tag_parent_missing'
	| 'tag_parent_cycle'
	| 'tag_has_children'
	| 'too_many_tags';

/** A refused curation step, with a code the pages translate (and 404/403 for access). */
export class CurationError extends Error {
	constructor(readonly code: CurationErrorCode) {
		super(code);
		this.name = 'CurationError';
	}
}

type LessonResource = Extract<Resource, { kind: 'lesson' }>;

/** The lesson as `can()` sees it, built from its row, its source document and the user's share. */
export function lessonResource(
	lesson: Pick<Lesson, 'orgId' | 'originTeamId' | 'status' | 'publishedAt' | 'removedAt'>,
	sourceVisibility: DocumentVisibility | null,
	sharedRole: DocumentRole | null
): LessonResource {
	return {
		kind: 'lesson',
		orgId: lesson.orgId,
		originTeamId: lesson.originTeamId,
		status: lesson.status,
		sourceVisibility,
		sharedRole,
		everPublished: lesson.publishedAt !== null,
		removed: lesson.removedAt !== null
	};
}

export interface LoadedLesson {
	lesson: Lesson;
	resource: LessonResource;
}

/**
 * One lesson of the organisation with what `can()` needs (null: no such lesson in this
 * organisation). `lock`: inside a transaction, hold the row until it ends.
 */
export async function loadLesson(
	db: Executor,
	userId: string,
	orgId: string,
	lessonId: string,
	lock = false
): Promise<LoadedLesson | null> {
	if (!isUuid(lessonId) || !isUuid(orgId)) return null;
	const query = db
		.select()
		.from(lessons)
		.where(and(eq(lessons.orgId, orgId), eq(lessons.id, lessonId)));
	const [lesson] = lock ? await query.for('update') : await query;
	if (!lesson) return null;
	let visibility: DocumentVisibility | null = null;
	let sharedRole: DocumentRole | null = null;
	if (lesson.sourceDocumentId) {
		const [source] = await db
			.select({ visibility: documents.visibility, sharedRole: documentShares.role })
			.from(documents)
			.leftJoin(documentShares, and(eq(documentShares.documentId, documents.id), eq(documentShares.userId, userId)))
			.where(eq(documents.id, lesson.sourceDocumentId));
		visibility = source?.visibility ?? null;
		sharedRole = source?.sharedRole ?? null;
	}
	return { lesson, resource: lessonResource(lesson, visibility, sharedRole) };
}

/** 404 for what the user may not see, 403 for what they see but may not do. */
function authorizeLesson(actor: Membership, action: Action<'lesson'>, resource: LessonResource): void {
	if (!can(actor, 'view', resource)) throw new CurationError('not_found');
	if (!can(actor, action, resource)) throw new CurationError('forbidden');
}

function authorizeLibrary(actor: Membership, orgId: string, action: Action<'library'>): void {
	const resource = { kind: 'library', orgId } as const;
	if (!actor.orgRole || !can(actor, 'view', resource)) throw new CurationError('not_found');
	if (!can(actor, action, resource)) throw new CurationError('forbidden');
}

/** Loads and locks the lesson, checks the membership is of its organisation. */
async function lockLesson(tx: Tx, actor: Membership, orgId: string, lessonId: string): Promise<LoadedLesson> {
	if (!actor.orgRole) throw new CurationError('not_found');
	const loaded = await loadLesson(tx, actor.userId, orgId, lessonId, true);
	if (!loaded) throw new CurationError('not_found');
	return loaded;
}

async function recordEvent(
	tx: Tx,
	row: { orgId: string; lessonId: string; actorId: string; action: CurationAction; from: LessonStatus; to: LessonStatus; note?: string; mergedInto?: string | null }
): Promise<void> {
	await tx.insert(lessonCurationEvents).values({
		id: newId(),
		orgId: row.orgId,
		lessonId: row.lessonId,
		actorId: row.actorId,
		action: row.action,
		fromStatus: row.from,
		toStatus: row.to,
		note: row.note ?? '',
		mergedInto: row.mergedInto ?? null,
		// Not now(): that is the transaction's start, the same for every event of one step
		// (edit, tag, publish), which would leave their order to the random ids.
		createdAt: sql`clock_timestamp()`
	});
}

/**
 * One lifecycle step on a locked lesson: authorised, decided by `transition()`, the row
 * updated with `changes` and the event recorded. Returns the new status.
 */
async function step(
	tx: Tx,
	actor: Membership,
	loaded: LoadedLesson,
	event: LessonEvent,
	changes: Partial<typeof lessons.$inferInsert>,
	extra: { note?: string; survivor?: { id: string; status: LessonStatus } | null } = {}
): Promise<LessonStatus> {
	authorizeLesson(actor, event, loaded.resource);
	const { lesson } = loaded;
	const decided = transition({ id: lesson.id, status: lesson.status, event, note: extra.note, survivor: extra.survivor });
	if (!decided.ok) throw new CurationError(decided.error);
	await tx
		.update(lessons)
		.set({ ...changes, status: decided.to, updatedAt: new Date() })
		.where(eq(lessons.id, lesson.id));
	await recordEvent(tx, {
		orgId: lesson.orgId,
		lessonId: lesson.id,
		actorId: actor.userId,
		action: CURATION_ACTION_OF[event],
		from: lesson.status,
		to: decided.to,
		note: (extra.note ?? '').trim(),
		mergedInto: extra.survivor?.id ?? null
	});
	return decided.to;
}

/** A member proposes their own team's draft (admins any draft) to the library. */
export async function proposeLesson(db: Executor, actor: Membership, orgId: string, lessonId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		await step(tx, actor, loaded, 'propose', { proposedBy: actor.userId, proposedAt: new Date() });
	});
}

export interface LibraryTextInput {
	/** Empty or null: no library copy, the block's own text shows. */
	libraryTitle?: string | null;
	librarySummary?: string | null;
}

function cleanLibraryText(input: LibraryTextInput): { libraryTitle: string | null; librarySummary: string | null } {
	const title = (input.libraryTitle ?? '').trim();
	const summary = (input.librarySummary ?? '').trim();
	return {
		libraryTitle: title === '' ? null : title.slice(0, LIBRARY_TITLE_MAX),
		librarySummary: summary === '' ? null : summary.slice(0, LIBRARY_SUMMARY_MAX)
	};
}

/** Writes the library's copy when it differs, recording an `edit` event. Authorised by the caller. */
async function writeLibraryText(tx: Tx, actor: Membership, lesson: Lesson, status: LessonStatus, input: LibraryTextInput): Promise<void> {
	const text = cleanLibraryText(input);
	if (text.libraryTitle === lesson.libraryTitle && text.librarySummary === lesson.librarySummary) return;
	await tx
		.update(lessons)
		.set({ ...text, libraryUpdatedAt: new Date(), updatedAt: new Date() })
		.where(eq(lessons.id, lesson.id));
	await recordEvent(tx, { orgId: lesson.orgId, lessonId: lesson.id, actorId: actor.userId, action: 'edit', from: status, to: status });
}

/** Replaces the lesson's tags when they differ, recording a `tag` event naming them. */
async function writeTags(tx: Tx, actor: Membership, lesson: Lesson, status: LessonStatus, tagIds: readonly string[]): Promise<void> {
	const wanted = [...new Set(tagIds)];
	if (wanted.length > LESSON_TAGS_MAX) throw new CurationError('too_many_tags');
	if (!wanted.every(isUuid)) throw new CurationError('tag_missing');
	const found = wanted.length
		? await tx
				.select({ id: tags.id, name: tags.name })
				.from(tags)
				.where(and(eq(tags.orgId, lesson.orgId), inArray(tags.id, wanted)))
		: [];
	if (found.length !== wanted.length) throw new CurationError('tag_missing');
	const current = await tx.select({ tagId: lessonTags.tagId }).from(lessonTags).where(eq(lessonTags.lessonId, lesson.id));
	const have = new Set(current.map((r) => r.tagId));
	if (have.size === wanted.length && wanted.every((id) => have.has(id))) return;
	await tx.delete(lessonTags).where(eq(lessonTags.lessonId, lesson.id));
	if (wanted.length) {
		await tx
			.insert(lessonTags)
			.values(wanted.map((tagId) => ({ orgId: lesson.orgId, lessonId: lesson.id, tagId, createdBy: actor.userId })));
	}
	const names = found
		.map((t) => t.name)
		.sort((a, b) => a.localeCompare(b, 'id'))
		.join(', ');
	await recordEvent(tx, { orgId: lesson.orgId, lessonId: lesson.id, actorId: actor.userId, action: 'tag', from: status, to: status, note: names });
}

export interface PublishInput extends LibraryTextInput {
	/** The lesson's tags after publishing (omitted: unchanged). */
	tagIds?: readonly string[];
}

/**
 * A curator publishes a proposed lesson, with the library's title and summary and its tags;
 * the curator becomes its verifier (issue 14: "its curator by default").
 */
export async function publishLesson(db: Executor, actor: Membership, orgId: string, lessonId: string, input: PublishInput = {}): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		authorizeLesson(actor, 'publish', loaded.resource);
		if (!can(actor, 'editLibraryText', loaded.resource) || !can(actor, 'tag', loaded.resource)) throw new CurationError('forbidden');
		await writeLibraryText(tx, actor, loaded.lesson, loaded.lesson.status, input);
		if (input.tagIds) await writeTags(tx, actor, loaded.lesson, loaded.lesson.status, input.tagIds);
		const now = new Date();
		await step(tx, actor, loaded, 'publish', { curatorId: actor.userId, verifierId: actor.userId, publishedAt: now, retireReason: null });
	});
}

/** Back to the writers as a draft, with a note saying why. */
export async function sendBackLesson(db: Executor, actor: Membership, orgId: string, lessonId: string, note: string): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		await step(tx, actor, loaded, 'sendBack', { proposedBy: null, proposedAt: null }, { note });
	});
}

/** Out of the library, with a reason (kept on the lesson and in its history). */
export async function retireLesson(db: Executor, actor: Membership, orgId: string, lessonId: string, reason: string): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		const why = reason.trim().slice(0, CURATION_NOTE_MAX);
		await step(tx, actor, loaded, 'retire', { retireReason: why }, { note: reason });
		// Retiring answers the readers who said it was outdated (keep it true, issue 14).
		await tx
			.update(lessonFeedback)
			.set({ resolvedAt: new Date(), resolvedBy: actor.userId, resolution: why })
			.where(and(eq(lessonFeedback.lessonId, loaded.lesson.id), eq(lessonFeedback.kind, 'outdated'), isNull(lessonFeedback.resolvedAt)));
	});
}

/** A retired lesson published again: retiring was a judgement that can be revised. */
export async function republishLesson(db: Executor, actor: Membership, orgId: string, lessonId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		const now = new Date();
		await step(tx, actor, loaded, 'republish', { curatorId: actor.userId, verifierId: actor.userId, publishedAt: now, retireReason: null });
	});
}

/**
 * Merges a duplicate into a survivor of the same organisation: the merged lesson redirects to
 * the survivor, which takes over its reuses (the reuse-count trigger moves the counts) and its
 * tags. The survivor must be live in the library (proposed or published): `transition()` refuses
 * itself, a retired, merged or draft survivor; one of another organisation is `survivor_missing`.
 */
export async function mergeLesson(db: Executor, actor: Membership, orgId: string, lessonId: string, survivorId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		authorizeLesson(actor, 'merge', loaded.resource);
		let survivor: { id: string; status: LessonStatus } | null = null;
		if (isUuid(survivorId)) {
			const [row] = await tx
				.select({ id: lessons.id, status: lessons.status })
				.from(lessons)
				.where(and(eq(lessons.orgId, orgId), eq(lessons.id, survivorId)))
				.for('update');
			survivor = row ?? null;
		}
		await step(tx, actor, loaded, 'merge', { mergedInto: survivor?.id ?? null }, { survivor });
		// `step` succeeded, so the survivor exists and is live.
		const survivorIdChecked = survivor!.id;
		await tx.update(lessonReuses).set({ lessonId: survivorIdChecked, updatedAt: new Date() }).where(eq(lessonReuses.lessonId, lessonId));
		await tx.execute(sql`
			insert into ${lessonTags} (org_id, lesson_id, tag_id, created_by)
			select org_id, ${survivorIdChecked}, tag_id, ${actor.userId} from ${lessonTags} where lesson_id = ${lessonId}
			on conflict do nothing`);
		// Lessons merged into this one earlier follow it to the new survivor (no chains to walk).
		await tx
			.update(lessons)
			.set({ mergedInto: survivorIdChecked, updatedAt: new Date() })
			.where(and(eq(lessons.orgId, orgId), eq(lessons.mergedInto, lessonId)));
	});
}

/** The library's copy of the title and summary (empty: back to the block's own text). */
export async function editLibraryText(db: Executor, actor: Membership, orgId: string, lessonId: string, input: LibraryTextInput): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		authorizeLesson(actor, 'editLibraryText', loaded.resource);
		await writeLibraryText(tx, actor, loaded.lesson, loaded.lesson.status, input);
	});
}

/** Replaces a lesson's tags with `tagIds` (tags of its organisation). */
export async function setLessonTags(db: Executor, actor: Membership, orgId: string, lessonId: string, tagIds: readonly string[]): Promise<void> {
	await db.transaction(async (tx) => {
		const loaded = await lockLesson(tx, actor, orgId, lessonId);
		authorizeLesson(actor, 'tag', loaded.resource);
		await writeTags(tx, actor, loaded.lesson, loaded.lesson.status, tagIds);
	});
}

// ── Tags ───────────────────────────────────────────────────────────────────────────────────

export interface TagView {
	id: string;
	name: string;
	parentId: string | null;
	/** "Pelayanan > Administrasi kependudukan": the name under its ancestors. */
	path: string;
	lessonCount: number;
}

/** The organisation's tags, each with its path, ordered by path. */
export async function listTags(db: Executor, orgId: string): Promise<TagView[]> {
	const rows = await db
		.select({
			id: tags.id,
			name: tags.name,
			parentId: tags.parentId,
			lessonCount: sql<number>`(select count(*)::int from ${lessonTags} where ${lessonTags.tagId} = ${tags.id})`
		})
		.from(tags)
		.where(eq(tags.orgId, orgId));
	const byId = new Map(rows.map((r) => [r.id, r]));
	const pathOf = (id: string): string => {
		const names: string[] = [];
		const seen = new Set<string>();
		for (let at = byId.get(id); at && !seen.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
			seen.add(at.id);
			names.unshift(at.name);
		}
		return names.join(' > ');
	};
	return rows
		.map((r) => ({ id: r.id, name: r.name, parentId: r.parentId, path: pathOf(r.id), lessonCount: Number(r.lessonCount) }))
		.sort((a, b) => a.path.localeCompare(b.path, 'id'));
}

export interface TagInput {
	name: string;
	parentId?: string | null;
}

async function checkTag(tx: Tx, orgId: string, input: TagInput, selfId: string | null): Promise<{ name: string; parentId: string | null }> {
	const name = input.name.trim().slice(0, TAG_NAME_MAX);
	const parentId = input.parentId ? input.parentId : null;
	if (parentId !== null) {
		if (!isUuid(parentId)) throw new CurationError('tag_parent_missing');
		const all = await tx.select({ id: tags.id, parentId: tags.parentId }).from(tags).where(eq(tags.orgId, orgId));
		const parents = new Map(all.map((t) => [t.id, t.parentId]));
		if (!parents.has(parentId)) throw new CurationError('tag_parent_missing');
		// A tag under itself or under one of its own descendants would make a loop.
		for (let at: string | null | undefined = parentId, hops = 0; at && hops <= all.length; at = parents.get(at), hops++) {
			if (at === selfId) throw new CurationError('tag_parent_cycle');
		}
	}
	const [clash] = await tx
		.select({ id: tags.id })
		.from(tags)
		.where(and(eq(tags.orgId, orgId), sql`lower(${tags.name}) = lower(${name})`, selfId ? ne(tags.id, selfId) : undefined));
	if (clash) throw new CurationError('tag_name_taken');
	return { name, parentId };
}

/** Knowledge managers and admins add a tag to the organisation's list. */
export async function createTag(db: Executor, actor: Membership, orgId: string, input: TagInput): Promise<string> {
	authorizeLibrary(actor, orgId, 'editTags');
	return db.transaction(async (tx) => {
		// One tag-list change at a time per organisation: the name check and the cycle check hold.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'tags:' + orgId}))`);
		const checked = await checkTag(tx, orgId, input, null);
		const id = newId();
		await tx.insert(tags).values({ id, orgId, ...checked });
		return id;
	});
}

/** Renames a tag and/or moves it under another parent (null: to the top). */
export async function updateTag(db: Executor, actor: Membership, orgId: string, tagId: string, input: TagInput): Promise<void> {
	authorizeLibrary(actor, orgId, 'editTags');
	await db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'tags:' + orgId}))`);
		if (!isUuid(tagId)) throw new CurationError('tag_missing');
		const [existing] = await tx.select({ id: tags.id }).from(tags).where(and(eq(tags.orgId, orgId), eq(tags.id, tagId)));
		if (!existing) throw new CurationError('tag_missing');
		const checked = await checkTag(tx, orgId, input, tagId);
		await tx.update(tags).set(checked).where(eq(tags.id, tagId));
	});
}

/** Deletes a tag (its lessons lose it); a tag that still has children is refused. */
export async function deleteTag(db: Executor, actor: Membership, orgId: string, tagId: string): Promise<void> {
	authorizeLibrary(actor, orgId, 'editTags');
	await db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'tags:' + orgId}))`);
		if (!isUuid(tagId)) throw new CurationError('tag_missing');
		const [existing] = await tx.select({ id: tags.id }).from(tags).where(and(eq(tags.orgId, orgId), eq(tags.id, tagId)));
		if (!existing) throw new CurationError('tag_missing');
		const [child] = await tx.select({ id: tags.id }).from(tags).where(and(eq(tags.orgId, orgId), eq(tags.parentId, tagId))).limit(1);
		if (child) throw new CurationError('tag_has_children');
		await tx.delete(tags).where(eq(tags.id, tagId));
	});
}

// ── Reading: the queue and the lesson page ───────────────────────────────────────────────

export interface LessonCard {
	id: string;
	status: LessonStatus;
	/** The block's own text. */
	title: string;
	body: string;
	libraryTitle: string | null;
	librarySummary: string | null;
	blockId: string;
	sourceDocumentId: string | null;
	documentTitle: string | null;
	documentType: DocumentType | null;
	originTeamId: string;
	teamName: string | null;
	proposedByName: string | null;
	proposedAt: Date | null;
	createdAt: Date;
	tagIds: string[];
}

async function tagIdsOf(db: Executor, lessonIds: string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	if (lessonIds.length === 0) return out;
	const rows = await db
		.select({ lessonId: lessonTags.lessonId, tagId: lessonTags.tagId })
		.from(lessonTags)
		.where(inArray(lessonTags.lessonId, lessonIds));
	for (const r of rows) out.set(r.lessonId, [...(out.get(r.lessonId) ?? []), r.tagId]);
	return out;
}

/** The curation queue: proposed lessons, the longest waiting first. */
export async function curationQueue(db: Executor, orgId: string, limit = 100): Promise<LessonCard[]> {
	const rows = await db
		.select({
			id: lessons.id,
			status: lessons.status,
			title: lessons.title,
			body: lessons.body,
			libraryTitle: lessons.libraryTitle,
			librarySummary: lessons.librarySummary,
			blockId: lessons.blockId,
			sourceDocumentId: lessons.sourceDocumentId,
			documentTitle: documents.title,
			documentType: documents.type,
			originTeamId: lessons.originTeamId,
			teamName: teams.name,
			proposedByName: users.name,
			proposedAt: lessons.proposedAt,
			createdAt: lessons.createdAt
		})
		.from(lessons)
		.leftJoin(documents, eq(documents.id, lessons.sourceDocumentId))
		.leftJoin(teams, eq(teams.id, lessons.originTeamId))
		.leftJoin(users, eq(users.id, lessons.proposedBy))
		.where(and(eq(lessons.orgId, orgId), eq(lessons.status, 'proposed')))
		.orderBy(asc(sql`coalesce(${lessons.proposedAt}, ${lessons.createdAt})`), asc(lessons.id))
		.limit(limit);
	const tagMap = await tagIdsOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({ ...r, tagIds: tagMap.get(r.id) ?? [] }));
}

/** How many lessons wait in the queue (the queue itself shows the oldest `limit`). */
export async function countProposed(db: Executor, orgId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(lessons)
		.where(and(eq(lessons.orgId, orgId), eq(lessons.status, 'proposed')));
	return Number(row?.n ?? 0);
}

export interface CurationEventView {
	id: string;
	action: CurationAction;
	fromStatus: LessonStatus;
	toStatus: LessonStatus;
	note: string;
	actorName: string | null;
	mergedInto: string | null;
	createdAt: Date;
}

export interface ReuseView {
	id: string;
	documentId: string | null;
	documentTitle: string | null;
	visibility: DocumentVisibility | null;
	teamId: string;
	teamName: string | null;
	createdAt: Date;
}

export interface ProcessChangeView {
	id: string;
	indicator: string;
	unit: string;
	direction: 'increase' | 'decrease';
	documentId: string | null;
	documentTitle: string | null;
	visibility: DocumentVisibility | null;
	teamId: string;
}

export interface LessonDetail {
	lesson: Lesson;
	resource: LessonResource;
	documentTitle: string | null;
	documentType: DocumentType | null;
	documentCreatorName: string | null;
	teamName: string | null;
	curatorName: string | null;
	verifierName: string | null;
	proposedByName: string | null;
	tagIds: string[];
	events: CurationEventView[];
	/** Live reuses, newest first; the page keeps those the viewer may open. */
	reuses: ReuseView[];
	/** Process changes linking this lesson or one merged into it. */
	processChanges: ProcessChangeView[];
	/** Lessons merged into this one. */
	mergedFrom: { id: string; title: string }[];
}

/** Everything the lesson page shows, unfiltered (null: no such lesson in this organisation). */
export async function lessonDetail(db: Executor, userId: string, orgId: string, lessonId: string): Promise<LessonDetail | null> {
	const loaded = await loadLesson(db, userId, orgId, lessonId);
	if (!loaded) return null;
	const { lesson } = loaded;
	const name = async (id: string | null) => {
		if (!id) return null;
		const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
		return row?.name ?? null;
	};
	const [source] = lesson.sourceDocumentId
		? await db
				.select({ title: documents.title, type: documents.type, createdBy: documents.createdBy })
				.from(documents)
				.where(eq(documents.id, lesson.sourceDocumentId))
		: [];
	const [team] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, lesson.originTeamId));
	const events = await db
		.select({
			id: lessonCurationEvents.id,
			action: lessonCurationEvents.action,
			fromStatus: lessonCurationEvents.fromStatus,
			toStatus: lessonCurationEvents.toStatus,
			note: lessonCurationEvents.note,
			actorName: users.name,
			mergedInto: lessonCurationEvents.mergedInto,
			createdAt: lessonCurationEvents.createdAt
		})
		.from(lessonCurationEvents)
		.leftJoin(users, eq(users.id, lessonCurationEvents.actorId))
		.where(and(eq(lessonCurationEvents.orgId, orgId), eq(lessonCurationEvents.lessonId, lesson.id)))
		.orderBy(asc(lessonCurationEvents.createdAt), asc(lessonCurationEvents.id));
	const reuses = await db
		.select({
			id: lessonReuses.id,
			documentId: lessonReuses.documentId,
			documentTitle: documents.title,
			visibility: documents.visibility,
			teamId: lessonReuses.originTeamId,
			teamName: teams.name,
			createdAt: lessonReuses.createdAt
		})
		.from(lessonReuses)
		.leftJoin(documents, eq(documents.id, lessonReuses.documentId))
		.leftJoin(teams, eq(teams.id, lessonReuses.originTeamId))
		.where(and(eq(lessonReuses.orgId, orgId), eq(lessonReuses.lessonId, lesson.id), isNull(lessonReuses.removedAt)))
		.orderBy(desc(lessonReuses.createdAt));
	const mergedFrom = await db
		.select({ id: lessons.id, title: sql<string>`coalesce(${lessons.libraryTitle}, ${lessons.title})` })
		.from(lessons)
		.where(and(eq(lessons.orgId, orgId), eq(lessons.mergedInto, lesson.id)));
	const linkedIds = [lesson.id, ...mergedFrom.map((l) => l.id)];
	const changes = await db
		.select({
			id: processChanges.id,
			indicator: processChanges.indicator,
			unit: processChanges.unit,
			direction: processChanges.direction,
			documentId: processChanges.documentId,
			documentTitle: documents.title,
			visibility: documents.visibility,
			teamId: processChanges.originTeamId
		})
		.from(processChanges)
		.leftJoin(documents, eq(documents.id, processChanges.documentId))
		.where(
			and(
				eq(processChanges.orgId, orgId),
				isNull(processChanges.removedAt),
				or(...linkedIds.map((id) => sql`${processChanges.linkedLessonIds} @> ${JSON.stringify([id])}::jsonb`))
			)
		)
		.orderBy(asc(processChanges.createdAt));
	return {
		lesson,
		resource: loaded.resource,
		documentTitle: source?.title ?? null,
		documentType: source?.type ?? null,
		documentCreatorName: await name(source?.createdBy ?? null),
		teamName: team?.name ?? null,
		curatorName: await name(lesson.curatorId),
		verifierName: await name(lesson.verifierId),
		proposedByName: await name(lesson.proposedBy),
		tagIds: (await tagIdsOf(db, [lesson.id])).get(lesson.id) ?? [],
		events,
		reuses,
		processChanges: changes,
		mergedFrom
	};
}
