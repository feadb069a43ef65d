import { sql } from 'drizzle-orm';
import {
	pgTable,
	uuid,
	text,
	timestamp,
	integer,
	bigint,
	bigserial,
	boolean,
	doublePrecision,
	jsonb,
	date,
	customType,
	primaryKey,
	uniqueIndex,
	index,
	check,
	foreignKey
} from 'drizzle-orm/pg-core';
import {
	DOCUMENT_ROLES,
	DOCUMENT_STATUSES,
	DOCUMENT_TYPES,
	DOCUMENT_VISIBILITIES,
	ORG_ROLES,
	TEAM_ROLES,
	type OrgRole,
	type TeamRole
} from '../../roles';
import { CURATION_ACTIONS, LESSON_STATUSES } from '../../lessons/lifecycle';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres.js hands back a Buffer, PGlite a Uint8Array: normalise to a plain view.
	fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
});

/**
 * A text-search vector. The library's is maintained by a trigger (migration 0006), not by the
 * code: every writer of a lesson's text (the projection, curation) gets it for free.
 */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

const createdAt = (name = 'created_at') => timestamp(name, { withTimezone: true }).notNull().defaultNow();

export { ORG_ROLES, TEAM_ROLES, type OrgRole, type TeamRole };

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)]
);

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: bytea('secret_hash').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins per key (`account:<email>` or `ip:<address>`), for throttling. */
export const loginThrottle = pgTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
	lockedUntil: timestamp('locked_until', { withTimezone: true })
});

export const organizations = pgTable('organizations', {
	id: uuid('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: createdAt()
});

export const orgMembers = pgTable(
	'org_members',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ORG_ROLES }).notNull(),
		joinedAt: createdAt('joined_at')
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.userId] }),
		index('org_members_user_idx').on(t.userId),
		check('org_members_role_check', sql`${t.role} in ('admin', 'knowledge_manager', 'member')`)
	]
);

export const teams = pgTable(
	'teams',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		createdAt: createdAt(),
		/**
		 * An archived team is hidden from lists and its documents are read-only (as if archived
		 * themselves); an admin restores it. Only "delete permanently" removes the row.
		 */
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		/** Approvals a review needs before the document counts as approved (issue 13). */
		requiredApprovals: integer('required_approvals').notNull().default(1)
	},
	(t) => [
		index('teams_org_idx').on(t.orgId),
		check('teams_required_approvals_check', sql`${t.requiredApprovals} between 1 and 5`)
	]
);

export const teamMembers = pgTable(
	'team_members',
	{
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: TEAM_ROLES }).notNull(),
		joinedAt: createdAt('joined_at')
	},
	(t) => [
		primaryKey({ columns: [t.teamId, t.userId] }),
		index('team_members_user_idx').on(t.userId),
		check('team_members_role_check', sql`${t.role} in ('member', 'mentor')`)
	]
);

export const invitations = pgTable(
	'invitations',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** SHA-256 of the secret in the link; the link itself is never stored. */
		tokenHash: bytea('token_hash').notNull(),
		orgRole: text('org_role', { enum: ORG_ROLES }).notNull(),
		teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
		teamRole: text('team_role', { enum: TEAM_ROLES }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		usedBy: uuid('used_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('invitations_token_idx').on(t.tokenHash),
		index('invitations_org_idx').on(t.orgId),
		check('invitations_org_role_check', sql`${t.orgRole} in ('admin', 'knowledge_manager', 'member')`),
		check('invitations_team_role_check', sql`${t.teamRole} in ('member', 'mentor')`),
		// A team invitation names its role; an organisation-only one has neither.
		check('invitations_team_pair_check', sql`(${t.teamId} is null) = (${t.teamRole} is null)`)
	]
);

export const documents = pgTable(
	'documents',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
		title: text('title').notNull(),
		status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('draft'),
		visibility: text('visibility', { enum: DOCUMENT_VISIBILITIES }).notNull().default('team'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * The last editor the app knows of, and when: written by the saves that know who saved
		 * (creation, and callers of updateDocument/setDocumentArchived that pass the user). A write
		 * that moves `updated_at` without naming anyone (the projection of live edits, which does not
		 * know who typed) leaves `updated_by_at` behind it, and the editor counts as unknown then:
		 * the team page shows a name only while `updated_by_at = updated_at`.
		 */
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedByAt: timestamp('updated_by_at', { withTimezone: true }),
		archivedAt: timestamp('archived_at', { withTimezone: true })
	},
	(t) => [
		index('documents_team_idx').on(t.teamId),
		index('documents_org_idx').on(t.orgId),
		check('documents_type_check', sql`${t.type} in ('failure_analysis', 'sop_improvement', 'retrospective')`),
		check('documents_status_check', sql`${t.status} in ('draft', 'in_review', 'final')`),
		check('documents_visibility_check', sql`${t.visibility} in ('team', 'organisation')`)
	]
);

/** Explicit per-document shares (design.md "Users and roles"). */
export const documentShares = pgTable(
	'document_shares',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: DOCUMENT_ROLES }).notNull(),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.documentId, t.userId] }),
		check('document_shares_role_check', sql`${t.role} in ('viewer', 'commenter', 'editor')`)
	]
);

