import * as Y from 'yjs';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	documents,
	orgMembers,
	reviewRequests,
	reviewReviewers,
	signOffs,
	teamMembers,
	teams,
	users
} from '../db/schema';
import { loadDocumentLog } from './document-log';
import { insertNotifications, type NewNotification } from './notifications';
import { signalNotificationsChanged } from '../notification-signal';
import { contentDigest } from '../../projection/walk';
import { isReviewState, type ReviewDecision, type ReviewState } from '../../reviews';

/**
 * Review requests and sign-offs (issue 13): SQL records, not CRDT. Each action is one
 * transaction that writes the record and its notifications together; the recipients' open
 * pages are signalled once it committed. The form actions authorize first (access.ts:
 * `requestReview`, `signOff`); these functions check again, inside their transaction, the facts
 * a concurrent change could have moved (archived meanwhile, a newer request, a reviewer removed).
 */

export type ReviewErrorCode =
	| 'document_missing'
	| 'archived'
	| 'no_reviewers'
	| 'reviewer_is_requester'
	| 'reviewer_is_creator'
	| 'reviewer_not_eligible'
	| 'request_missing'
	| 'request_not_open'
	| 'not_a_reviewer'
	| 'own_document';

/** A review action refused; nothing was written. `userId`: the reviewer it is about, if any. */
export class ReviewError extends Error {
	constructor(
		readonly code: ReviewErrorCode,
		readonly userId?: string
	) {
		super(`review refused: ${code}${userId ? ` (${userId})` : ''}`);
		this.name = 'ReviewError';
	}
}

/** Who may be named as a reviewer: the team's members and mentors, and the organisation's knowledge managers. */
export type ReviewerRole = 'mentor' | 'member' | 'knowledge_manager';

export interface ReviewCandidate {
	userId: string;
	name: string;
	email: string;
	role: ReviewerRole;
}

/**
 * Everyone who may review documents of a team, mentors first, then by name. A person who is
 * both in the team and a knowledge manager is listed once, with the team role.
 */
export async function listReviewCandidates(db: Executor, orgId: string, teamId: string): Promise<ReviewCandidate[]> {
	const [inTeam, managers] = await Promise.all([
		db
			.select({ userId: users.id, name: users.name, email: users.email, role: teamMembers.role })
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.innerJoin(orgMembers, and(eq(orgMembers.userId, teamMembers.userId), eq(orgMembers.orgId, orgId)))
			.where(eq(teamMembers.teamId, teamId)),
		db
			.select({ userId: users.id, name: users.name, email: users.email })
			.from(orgMembers)
			.innerJoin(users, eq(users.id, orgMembers.userId))
			.where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'knowledge_manager')))
	]);
	const byId = new Map<string, ReviewCandidate>();
	for (const row of inTeam) byId.set(row.userId, { ...row });
	for (const row of managers) if (!byId.has(row.userId)) byId.set(row.userId, { ...row, role: 'knowledge_manager' });
	const rank: Record<ReviewerRole, number> = { mentor: 0, member: 1, knowledge_manager: 2 };
	return [...byId.values()].sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name, 'id'));
}

/** The document as the review actions need it, read in their transaction. */
async function reviewedDocument(tx: Executor, documentId: string) {
	const [doc] = await tx
		.select({
			id: documents.id,
			orgId: documents.orgId,
			teamId: documents.teamId,
			createdBy: documents.createdBy,
			archived: sql<boolean>`(${documents.archivedAt} is not null or ${teams.archivedAt} is not null)`
		})
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(eq(documents.id, documentId))
		// A permanent delete of the document (or its team) waits for this transaction.
		.for('share', { of: documents });
	return doc;
}

/** The document's open request: the latest one (a new request starts a new round). */
async function latestRequest(db: Executor, documentId: string) {
	const [row] = await db
		.select({ id: reviewRequests.id, requestedBy: reviewRequests.requestedBy })
		.from(reviewRequests)
		.where(eq(reviewRequests.documentId, documentId))
		.orderBy(desc(reviewRequests.createdAt), desc(reviewRequests.id))
		.limit(1);
	return row;
}

/**
 * What `can(…, 'signOff', …)` needs about the open review, for one user: who asked, and whether
 * the user is named on it. Null when the document has no request.
 */
