import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../db';
import { can, type Action, type Membership } from '../../access';
import { isUuid, newId } from '../../ids';
import {
	FEEDBACK_TEXT_MAX,
	queueSection,
	RECHECK_INTERVAL_MAX,
	RECHECK_INTERVAL_MIN,
	RECHECK_NOTE_PREFIX,
	retireCutoff,
	type KeepTrueFacts
} from '../../lessons/keep-true';
import { recheckDue } from '../../lessons/lifecycle';
import { lessonCurationEvents, lessonFeedback, lessons, users, type LessonFeedbackKind } from '../db/schema';
import { loadLesson, type LoadedLesson } from './curation';

/**
 * Keeping the library true (issue 14): readers' feedback on a published lesson ("Bermanfaat",
 * "Usang" with a reason, questions), the curators' verification and re-check interval, and the
 * queue sections the rules of src/lib/lessons/keep-true.ts derive — "Perlu diperiksa ulang" and
 * "Usulan pensiun" — written here as SQL conditions equal to those rules (no job: a lesson
 * enters a section when the clock or a report says so, and leaves when verified or retired).
 * Every step is authorised by `can()` on the lesson as loaded (another organisation's lesson is
 * `not_found`, like one the reader may not see) and verification is recorded in
 * `lesson_curation_events`.
 */

export type FeedbackErrorCode = 'not_found' | 'forbidden' | 'text_required' | 'text_too_long' | 'interval_invalid' | 'feedback_missing';

export class FeedbackError extends Error {
	constructor(readonly code: FeedbackErrorCode) {
		super(code);
		this.name = 'FeedbackError';
	}
}

async function authorized(db: Executor, actor: Membership, orgId: string, lessonId: string, action: Action<'lesson'>, lock = false): Promise<LoadedLesson> {
	if (!actor.orgRole) throw new FeedbackError('not_found');
	const loaded = await loadLesson(db, actor.userId, orgId, lessonId, lock);
	if (!loaded || !can(actor, 'view', loaded.resource)) throw new FeedbackError('not_found');
	if (!can(actor, action, loaded.resource)) throw new FeedbackError('forbidden');
	return loaded;
}

function cleanText(text: string | undefined, required: boolean): string {
	const clean = (text ?? '').trim();
	if (required && clean === '') throw new FeedbackError('text_required');
	if (clean.length > FEEDBACK_TEXT_MAX) throw new FeedbackError('text_too_long');
	return clean;
}

export type FeedbackOutcome = 'added' | 'updated' | 'withdrawn';

/**
 * A reader's feedback on a published lesson. "Bermanfaat" toggles (given again, it is withdrawn);
 * "Usang" needs a reason and, given again while open, replaces the reason; a question is always
 * a new one. One open useful and one open outdated per reader (a unique index says so too).
 */
export async function giveFeedback(
	db: Executor,
	actor: Membership,
	orgId: string,
	lessonId: string,
	input: { kind: LessonFeedbackKind; body?: string }
): Promise<FeedbackOutcome> {
	const body = cleanText(input.body, input.kind !== 'useful');
	return db.transaction(async (tx) => {
		// The lesson row locked: a reader's two quick clicks are serialised, not a unique violation.
		const { lesson } = await authorized(tx, actor, orgId, lessonId, 'giveFeedback', true);
		if (input.kind !== 'question') {
			const [open] = await tx
				.select({ id: lessonFeedback.id })
				.from(lessonFeedback)
				.where(openOf(lesson.id, input.kind, actor.userId));
			if (open && input.kind === 'useful') {
				await tx.delete(lessonFeedback).where(eq(lessonFeedback.id, open.id));
				return 'withdrawn';
			}
			if (open) {
				await tx.update(lessonFeedback).set({ body }).where(eq(lessonFeedback.id, open.id));
				return 'updated';
			}
		}
		await tx.insert(lessonFeedback).values({ id: newId(), orgId, lessonId: lesson.id, userId: actor.userId, kind: input.kind, body: input.kind === 'useful' ? '' : body });
		return 'added';
	});
}

function openOf(lessonId: string, kind: LessonFeedbackKind, userId: string): SQL | undefined {
	return and(eq(lessonFeedback.lessonId, lessonId), eq(lessonFeedback.kind, kind), eq(lessonFeedback.userId, userId), isNull(lessonFeedback.resolvedAt));
}