/**
 * Append-only Yjs update log. An update is "saved" once its row is committed here
 * (durability contract §1). Compaction folds rows into document_states and deletes them in
 * the same transaction.
 */
export const documentUpdates = pgTable(
	'document_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		data: bytea('data').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('document_updates_doc_idx').on(t.documentId, t.id)]
);

/** The compacted Yjs state of a document: every update with id <= upToUpdateId is folded in. */
export const documentStates = pgTable('document_states', {
	documentId: uuid('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	state: bytea('state').notNull(),
	upToUpdateId: bigint('up_to_update_id', { mode: 'number' }).notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * Projected from `lesson` nodes (design.md "From CRDT to numbers"). History the metrics count:
 * deleting the source document permanently keeps the row (`source_document_id` becomes null,
 * `origin_document_id` and `origin_team_id` keep where it came from). See ARCHITECTURE.md
 * "Archiving and permanent deletion".
 */
export const lessons = pgTable(
	'lessons',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** The live source document; null once it was deleted permanently. */
		sourceDocumentId: uuid('source_document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** The document it was projected from, kept after that document is deleted (no foreign key). */
		originDocumentId: uuid('origin_document_id').notNull(),
		/** That document's team, kept after the team is deleted (no foreign key): team metrics. */
		originTeamId: uuid('origin_team_id').notNull(),
		/** The node's stable `id` attribute. */
		blockId: uuid('block_id').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		status: text('status', { enum: LESSON_STATUSES })
			.notNull()
			.default('draft'),
		mergedInto: uuid('merged_into'),
		removedAt: timestamp('removed_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		// The library's copy (issue 14): the curator edits these; the block's `title`/`body` stay
		// the team's and keep following the document. Null: not edited, the projected text shows.
		libraryTitle: text('library_title'),
		librarySummary: text('library_summary'),
		/** When the library's text last changed (documents reusing it can tell it was updated). */
		libraryUpdatedAt: timestamp('library_updated_at', { withTimezone: true }),
		proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
		proposedAt: timestamp('proposed_at', { withTimezone: true }),
		/** The knowledge manager who published it. */
		curatorId: uuid('curator_id').references(() => users.id, { onDelete: 'set null' }),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		/** Who vouches that it is still true (the curator by default), and when they last did. */
		verifierId: uuid('verifier_id').references(() => users.id, { onDelete: 'set null' }),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		recheckIntervalDays: integer('recheck_interval_days').notNull().default(180),
		retireReason: text('retire_reason'),
		/** Live rows of `lesson_reuses` naming it; kept by a trigger on that table (migration 0006). */
		reuseCount: integer('reuse_count').notNull().default(0),
		/**
		 * `indonesian` (stemmed) title A, summary B, body C, plus `simple` (unstemmed: names and
		 * codes as written, for exact and prefix matches) title and summary D. Kept by a trigger.
		 */
		searchVector: tsvector('search_vector').notNull().default(sql`''::tsvector`)
	},
	(t) => [
		uniqueIndex('lessons_origin_block_idx').on(t.originDocumentId, t.blockId),
		// Also the target of the (org_id, lesson_id) foreign keys: a tag, reuse or curation event
		// cannot name a lesson of another organisation, whatever the code does.
		uniqueIndex('lessons_org_id_idx').on(t.orgId, t.id),
		// The target of lesson_reuses_lesson_team_fk: a reuse carries its lesson's team (migration 0011).
		uniqueIndex('lessons_org_id_team_idx').on(t.orgId, t.id, t.originTeamId),
		index('lessons_search_idx').using('gin', t.searchVector),
		// Browsing the library without a query: newest and most reused first.
		index('lessons_org_published_idx').on(t.orgId, t.status, t.publishedAt),
		// In the search's exact order (reuse_count desc, id): with the whole proposed queue at 0
		// reuses, an index on the count alone leaves one tie group to read and sort in full.
		index('lessons_org_reuse_idx').on(t.orgId, t.status, t.reuseCount.desc().nullsFirst(), t.id),
		// The search's walks when no single status is asked for (a curator over several statuses,
		// the queue): newest by `coalesce(published_at, created_at)`, most reused (migration 0007).
		index('lessons_org_listed_idx').on(t.orgId, sql`coalesce(${t.publishedAt}, ${t.createdAt})`),
		index('lessons_org_reuse_any_idx').on(t.orgId, t.reuseCount.desc().nullsFirst(), t.id),
		// A team filter walks its own team's lessons instead of reading ~24 of other teams per hit.
		index('lessons_org_team_published_idx').on(t.orgId, t.originTeamId, t.publishedAt),
		index('lessons_org_team_reuse_idx').on(t.orgId, t.originTeamId, t.reuseCount.desc().nullsFirst(), t.id),
		// The impact funnel finds the lessons merged into its cohort's (migration 0009).
		index('lessons_merged_into_idx').on(t.orgId, t.mergedInto).where(sql`${t.mergedInto} is not null`),
		check('lessons_status_check', sql`${t.status} in ('draft', 'proposed', 'published', 'retired', 'merged')`),
		// A merged lesson names the survivor, and only a merged one does (reuses follow it).
		check('lessons_merged_into_check', sql`(${t.status} = 'merged') = (${t.mergedInto} is not null)`),
		check('lessons_merged_into_self_check', sql`${t.mergedInto} <> ${t.id}`),
		check('lessons_recheck_interval_check', sql`${t.recheckIntervalDays} between 1 and 3650`),
		check('lessons_reuse_count_check', sql`${t.reuseCount} >= 0`)
	]
);

export const PROCESS_CHANGE_OUTCOMES = ['kept', 'dropped'] as const;
export type ProcessChangeOutcome = (typeof PROCESS_CHANGE_OUTCOMES)[number];

/** Projected from `processChange` nodes. */
export const processChanges = pgTable(
	'process_changes',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** The live document; null once it was deleted permanently (the row is history). */
		documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** The document it was projected from, kept after that document is deleted (no foreign key). */
		originDocumentId: uuid('origin_document_id').notNull(),
		/** That document's team, kept after the team is deleted (no foreign key): team metrics. */
		originTeamId: uuid('origin_team_id').notNull(),
		blockId: uuid('block_id').notNull(),
		indicator: text('indicator').notNull(),
		unit: text('unit').notNull(),
		direction: text('direction', { enum: ['increase', 'decrease'] }).notNull(),
		baseline: doublePrecision('baseline'),
		target: doublePrecision('target'),
		/** Lesson ids this change is based on (lessonRefs inside it or its attribute). */
		linkedLessonIds: jsonb('linked_lesson_ids').$type<string[]>().notNull().default([]),
		description: text('description').notNull().default(''),
		removedAt: timestamp('removed_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		// Follow-through (issue 15), written on the change's page, never by the projection (which
		// owns the columns above): who owns it, when it is planned, when the baseline was measured,
		// when it was implemented, and whether it was kept or dropped after measuring.
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
		plannedOn: date('planned_on', { mode: 'string' }),
		baselineOn: date('baseline_on', { mode: 'string' }),
		implementedOn: date('implemented_on', { mode: 'string' }),
		outcome: text('outcome', { enum: PROCESS_CHANGE_OUTCOMES }),
		outcomeNote: text('outcome_note').notNull().default(''),
		outcomeAt: timestamp('outcome_at', { withTimezone: true }),
		outcomeBy: uuid('outcome_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('process_changes_origin_block_idx').on(t.originDocumentId, t.blockId),
		index('process_changes_org_idx').on(t.orgId),
		// Target of the (org_id, process_change_id) foreign keys of measurements.
		uniqueIndex('process_changes_org_id_idx').on(t.orgId, t.id),
		index('process_changes_org_team_idx').on(t.orgId, t.originTeamId, t.implementedOn),
		// The impact funnel: which changes name a lesson (`@>`, migration 0009). jsonb_path_ops: a
		// smaller index than jsonb_ops, and `@>` is the only operator asked of it.
		index('process_changes_linked_lessons_idx').using('gin', t.linkedLessonIds.op('jsonb_path_ops')),
		check('process_changes_outcome_check', sql`${t.outcome} in ('kept', 'dropped')`),
		check('process_changes_outcome_implemented_check', sql`${t.outcome} is null or ${t.implementedOn} is not null`),
		check('process_changes_direction_check', sql`${t.direction} in ('increase', 'decrease')`),
		check('process_changes_linked_lessons_check', sql`jsonb_typeof(${t.linkedLessonIds}) = 'array'`)
	]
);

/** Per-document projection bookkeeping: comment counts and when the walk last ran. */
export const documentProjections = pgTable(
	'document_projections',
	{
		documentId: uuid('document_id')
			.primaryKey()
			.references(() => documents.id, { onDelete: 'cascade' }),
		commentThreads: integer('comment_threads').notNull().default(0),
		openCommentThreads: integer('open_comment_threads').notNull().default(0),
		wordCount: integer('word_count').notNull().default(0),
		/**
		 * A digest of the body and title as last projected: a sign-off stores the digest it saw, and
		 * a different one now means "changed after approval" (comments do not change it).
		 */
		contentDigest: text('content_digest').notNull().default(''),
		projectedAt: timestamp('projected_at', { withTimezone: true }).notNull().defaultNow(),
		stale: boolean('stale').notNull().default(false)
	},
	(t) => [
		// The projection catch-up lists stale rows, oldest first, every minute: only the few stale
		// ones are in this index, however many documents there are.
		index('document_projections_stale_idx').on(t.projectedAt, t.documentId).where(sql`${t.stale}`),
		check(
			'document_projections_counts_check',
			sql`${t.commentThreads} >= 0 and ${t.openCommentThreads} between 0 and ${t.commentThreads} and ${t.wordCount} >= 0`
		)
	]
);

/**
 * Comment threads projected from the `comments` root (src/lib/comments/model.ts). Ids are the
 * Y.Doc's, unique per document only (a client chooses them), hence the composite keys. Times are
 * the server's: when the projection first saw the thread or message, never the client's `at`.
 */
export const commentThreads = pgTable(
	'comment_threads',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull(),
		/** The opening message's author (null: account deleted, or the opening message removed). */
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		anchored: boolean('anchored').notNull(),
		quote: text('quote').notNull().default(''),
		resolved: boolean('resolved').notNull().default(false),
		resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		messageCount: integer('message_count').notNull().default(0),
		createdAt: createdAt(),
		lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
		/** Set when the thread left the document (its entries deleted); the row is history. */
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.documentId, t.id] }),
		check('comment_threads_count_check', sql`${t.messageCount} >= 0`)
	]
);

export const commentMessages = pgTable(
	'comment_messages',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		id: uuid('id').notNull(),
		threadId: uuid('thread_id').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: createdAt(),
		editedAt: timestamp('edited_at', { withTimezone: true }),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.documentId, t.id] }),
		index('comment_messages_thread_idx').on(t.documentId, t.threadId),
		index('comment_messages_author_idx').on(t.authorId)
	]
);