export async function openReviewFacts(
	db: Executor,
	documentId: string,
	userId: string
): Promise<{ requestId: string; requestedBy: string | null; reviewer: boolean } | null> {
	const request = await latestRequest(db, documentId);
	if (!request) return null;
	const [named] = await db
		.select({ userId: reviewReviewers.userId })
		.from(reviewReviewers)
		.where(and(eq(reviewReviewers.requestId, request.id), eq(reviewReviewers.userId, userId)));
	return { requestId: request.id, requestedBy: request.requestedBy, reviewer: named !== undefined };
}

export interface RequestReviewInput {
	documentId: string;
	requestedBy: string;
	/** Empty: the team's mentors (other than the requester and the creator). */
	reviewerIds?: readonly string[];
	note?: string;
}

/**
 * Asks for a review: a new request (the latest counts from now on) naming its reviewers, and a
 * `review_request` notification to each. Refuses (ReviewError, nothing written) an archived
 * document, the requester or the document's creator as a reviewer, anyone who is not a member
 * or mentor of the team or a knowledge manager of the organisation, and a request with nobody
 * to ask (no reviewers named and no mentor in the team).
 */
export async function requestReview(
	db: Db,
	input: RequestReviewInput
): Promise<{ requestId: string; reviewerIds: string[] }> {
	const { requestId, reviewerIds, notified } = await db.transaction(async (tx) => {
		const doc = await reviewedDocument(tx, input.documentId);
		if (!doc) throw new ReviewError('document_missing');
		if (doc.archived) throw new ReviewError('archived');
		const candidates = await listReviewCandidates(tx, doc.orgId, doc.teamId);
		const eligible = new Map(candidates.map((c) => [c.userId, c]));
		let reviewerIds = [...new Set(input.reviewerIds ?? [])];
		if (reviewerIds.length === 0) {
			// By default the team's mentors; a mentor who wrote the document or asks for its review
			// cannot approve it, so is not asked.
			reviewerIds = candidates
				.filter((c) => c.role === 'mentor' && c.userId !== input.requestedBy && c.userId !== doc.createdBy)
				.map((c) => c.userId);
			if (reviewerIds.length === 0) throw new ReviewError('no_reviewers');
		}
		for (const userId of reviewerIds) {
			if (userId === input.requestedBy) throw new ReviewError('reviewer_is_requester', userId);
			if (userId === doc.createdBy) throw new ReviewError('reviewer_is_creator', userId);
			if (!eligible.has(userId)) throw new ReviewError('reviewer_not_eligible', userId);
		}
		const requestId = crypto.randomUUID();
		await tx.insert(reviewRequests).values({
			id: requestId,
			documentId: doc.id,
			requestedBy: input.requestedBy,
			note: input.note?.trim() ?? ''
		});
		await tx.insert(reviewReviewers).values(reviewerIds.map((userId) => ({ requestId, userId })));
		const notified = await insertNotifications(
			tx,
			reviewerIds.map(
				(userId): NewNotification => ({
					userId,
					orgId: doc.orgId,
					kind: 'review_request',
					documentId: doc.id,
					requestId,
					actorId: input.requestedBy,
					dedupeKey: `review_request:${requestId}`
				})
			)
		);
		return { requestId, reviewerIds, notified };
	});
	signalNotificationsChanged(notified);
	return { requestId, reviewerIds };
}

/**
 * The state of the document a sign-off sees: its saved log (stored state + every log row, one
 * snapshot) merged, the Y.Doc state vector of that update — a version history can rebuild
 * exactly this state — and the content digest the projection computes for the same state.
 */
export async function savedDocumentState(db: Executor, documentId: string): Promise<{ stateVector: Uint8Array; contentDigest: string }> {
	const log = await loadDocumentLog(db, documentId);
	const merged = Y.mergeUpdates([...(log.state ? [log.state] : []), ...log.updates.map((u) => u.data)]);
	const stateVector = Y.encodeStateVectorFromUpdate(merged);
	const doc = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(doc, merged);
		// The function the projection's walk uses for document_projections.content_digest.
		return { stateVector, contentDigest: contentDigest(doc) };
	} finally {
		doc.destroy();
	}
}

export interface SignOffInput {
	/** The document the reviewer was authorized on: the request must be this document's. */
	documentId: string;
	requestId: string;
	reviewerId: string;
	decision: ReviewDecision;
	note?: string;
}