/** A reader takes back their own open "Usang" report (it was a mistake, or they fixed their view). */
export async function withdrawOutdated(db: Executor, actor: Membership, orgId: string, lessonId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const { lesson } = await authorized(tx, actor, orgId, lessonId, 'view', true);
		const gone = await tx.delete(lessonFeedback).where(openOf(lesson.id, 'outdated', actor.userId)).returning({ id: lessonFeedback.id });
		if (gone.length === 0) throw new FeedbackError('feedback_missing');
	});
}

/** A curator answers a question (an empty answer just marks it resolved). */
export async function answerQuestion(db: Executor, actor: Membership, orgId: string, lessonId: string, feedbackId: string, answer: string): Promise<void> {
	const text = cleanText(answer, false);
	await db.transaction(async (tx) => {
		const { lesson } = await authorized(tx, actor, orgId, lessonId, 'resolveFeedback', true);
		if (!isUuid(feedbackId)) throw new FeedbackError('feedback_missing');
		const done = await tx
			.update(lessonFeedback)
			.set({ resolvedAt: new Date(), resolvedBy: actor.userId, resolution: text })
			.where(
				and(
					eq(lessonFeedback.id, feedbackId),
					eq(lessonFeedback.orgId, orgId),
					eq(lessonFeedback.lessonId, lesson.id),
					eq(lessonFeedback.kind, 'question'),
					isNull(lessonFeedback.resolvedAt)
				)
			)
			.returning({ id: lessonFeedback.id });
		if (done.length === 0) throw new FeedbackError('feedback_missing');
	});
}

/** Closes every open "Usang" report of a lesson with the curator's resolution (verify, retire). */
async function resolveOutdatedReports(tx: Tx, lessonId: string, actorId: string, resolution: string): Promise<void> {
	await tx
		.update(lessonFeedback)
		.set({ resolvedAt: new Date(), resolvedBy: actorId, resolution })
		.where(and(eq(lessonFeedback.lessonId, lessonId), eq(lessonFeedback.kind, 'outdated'), isNull(lessonFeedback.resolvedAt)));
}

async function recordEvent(tx: Tx, orgId: string, lessonId: string, actorId: string, action: 'verify' | 'edit', note: string): Promise<void> {
	await tx.insert(lessonCurationEvents).values({
		id: newId(),
		orgId,
		lessonId,
		actorId,
		action,
		fromStatus: 'published',
		toStatus: 'published',
		note,
		createdAt: sql`clock_timestamp()`
	});
}

function checkInterval(days: number): number {
	if (!Number.isInteger(days) || days < RECHECK_INTERVAL_MIN || days > RECHECK_INTERVAL_MAX) throw new FeedbackError('interval_invalid');
	return days;
}

/**
 * A curator vouches that a published lesson still holds: verified now, by them (they become its
 * verifier), which moves its re-check date and closes the open "Usang" reports with their note.
 */
export async function verifyLesson(db: Executor, actor: Membership, orgId: string, lessonId: string, note = ''): Promise<void> {
	const text = cleanText(note, false);
	await db.transaction(async (tx) => {
		const { lesson } = await authorized(tx, actor, orgId, lessonId, 'verify', true);
		await tx.update(lessons).set({ verifiedAt: new Date(), verifierId: actor.userId, updatedAt: new Date() }).where(eq(lessons.id, lesson.id));
		await resolveOutdatedReports(tx, lesson.id, actor.userId, text);
		await recordEvent(tx, orgId, lesson.id, actor.userId, 'verify', text);
	});
}