/** Who a message mentions, as the projection accepted them (members who can view the document). */
export const commentMentions = pgTable(
	'comment_mentions',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		messageId: uuid('message_id').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.messageId, t.userId] }), index('comment_mentions_user_idx').on(t.userId)]
);

/** A request for review of a document: one round; its reviewers are `review_reviewers`. */
export const reviewRequests = pgTable(
	'review_requests',
	{
		id: uuid('id').primaryKey(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
		note: text('note').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [index('review_requests_document_idx').on(t.documentId, t.createdAt)]
);

export const reviewReviewers = pgTable(
	'review_reviewers',
	{
		requestId: uuid('request_id')
			.notNull()
			.references(() => reviewRequests.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.requestId, t.userId] }), index('review_reviewers_user_idx').on(t.userId)]
);

/**
 * A reviewer's decision on a request. It records which state of the document it saw: the Y.Doc
 * state vector of the saved log at that moment (a version history can rebuild exactly that
 * state) and the content digest (document_projections.content_digest) to tell a later edit.
 */
export const signOffs = pgTable(
	'sign_offs',
	{
		id: uuid('id').primaryKey(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => reviewRequests.id, { onDelete: 'cascade' }),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
		decision: text('decision', { enum: ['approved', 'changes_requested'] }).notNull(),
		note: text('note').notNull().default(''),
		stateVector: bytea('state_vector').notNull(),
		contentDigest: text('content_digest').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('sign_offs_request_idx').on(t.requestId, t.createdAt),
		index('sign_offs_document_idx').on(t.documentId),
		check('sign_offs_decision_check', sql`${t.decision} in ('approved', 'changes_requested')`)
	]
);