/**
 * Records a reviewer's decision on the open request, with the state of the document it saw
 * (`savedDocumentState`), and notifies the requester and the document's creator (`sign_off`).
 * A reviewer may decide again; their latest decision counts. Refuses (ReviewError, nothing
 * written) a request that is not the document's latest, someone not named on it, the creator
 * or the requester, and an archived document.
 */
export async function signOff(
	db: Db,
	input: SignOffInput
): Promise<{ signOffId: string; documentId: string; stateVector: Uint8Array; contentDigest: string }> {
	const { result, notified } = await db.transaction(async (tx) => {
		const [request] = await tx
			.select({ documentId: reviewRequests.documentId, requestedBy: reviewRequests.requestedBy })
			.from(reviewRequests)
			.where(eq(reviewRequests.id, input.requestId));
		if (!request || request.documentId !== input.documentId) throw new ReviewError('request_missing');
		const doc = await reviewedDocument(tx, request.documentId);
		if (!doc) throw new ReviewError('document_missing');
		if (doc.archived) throw new ReviewError('archived');
		if ((await latestRequest(tx, doc.id))?.id !== input.requestId) throw new ReviewError('request_not_open');
		if (input.reviewerId === doc.createdBy || input.reviewerId === request.requestedBy) throw new ReviewError('own_document');
		const [named] = await tx
			.select({ userId: reviewReviewers.userId })
			.from(reviewReviewers)
			.where(and(eq(reviewReviewers.requestId, input.requestId), eq(reviewReviewers.userId, input.reviewerId)));
		if (!named) throw new ReviewError('not_a_reviewer', input.reviewerId);

		const seen = await savedDocumentState(tx, doc.id);
		const signOffId = crypto.randomUUID();
		await tx.insert(signOffs).values({
			id: signOffId,
			requestId: input.requestId,
			documentId: doc.id,
			reviewerId: input.reviewerId,
			decision: input.decision,
			note: input.note?.trim() ?? '',
			stateVector: seen.stateVector,
			contentDigest: seen.contentDigest
		});
		const recipients = new Set([request.requestedBy, doc.createdBy].filter((id): id is string => id !== null));
		recipients.delete(input.reviewerId);
		const notified = await insertNotifications(
			tx,
			[...recipients].map(
				(userId): NewNotification => ({
					userId,
					orgId: doc.orgId,
					kind: 'sign_off',
					documentId: doc.id,
					requestId: input.requestId,
					actorId: input.reviewerId,
					dedupeKey: `sign_off:${signOffId}`
				})
			)
		);
		return { result: { signOffId, documentId: doc.id, ...seen }, notified };
	});
	signalNotificationsChanged(notified);
	return result;
}

/**
 * A document's review state as one SQL expression over the row of `documents` in the query's FROM
 * (not aliased), so the team
 * list filters and sorts by it in SQL and `reviewState` answers in bulk with the same rule (see
 * `$lib/reviews` for what each state means). Only the latest request counts, and of each
 * reviewer named on it only their latest sign-off. An approval counts for `approved` only if it
 * saw the content as last projected (`document_projections.content_digest`; a document not yet
 * projected with a digest counts as unchanged); enough approvals of which some saw another
 * content is `changed_after_approval`. Comments do not change the digest.
 */
export function reviewStateSql(): SQL<ReviewState> {
	// Qualified by hand: Drizzle writes a bare "id" for a column of a one-table select, which
	// inside the subqueries below would name their own tables' ids.
	const documentId = sql`"documents"."id"`;
	const teamId = sql`"documents"."team_id"`;
	// Grouped by the request: no request, no row, hence 'none'. A request without sign-offs
	// joins one row of nulls, which counts nothing: 'pending'.
	return sql<ReviewState>`coalesce((
		select case
			when bool_or(d.decision = 'changes_requested') then 'changes_requested'
			when count(*) filter (where d.decision = 'approved' and (p.digest is null or d.content_digest = p.digest))
				>= (select t.required_approvals from teams t where t.id = ${teamId}) then 'approved'
			when count(*) filter (where d.decision = 'approved')
				>= (select t.required_approvals from teams t where t.id = ${teamId}) then 'changed_after_approval'
			else 'pending'
		end
		from (
			select rr.id from review_requests rr
			 where rr.document_id = ${documentId}
			 order by rr.created_at desc, rr.id desc
			 limit 1
		) as r
		left join lateral (
			select nullif(dp.content_digest, '') as digest from document_projections dp where dp.document_id = ${documentId}
		) as p on true
		left join lateral (
			select distinct on (so.reviewer_id) so.decision, so.content_digest
			  from sign_offs so
			  join review_reviewers rv on rv.request_id = so.request_id and rv.user_id = so.reviewer_id
			 where so.request_id = r.id
			 order by so.reviewer_id, so.created_at desc, so.id desc
		) as d on true
		group by r.id, p.digest
	), 'none')`;
}