/** A curator sets how often a published lesson is re-checked (days), recorded as an edit. */
export async function setRecheckInterval(db: Executor, actor: Membership, orgId: string, lessonId: string, days: number): Promise<void> {
	const interval = checkInterval(days);
	await db.transaction(async (tx) => {
		const { lesson } = await authorized(tx, actor, orgId, lessonId, 'setRecheck', true);
		if (lesson.recheckIntervalDays === interval) return;
		await tx.update(lessons).set({ recheckIntervalDays: interval, updatedAt: new Date() }).where(eq(lessons.id, lesson.id));
		await recordEvent(tx, orgId, lesson.id, actor.userId, 'edit', `${RECHECK_NOTE_PREFIX}${interval}`);
	});
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────

export interface FeedbackEntry {
	id: string;
	userName: string | null;
	body: string;
	createdAt: Date;
	resolvedAt: Date | null;
	resolverName: string | null;
	resolution: string;
}

export interface LessonFeedbackView {
	usefulCount: number;
	/** Open "Usang" reports, oldest first. */
	outdated: FeedbackEntry[];
	/** Every question, oldest first, answered or not. */
	questions: FeedbackEntry[];
	mine: { useful: boolean; outdated: string | null };
}

/** The feedback the lesson page shows (the caller has checked the reader may view the lesson). */
export async function feedbackOf(db: Executor, orgId: string, lessonId: string, userId: string): Promise<LessonFeedbackView> {
	const asker = sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${lessonFeedback.userId})`;
	const resolver = sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${lessonFeedback.resolvedBy})`;
	const rows = await db
		.select({
			id: lessonFeedback.id,
			kind: lessonFeedback.kind,
			userId: lessonFeedback.userId,
			userName: asker,
			body: lessonFeedback.body,
			createdAt: lessonFeedback.createdAt,
			resolvedAt: lessonFeedback.resolvedAt,
			resolverName: resolver,
			resolution: lessonFeedback.resolution
		})
		.from(lessonFeedback)
		.where(and(eq(lessonFeedback.orgId, orgId), eq(lessonFeedback.lessonId, lessonId)))
		.orderBy(asc(lessonFeedback.createdAt), asc(lessonFeedback.id));
	const entry = (r: (typeof rows)[number]): FeedbackEntry => ({
		id: r.id,
		userName: r.userName,
		body: r.body,
		createdAt: r.createdAt,
		resolvedAt: r.resolvedAt,
		resolverName: r.resolverName,
		resolution: r.resolution
	});
	const open = rows.filter((r) => r.resolvedAt === null);
	const myOutdated = open.find((r) => r.kind === 'outdated' && r.userId === userId);
	return {
		usefulCount: open.filter((r) => r.kind === 'useful').length,
		outdated: open.filter((r) => r.kind === 'outdated').map(entry),
		questions: rows.filter((r) => r.kind === 'question').map(entry),
		mine: { useful: open.some((r) => r.kind === 'useful' && r.userId === userId), outdated: myOutdated ? myOutdated.body : null }
	};
}

/** Open "Usang" reports exist for the lesson. */
const reportedOutdated = sql`exists (select 1 from lesson_feedback f where f.lesson_id = l.id and f.kind = 'outdated' and f.resolved_at is null)`;
const vouched = sql`coalesce(l.verified_at, l.published_at)`;
/** keep-true.ts `isOverdue`: the re-check date has come. */
const overdue = (now: Date) => sql`${vouched} + make_interval(days => l.recheck_interval_days) <= ${now.toISOString()}::timestamptz`;
/** keep-true.ts `isRetirementCandidate`: no verification and no live reuse since the cut-off. */
const retirable = (now: Date) => {
	const cutoff = retireCutoff(now).toISOString();
	return sql`${vouched} <= ${cutoff}::timestamptz
		and not exists (select 1 from lesson_reuses r where r.lesson_id = l.id and r.removed_at is null and r.created_at > ${cutoff}::timestamptz)`;
};
/** keep-true.ts `queueSection`, one section at a time. */
function sectionSql(section: 'recheck' | 'retire', now: Date): SQL {
	return section === 'recheck'
		? sql`(${reportedOutdated} or (${overdue(now)} and not (${retirable(now)})))`
		: sql`(not ${reportedOutdated} and ${retirable(now)})`;
}

export interface KeepTrueItem {
	id: string;
	title: string;
	body: string;
	libraryTitle: string | null;
	librarySummary: string | null;
	blockId: string;
	sourceDocumentId: string | null;
	documentTitle: string | null;
	teamName: string | null;
	verifierName: string | null;
	reuseCount: number;
	recheckIntervalDays: number;
	/** When it was last verified (or published). */
	lastVerifiedAt: Date;
	/** Its re-check date. */
	dueAt: Date;
	/** Past its re-check date (a reason shown beside the reports). */
	overdue: boolean;
	lastReusedAt: Date | null;
	/** The open "Usang" reports, oldest first. */
	reports: { id: string; userName: string | null; body: string; createdAt: Date }[];
}

export interface KeepTrueSection {
	items: KeepTrueItem[];
	/** Every lesson in the section (the page lists the first `limit`). */
	count: number;
}