export const NOTIFICATION_KINDS = [
	'mention',
	'reply',
	'review_request',
	'sign_off',
	'resolved',
	'measurement_due'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One user's inbox. Written by the comment projection (mentions, replies, resolved threads) and
 * by the review actions. `dedupe_key` makes every writer idempotent: the projection runs again
 * and again over the same document and must notify once per event.
 */
export const notifications = pgTable(
	'notifications',
	{
		id: uuid('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		threadId: uuid('thread_id'),
		messageId: uuid('message_id'),
		requestId: uuid('request_id').references(() => reviewRequests.id, { onDelete: 'cascade' }),
		/** A check reminder's process change (kind `measurement_due`). */
		processChangeId: uuid('process_change_id').references(() => processChanges.id, { onDelete: 'cascade' }),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		dedupeKey: text('dedupe_key').notNull(),
		createdAt: createdAt(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey),
		index('notifications_user_idx').on(t.userId, t.createdAt),
		index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
		check('notifications_kind_check', sql`${t.kind} in ('mention', 'reply', 'review_request', 'sign_off', 'resolved', 'measurement_due')`)
	]
);

/**
 * A `lessonRef` node in a document (issue 14): one reuse. Projected like lessons: upserted by
 * (document, the node's id), `removed_at` when the node is gone, and kept (document id null)
 * when the reusing document is deleted permanently — reuses are history the metrics count.
 */
export const lessonReuses = pgTable(
	'lesson_reuses',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		lessonId: uuid('lesson_id').notNull(),
		/** The reusing document; null once it was deleted permanently. */
		documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
		originDocumentId: uuid('origin_document_id').notNull(),
		originTeamId: uuid('origin_team_id').notNull(),
		/** The `lessonRef` node's own id. */
		blockId: uuid('block_id').notNull(),
		/**
		 * The reused lesson's `origin_team_id`, so a cross-team reuse (the "20" of 70:20:10) is known
		 * from the row alone. Written by the database, never by the app: a trigger copies it from
		 * the lesson on insert (whatever the writer sent) and lesson_reuses_lesson_team_fk keeps it
		 * equal (ON UPDATE CASCADE). Migration 0011.
		 */
		lessonTeamId: uuid('lesson_team_id'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('lesson_reuses_origin_block_idx').on(t.originDocumentId, t.blockId),
		index('lesson_reuses_lesson_idx').on(t.lessonId, t.createdAt),
		index('lesson_reuses_document_idx').on(t.documentId),
		// The impact funnel counts a lesson's live reuses outside its source from the index alone
		// (migration 0009).
		index('lesson_reuses_live_lesson_idx')
			.on(t.lessonId, t.orgId, t.originDocumentId)
			.where(sql`${t.removedAt} is null`),
		// The 70:20:10 mix: a period's live cross-team reuses per reusing team (and, for a person's
		// year, their documents and days) from the index alone (migration 0011; 0010's index by team
		// and time still had to look every reuse's lesson up).
		index('lesson_reuses_cross_team_idx')
			.on(t.orgId, t.originTeamId, t.createdAt, t.originDocumentId)
			.where(sql`${t.removedAt} is null and ${t.lessonTeamId} <> ${t.originTeamId}`),
		// Same organisation as the lesson, enforced by the database (a hostile lessonRef).
		foreignKey({
			name: 'lesson_reuses_lesson_fk',
			columns: [t.orgId, t.lessonId],
			foreignColumns: [lessons.orgId, lessons.id]
		}).onDelete('cascade'),
		foreignKey({
			name: 'lesson_reuses_lesson_team_fk',
			columns: [t.orgId, t.lessonId, t.lessonTeamId],
			foreignColumns: [lessons.orgId, lessons.id, lessons.originTeamId]
		})
			.onUpdate('cascade')
			.onDelete('cascade')
	]
);

/** The organisation's tag list, edited by knowledge managers: "Pelayanan > Administrasi kependudukan". */
export const tags = pgTable(
	'tags',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		parentId: uuid('parent_id'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('tags_org_name_idx').on(t.orgId, sql`lower(${t.name})`),
		uniqueIndex('tags_org_id_idx').on(t.orgId, t.id),
		index('tags_parent_idx').on(t.parentId),
		// A parent of the same organisation; deleting a tag that still has children is refused.
		foreignKey({ name: 'tags_parent_fk', columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
		check('tags_parent_check', sql`${t.parentId} <> ${t.id}`),
		check('tags_name_check', sql`length(btrim(${t.name})) between 1 and 80`)
	]
);

export const lessonTags = pgTable(
	'lesson_tags',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		lessonId: uuid('lesson_id').notNull(),
		tagId: uuid('tag_id').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.lessonId, t.tagId] }),
		index('lesson_tags_tag_idx').on(t.tagId),
		foreignKey({
			name: 'lesson_tags_lesson_fk',
			columns: [t.orgId, t.lessonId],
			foreignColumns: [lessons.orgId, lessons.id]
		}).onDelete('cascade'),
		foreignKey({ name: 'lesson_tags_tag_fk', columns: [t.orgId, t.tagId], foreignColumns: [tags.orgId, tags.id] }).onDelete(
			'cascade'
		)
	]
);