/** The review state of each document (unknown ids are left out). */
export async function reviewState(db: Executor, documentIds: readonly string[]): Promise<Map<string, ReviewState>> {
	if (documentIds.length === 0) return new Map();
	const rows = await db
		.select({ id: documents.id, state: reviewStateSql() })
		.from(documents)
		.where(inArray(documents.id, [...new Set(documentIds)]));
	return new Map(rows.map((r) => [r.id, isReviewState(r.state) ? r.state : 'none']));
}

export interface ReviewerDecision {
	userId: string;
	name: string | null;
	/** Their latest decision on this request; null while they have not decided. */
	decision: ReviewDecision | null;
	note: string;
	decidedAt: Date | null;
}

export interface ReviewSummary {
	state: ReviewState;
	requiredApprovals: number;
	/** The open (latest) request, or null when none was ever made. */
	request: {
		id: string;
		requestedBy: string | null;
		requesterName: string | null;
		note: string;
		createdAt: Date;
		reviewers: ReviewerDecision[];
	} | null;
}

/** What the document page's review panel shows: the state, the open request, each reviewer's latest decision. */
export async function loadReviewSummary(db: Executor, documentId: string): Promise<ReviewSummary | null> {
	const [doc] = await db
		.select({ state: reviewStateSql(), requiredApprovals: teams.requiredApprovals })
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(eq(documents.id, documentId));
	if (!doc) return null;
	const state = isReviewState(doc.state) ? doc.state : 'none';
	const [request] = await db
		.select({
			id: reviewRequests.id,
			requestedBy: reviewRequests.requestedBy,
			requesterName: users.name,
			note: reviewRequests.note,
			createdAt: reviewRequests.createdAt
		})
		.from(reviewRequests)
		.leftJoin(users, eq(users.id, reviewRequests.requestedBy))
		.where(eq(reviewRequests.documentId, documentId))
		.orderBy(desc(reviewRequests.createdAt), desc(reviewRequests.id))
		.limit(1);
	if (!request) return { state, requiredApprovals: doc.requiredApprovals, request: null };
	const [named, decisions] = await Promise.all([
		db
			.select({ userId: reviewReviewers.userId, name: users.name })
			.from(reviewReviewers)
			.leftJoin(users, eq(users.id, reviewReviewers.userId))
			.where(eq(reviewReviewers.requestId, request.id))
			.orderBy(asc(users.name)),
		db
			.select({ reviewerId: signOffs.reviewerId, decision: signOffs.decision, note: signOffs.note, createdAt: signOffs.createdAt })
			.from(signOffs)
			.where(eq(signOffs.requestId, request.id))
			.orderBy(asc(signOffs.createdAt), asc(signOffs.id))
	]);
	// Oldest first, so each reviewer ends with their latest decision.
	const latest = new Map(decisions.map((d) => [d.reviewerId, d]));
	return {
		state,
		requiredApprovals: doc.requiredApprovals,
		request: {
			...request,
			reviewers: named.map((r) => {
				const decided = latest.get(r.userId);
				return {
					userId: r.userId,
					name: r.name,
					decision: decided?.decision ?? null,
					note: decided?.note ?? '',
					decidedAt: decided?.createdAt ?? null
				};
			})
		}
	};
}

/** The team setting: approvals a review needs (1–5; the table's CHECK holds the same range). */
export async function setRequiredApprovals(db: Executor, teamId: string, requiredApprovals: number): Promise<void> {
	await db.update(teams).set({ requiredApprovals }).where(eq(teams.id, teamId));
}