interface ItemRow {
	id: string;
	title: string;
	body: string;
	library_title: string | null;
	library_summary: string | null;
	block_id: string;
	source_document_id: string | null;
	document_title: string | null;
	team_name: string | null;
	verifier_name: string | null;
	reuse_count: number;
	recheck_interval_days: number;
	published_at: Date | string;
	verified_at: Date | string | null;
	last_reused_at: Date | string | null;
	open_outdated: number;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

async function section(db: Executor, orgId: string, which: 'recheck' | 'retire', now: Date, limit: number): Promise<KeepTrueSection> {
	const where = sql`l.org_id = ${orgId} and l.status = 'published' and ${sectionSql(which, now)}`;
	const [counted] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from lessons l where ${where}`);
	const rows = await rowsOf<ItemRow>(
		db,
		sql`select l.id, l.title, l.body, l.library_title, l.library_summary, l.block_id, l.source_document_id,
				d.title as document_title, t.name as team_name, v.name as verifier_name, l.reuse_count,
				l.recheck_interval_days, l.published_at, l.verified_at,
				(select max(r.created_at) from lesson_reuses r where r.lesson_id = l.id and r.removed_at is null) as last_reused_at,
				(select count(*)::int from lesson_feedback f where f.lesson_id = l.id and f.kind = 'outdated' and f.resolved_at is null) as open_outdated
			from lessons l
			left join documents d on d.id = l.source_document_id
			left join teams t on t.id = l.origin_team_id
			left join users v on v.id = l.verifier_id
			where ${where}
			order by ${vouched} asc, l.id
			limit ${limit}`
	);
	const ids = rows.map((r) => r.id);
	const reports = ids.length
		? await db
				.select({
					id: lessonFeedback.id,
					lessonId: lessonFeedback.lessonId,
					userName: users.name,
					body: lessonFeedback.body,
					createdAt: lessonFeedback.createdAt
				})
				.from(lessonFeedback)
				.leftJoin(users, eq(users.id, lessonFeedback.userId))
				.where(and(eq(lessonFeedback.orgId, orgId), inArray(lessonFeedback.lessonId, ids), eq(lessonFeedback.kind, 'outdated'), isNull(lessonFeedback.resolvedAt)))
				.orderBy(asc(lessonFeedback.createdAt), asc(lessonFeedback.id))
		: [];
	const items: KeepTrueItem[] = [];
	for (const r of rows) {
		const facts: KeepTrueFacts = {
			status: 'published',
			publishedAt: asDate(r.published_at),
			verifiedAt: r.verified_at === null ? null : asDate(r.verified_at),
			recheckIntervalDays: Number(r.recheck_interval_days),
			openOutdated: Number(r.open_outdated),
			lastReusedAt: r.last_reused_at === null ? null : asDate(r.last_reused_at)
		};
		// The SQL above is the rules' twin; the rules have the last word (a report that landed
		// between the two statements moves a lesson from one section to the other).
		if (queueSection(facts, now) !== which) continue;
		const dueAt = recheckDue(facts)!;
		items.push({
			id: r.id,
			title: r.title,
			body: r.body,
			libraryTitle: r.library_title,
			librarySummary: r.library_summary,
			blockId: r.block_id,
			sourceDocumentId: r.source_document_id,
			documentTitle: r.document_title,
			teamName: r.team_name,
			verifierName: r.verifier_name,
			reuseCount: Number(r.reuse_count),
			recheckIntervalDays: facts.recheckIntervalDays,
			lastVerifiedAt: facts.verifiedAt ?? facts.publishedAt!,
			dueAt,
			overdue: dueAt.getTime() <= now.getTime(),
			lastReusedAt: facts.lastReusedAt,
			reports: reports.filter((p) => p.lessonId === r.id).map(({ id, userName, body, createdAt }) => ({ id, userName, body, createdAt }))
		});
	}
	return { items, count: Number(counted?.n ?? 0) };
}

/** The queue's "Perlu diperiksa ulang" and "Usulan pensiun" sections, the longest unverified first. */
export async function keepTrueQueue(db: Executor, orgId: string, now = new Date(), limit = 50): Promise<{ recheck: KeepTrueSection; retire: KeepTrueSection }> {
	const recheck = await section(db, orgId, 'recheck', now, limit);
	const retire = await section(db, orgId, 'retire', now, limit);
	return { recheck, retire };
}

export interface LibraryHealth {
	published: number;
	/** Published, verified within their interval, with no open "Usang" report (keep-true.ts `isCurrent`). */
	current: number;
}

/** How many published lessons are verified and current, for the library page. */
export async function libraryHealth(db: Executor, orgId: string, now = new Date()): Promise<LibraryHealth> {
	const [row] = await rowsOf<{ published: number; current: number }>(
		db,
		sql`select count(*)::int as published,
				count(*) filter (where not (${overdue(now)}) and not ${reportedOutdated})::int as current
			from lessons l where l.org_id = ${orgId} and l.status = 'published'`
	);
	return { published: Number(row?.published ?? 0), current: Number(row?.current ?? 0) };
}