/** Every curation step of a lesson (who, when, what), shown on the lesson page. Append only. */
export const lessonCurationEvents = pgTable(
	'lesson_curation_events',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		lessonId: uuid('lesson_id').notNull(),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action', { enum: CURATION_ACTIONS }).notNull(),
		fromStatus: text('from_status', { enum: LESSON_STATUSES }).notNull(),
		toStatus: text('to_status', { enum: LESSON_STATUSES }).notNull(),
		note: text('note').notNull().default(''),
		/** For a merge: the survivor. */
		mergedInto: uuid('merged_into'),
		createdAt: createdAt()
	},
	(t) => [
		index('lesson_curation_events_lesson_idx').on(t.lessonId, t.createdAt),
		foreignKey({
			name: 'lesson_curation_events_lesson_fk',
			columns: [t.orgId, t.lessonId],
			foreignColumns: [lessons.orgId, lessons.id]
		}).onDelete('cascade'),
		check(
			'lesson_curation_events_action_check',
			sql`${t.action} in ('propose', 'send_back', 'publish', 'retire', 'republish', 'merge', 'edit', 'tag', 'verify')`
		),
		check(
			'lesson_curation_events_status_check',
			sql`${t.fromStatus} in ('draft', 'proposed', 'published', 'retired', 'merged') and ${t.toStatus} in ('draft', 'proposed', 'published', 'retired', 'merged')`
		)
	]
);

/**
 * Every word (unstemmed, lower case) of an organisation's lessons: the typo fallback of the
 * library search looks a misspelt query word up here by trigram similarity and searches for the
 * words it finds. Filled by a trigger on `lessons` (migration 0006); never pruned — a word whose
 * lessons are gone only costs a search that finds nothing for it.
 */
export const lessonTerms = pgTable(
	'lesson_terms',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		term: text('term').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.orgId, t.term] }),
		index('lesson_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops'))
	]
);

/**
 * A measurement of a process change's indicator (design.md: records entered in a form, not in
 * the CRDT). Removing one sets `removed_at`: the metrics only count live rows, history stays.
 */
export const measurements = pgTable(
	'measurements',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		processChangeId: uuid('process_change_id').notNull(),
		value: doublePrecision('value').notNull(),
		measuredOn: date('measured_on', { mode: 'string' }).notNull(),
		note: text('note').notNull().default(''),
		/** Where the figure comes from (a register, a report, a survey). */
		source: text('source').notNull().default(''),
		recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		removedAt: timestamp('removed_at', { withTimezone: true }),
		removedBy: uuid('removed_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('measurements_change_idx').on(t.processChangeId, t.measuredOn),
		index('measurements_org_idx').on(t.orgId, t.measuredOn),
		// A change's latest live measurement (the funnel's measurable and improved), in the
		// statement's order and with its value: one index-only probe per change (migration 0010).
		index('measurements_live_latest_idx')
			.on(t.orgId, t.processChangeId, t.measuredOn, t.createdAt, t.id, t.value)
			.where(sql`${t.removedAt} is null`),
		foreignKey({
			name: 'measurements_change_fk',
			columns: [t.orgId, t.processChangeId],
			foreignColumns: [processChanges.orgId, processChanges.id]
		}).onDelete('cascade'),
		// PostgreSQL's float8 takes NaN and infinities; a measurement never is one.
		check(
			'measurements_value_check',
			sql`${t.value} <> 'NaN'::float8 and ${t.value} <> 'Infinity'::float8 and ${t.value} <> '-Infinity'::float8`
		),
		check('measurements_note_check', sql`length(${t.note}) <= 2000 and length(${t.source}) <= 500`)
	]
);

/**
 * Action items (issue 15): task-list items of failure analyses and retrospectives, projected like
 * lessons — upserted by (document, the item's id), `removed_at` when the item is gone, kept when
 * the document is deleted. `done_at` is the server's time when the projection first saw it done.
 */
export const actionItems = pgTable(
	'action_items',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
		originDocumentId: uuid('origin_document_id').notNull(),
		originTeamId: uuid('origin_team_id').notNull(),
		blockId: uuid('block_id').notNull(),
		text: text('text').notNull(),
		/** A member of the team (checked when projected); null: nobody named, or not a member. */
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
		dueOn: date('due_on', { mode: 'string' }),
		done: boolean('done').notNull().default(false),
		doneAt: timestamp('done_at', { withTimezone: true }),
		removedAt: timestamp('removed_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('action_items_origin_block_idx').on(t.originDocumentId, t.blockId),
		index('action_items_team_idx').on(t.orgId, t.originTeamId, t.done),
		index('action_items_owner_idx').on(t.ownerId)
	]
);

/**
 * Formal learning (the "10" of 70:20:10): a course a member attended, entered by the member or
 * imported from CSV by an admin. `hours` are learning hours (JP, jam pelajaran).
 */
export const trainingRecords = pgTable(
	'training_records',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		course: text('course').notNull(),
		organiser: text('organiser').notNull().default(''),
		completedOn: date('completed_on', { mode: 'string' }).notNull(),
		hours: doublePrecision('hours').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** The CSV import that wrote it, if any (one id per import). */
		importId: uuid('import_id'),
		createdAt: createdAt()
	},
	(t) => [
		index('training_records_org_user_idx').on(t.orgId, t.userId, t.completedOn),
		index('training_records_org_date_idx').on(t.orgId, t.completedOn),
		check('training_records_hours_check', sql`${t.hours} > 0 and ${t.hours} <= 1000`),
		check('training_records_text_check', sql`length(btrim(${t.course})) between 1 and 300 and length(${t.organiser}) <= 300`)
	]
);

/**
 * Who edited which document on which day (the "70" of 70:20:10: learning by doing): one row per
 * (document, user, day), counted up by the sync server as it saves each person's updates. A day
 * on which two or more people edited the same document is a co-editing session for each of them.
 * No foreign key to the document: the history outlives it, like lessons.
 */
export const documentEditDays = pgTable(
	'document_edit_days',
	{
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		documentId: uuid('document_id').notNull(),
		teamId: uuid('team_id').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		day: date('day', { mode: 'string' }).notNull(),
		updates: integer('updates').notNull().default(1)
	},
	(t) => [
		primaryKey({ columns: [t.documentId, t.userId, t.day] }),
		// The organisation's days in the order the 70:20:10 mix counts co-editors (day, document),
		// read from the index alone (migration 0012; it was (org_id, day)).
		index('document_edit_days_org_day_idx').on(t.orgId, t.day, t.documentId, t.userId, t.teamId),
		// One team's days for the 70:20:10 mix, read from the index alone (migration 0010).
		index('document_edit_days_org_team_day_idx').on(t.orgId, t.teamId, t.day, t.documentId, t.userId),
		index('document_edit_days_user_idx').on(t.userId, t.day)
	]
);

/**
 * Personal API tokens for `GET /api/v1/metrics`: one organisation each; the database keeps only
 * the secret's SHA-256, like sessions.
 */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		secretHash: bytea('secret_hash').notNull(),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		index('api_tokens_user_idx').on(t.userId),
		check('api_tokens_name_check', sql`length(btrim(${t.name})) between 1 and 100`)
	]
);

export const LESSON_FEEDBACK_KINDS = ['useful', 'outdated', 'question'] as const;
export type LessonFeedbackKind = (typeof LESSON_FEEDBACK_KINDS)[number];

/**
 * Readers keep a published lesson true (issue 14): "Bermanfaat", "Usang" (with a reason) or a
 * question. An open "outdated" report sends the lesson back to the curation queue; a curator
 * resolves reports and questions.
 */
export const lessonFeedback = pgTable(
	'lesson_feedback',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		lessonId: uuid('lesson_id').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: LESSON_FEEDBACK_KINDS }).notNull(),
		body: text('body').notNull().default(''),
		createdAt: createdAt(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		resolution: text('resolution').notNull().default('')
	},
	(t) => [
		index('lesson_feedback_lesson_idx').on(t.lessonId, t.createdAt),
		// One open "useful" and one open "outdated" per reader and lesson; questions are many.
		uniqueIndex('lesson_feedback_once_idx')
			.on(t.lessonId, t.userId, t.kind)
			.where(sql`${t.kind} in ('useful', 'outdated') and ${t.resolvedAt} is null`),
		foreignKey({
			name: 'lesson_feedback_lesson_fk',
			columns: [t.orgId, t.lessonId],
			foreignColumns: [lessons.orgId, lessons.id]
		}).onDelete('cascade'),
		check('lesson_feedback_kind_check', sql`${t.kind} in ('useful', 'outdated', 'question')`),
		check('lesson_feedback_body_check', sql`length(${t.body}) <= 2000`)
	]
);

/**
 * "Lesson not learned" (issue 14): a writer confirmed that a new failure analysis repeats a
 * published lesson of an earlier one. Counted on the lesson page.
 */
export const lessonRecurrences = pgTable(
	'lesson_recurrences',
	{
		id: uuid('id').primaryKey(),
		orgId: uuid('org_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		lessonId: uuid('lesson_id').notNull(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		reportedBy: uuid('reported_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('lesson_recurrences_once_idx').on(t.lessonId, t.documentId),
		foreignKey({
			name: 'lesson_recurrences_lesson_fk',
			columns: [t.orgId, t.lessonId],
			foreignColumns: [lessons.orgId, lessons.id]
		}).onDelete('cascade')
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Document = typeof documents.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type LessonReuse = typeof lessonReuses.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type LessonCurationEvent = typeof lessonCurationEvents.$inferSelect;
export type ProcessChange = typeof processChanges.$inferSelect;
export type Measurement = typeof measurements.$inferSelect;
export type ActionItem = typeof actionItems.$inferSelect;
export type TrainingRecord = typeof trainingRecords.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type LessonFeedback = typeof lessonFeedback.$inferSelect;
export type CommentThreadRow = typeof commentThreads.$inferSelect;
export type ReviewRequest = typeof reviewRequests.$inferSelect;
export type SignOff = typeof signOffs.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
