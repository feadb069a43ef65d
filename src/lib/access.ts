import { COMMENTS_MAP } from './document-contract';
import type { DocumentRole, DocumentVisibility, OrgRole, TeamRole } from './roles';
import { canTransition, type LessonStatus } from './lessons/lifecycle';

/**
 * Alur's authorization rules, as one pure function: `can(membership, action, resource)`.
 * The server loads the membership (src/lib/server/authz.ts) and every page load, form action,
 * endpoint and sync connection asks here; nothing else decides who may do what.
 */

/** What a user is inside one organisation. `orgRole: null` = not a member (an outsider). */
export interface Membership {
	userId: string;
	orgRole: OrgRole | null;
	/** Roles in the organisation's teams, by team id. */
	teamRoles: Readonly<Record<string, TeamRole>>;
}

export type Resource =
	| { kind: 'organisation'; orgId: string }
	| {
			kind: 'team';
			orgId: string;
			teamId: string;
			/** An archived team takes no new documents; its documents are read-only. */
			archived?: boolean;
	  }
	| {
			kind: 'document';
			orgId: string;
			teamId: string;
			visibility: DocumentVisibility;
			/** A role given to this user on this document by an explicit share. */
			sharedRole?: DocumentRole | null;
			/**
			 * An archived document is read-only for everyone until it is restored. A document of an
			 * archived team counts as archived (the caller ORs the two: `documentResource()`).
			 */
			archived?: boolean;
			/** The document's creator (documents.created_by): nobody signs off their own document. */
			createdBy?: string | null;
			/** This user is named as a reviewer on the document's open (latest) review request. */
			reviewer?: boolean;
			/** Who asked for that open review (null: account deleted, or no request). */
			requestedBy?: string | null;
	  }
	/** The organisation's lesson library as a whole: searching it, the curation queue, the tag list. */
	| { kind: 'library'; orgId: string }
	/**
	 * One person's learning in an organisation (issue 15, 70:20:10): their activity mix, training
	 * records and yearly JP. `userId` is whose; `recordUserId`, for `deleteTraining`, the owner of
	 * the record concerned.
	 */
	| { kind: 'learning'; orgId: string; userId: string; recordUserId?: string }
	/**
	 * The organisation's impact figures (the dashboard, its exports, the metrics API): counts for the
	 * whole organisation or a team. Titles behind them are checked one by one (lesson, document).
	 */
	| { kind: 'impact'; orgId: string }
	| {
			kind: 'lesson';
			orgId: string;
			/** The team of the document it was written in (kept after that team is deleted). */
			originTeamId: string;
			status: LessonStatus;
			/** The source document's visibility; null once that document was deleted permanently. */
			sourceVisibility: DocumentVisibility | null;
			/** This user's share on the source document, if any. */
			sharedRole?: DocumentRole | null;
			/** Published at some point (published_at set): retired and merged ones stay readable. */
			everPublished?: boolean;
			/** Its block was deleted from the document (lessons.removed_at). */
			removed?: boolean;
	  }
	/** A projected process change (issue 15): its page, follow-through and measurements. */
	| {
			kind: 'processChange';
			orgId: string;
			/** The team of the document it was written in (kept after that team is deleted). */
			originTeamId: string;
			/** Its source document as `can()` sees it; null once that document was deleted permanently. */
			document: Extract<Resource, { kind: 'document' }> | null;
			/** Its block was deleted from the document (process_changes.removed_at): history, read-only. */
			removed?: boolean;
	  };

export const ACTIONS = {
	organisation: ['view', 'rename', 'manageMembers', 'createTeam', 'leave'],
	team: ['view', 'rename', 'manageMembers', 'archive', 'deletePermanently', 'createDocument'],
	document: ['view', 'comment', 'edit', 'manage', 'deletePermanently', 'requestReview', 'signOff'],
	library: ['view', 'curate', 'editTags'],
	learning: ['view', 'recordTraining', 'deleteTraining', 'importTraining', 'viewTrainingCourse'],
	impact: ['view'],
	lesson: ['view', 'propose', 'publish', 'sendBack', 'retire', 'republish', 'merge', 'editLibraryText', 'tag', 'giveFeedback', 'resolveFeedback', 'verify', 'setRecheck'],
	processChange: ['view', 'followThrough']
} as const;

export type Action<K extends Resource['kind'] = Resource['kind']> = (typeof ACTIONS)[K][number];

const RANK: Record<DocumentRole, number> = { viewer: 1, commenter: 2, editor: 3 };

function strongest(roles: (DocumentRole | null | undefined)[]): DocumentRole | null {
	let best: DocumentRole | null = null;
	for (const role of roles) if (role && (!best || RANK[role] > RANK[best])) best = role;
	return best;
}

/** A user's role on a document, strongest wins (design.md "Users and roles"). */
export function documentRole(
	m: Membership,
	doc: Extract<Resource, { kind: 'document' }>
): DocumentRole | null {
	if (!m.orgRole) return null;
	const teamRole = m.teamRoles[doc.teamId];
	return strongest([
		teamRole === 'member' || m.orgRole === 'admin' ? 'editor' : null,
		teamRole === 'mentor' || m.orgRole === 'knowledge_manager' ? 'commenter' : null,
		doc.visibility === 'organisation' ? 'viewer' : null,
		doc.sharedRole
	]);
}

/**
 * What a role may do to a document's content right now: an archived document is read-only, so
 * every role is capped at viewer (no edits, no comments) until it is restored. The sync server
 * applies this to the role of every socket; `can()` applies it to 'edit' and 'comment'.
 */
export function liveRole(role: DocumentRole, archived: boolean): DocumentRole;
export function liveRole(role: DocumentRole | null, archived: boolean): DocumentRole | null;
export function liveRole(role: DocumentRole | null, archived: boolean): DocumentRole | null {
	return archived && role ? 'viewer' : role;
}

export function can<R extends Resource>(m: Membership, action: Action<R['kind']>, resource: R): boolean {
	// Nobody crosses an organisation boundary, whatever else is true.
	if (!m.orgRole) return false;
	switch (resource.kind) {
		case 'organisation':
			switch (action as Action<'organisation'>) {
				case 'view':
				case 'leave':
					return true;
				case 'rename':
				case 'manageMembers':
				case 'createTeam':
					return m.orgRole === 'admin';
			}
			return false;
		case 'team':
			switch (action as Action<'team'>) {
				case 'view':
					return true;
				case 'rename':
				case 'manageMembers':
				case 'archive':
				// Removes content for good (design.md: history the metrics count is kept even then).
				case 'deletePermanently':
					return m.orgRole === 'admin';
				case 'createDocument':
					if (resource.archived) return false;
					return m.orgRole === 'admin' || m.teamRoles[resource.teamId] === 'member';
			}
			return false;
		case 'document': {
			const role = documentRole(m, resource);
			const live = liveRole(role, resource.archived ?? false);
			switch (action as Action<'document'>) {
				case 'view':
					return role !== null;
				case 'comment':
					return live === 'commenter' || live === 'editor';
				case 'edit':
					return live === 'editor';
				case 'manage':
					// Not capped: restoring an archived document (and renaming it) needs it.
					return role === 'editor';
				case 'deletePermanently':
					// Only an organisation admin removes content; editors archive.
					return role !== null && m.orgRole === 'admin';
				case 'requestReview':
					// Whoever may edit the document may ask for its review (not while archived).
					return live === 'editor';
				case 'signOff':
					return maySignOff(m, resource, live);
			}
			return false;
		}
		case 'library':
			switch (action as Action<'library'>) {
				case 'view':
					return true;
				case 'curate':
				case 'editTags':
					return isCurator(m);
			}
			return false;
		case 'impact':
			// Every member sees the organisation's counts, every team's included: impact is meant to
			// be compared and learned from (design.md). A count names nothing; the rows behind it
			// show a lesson's or change's title only to those who may open it.
			return (action as Action<'impact'>) === 'view';
		case 'learning':
			return mayOnLearning(m, action as Action<'learning'>, resource);
		case 'lesson':
			return mayOnLesson(m, action as Action<'lesson'>, resource);
		case 'processChange':
			return mayOnProcessChange(m, action as Action<'processChange'>, resource);
	}
}

/**
 * A process change is its document's: whoever may view the document sees the change, and its
 * editors ("anyone on the team") own the follow-through — owner, dates, measurements, the
 * decision. Not capped while the document is archived: measuring goes on after the writing is
 * done. A change whose block was deleted, or whose document was deleted permanently, is history:
 * nobody changes it; without its document, its origin team, admins and knowledge managers still
 * read it.
 */
function mayOnProcessChange(m: Membership, action: Action<'processChange'>, change: Extract<Resource, { kind: 'processChange' }>): boolean {
	if (change.document) {
		const role = documentRole(m, change.document);
		if (action === 'view') return role !== null;
		return role === 'editor' && !change.removed;
	}
	if (action !== 'view') return false;
	return m.teamRoles[change.originTeamId] !== undefined || isCurator(m);
}

/**
 * A person's learning is theirs: they see it and keep their own training records (enter, delete).
 * An organisation admin imports records for the members (a BPSDM list, say) but does not browse
 * a member's year: the evidence is the member's to export.
 */
function mayOnLearning(m: Membership, action: Action<'learning'>, learning: Extract<Resource, { kind: 'learning' }>): boolean {
	const own = learning.userId === m.userId;
	switch (action) {
		case 'view':
		case 'recordTraining':
			return own;
		case 'deleteTraining':
			return own && (learning.recordUserId === undefined || learning.recordUserId === m.userId);
		case 'importTraining':
			return m.orgRole === 'admin';
		case 'viewTrainingCourse':
			// The course and organiser of a record behind a team's training JP (the mix's drill-down):
			// the person's own, and the admins' who import them. Others see the person and the JP.
			return own || m.orgRole === 'admin';
	}
	return false;
}

/** Knowledge managers and admins curate the library (design.md "Users and roles"). */
function isCurator(m: Membership): boolean {
	return m.orgRole === 'knowledge_manager' || m.orgRole === 'admin';
}

/**
 * The library's rules: a published lesson is the organisation's to read; before that it is its
 * document's (team, organisation-wide visibility, share), so a lesson from a team-only document
 * reaches the rest of the organisation only once a curator published it. Members propose their
 * own team's drafts; only curators move a lesson further, and only along the lifecycle
 * (src/lib/lessons/lifecycle.ts), so a refused step is refused here too.
 */
function mayOnLesson(m: Membership, action: Action<'lesson'>, lesson: Extract<Resource, { kind: 'lesson' }>): boolean {
	const readable =
		lesson.status === 'published' ||
		lesson.everPublished === true ||
		isCurator(m) ||
		m.teamRoles[lesson.originTeamId] !== undefined ||
		lesson.sourceVisibility === 'organisation' ||
		(lesson.sharedRole ?? null) !== null;
	if (!readable) return false;
	switch (action) {
		case 'view':
			return true;
		case 'propose':
			// A deleted block is no longer the team's proposal to make.
			if (lesson.removed) return false;
			return canTransition(lesson.status, 'propose') && (m.teamRoles[lesson.originTeamId] === 'member' || m.orgRole === 'admin');
		case 'publish':
		case 'sendBack':
		case 'retire':
		case 'republish':
		case 'merge':
			return isCurator(m) && canTransition(lesson.status, action);
		case 'editLibraryText':
		case 'tag':
			return isCurator(m) && lesson.status !== 'merged';
		// Keeping the library true: whoever reads a published lesson may say it helped, that it is
		// outdated, or ask about it; curators verify it, set its re-check interval and answer.
		case 'giveFeedback':
			return lesson.status === 'published';
		case 'verify':
		case 'setRecheck':
			return isCurator(m) && lesson.status === 'published';
		case 'resolveFeedback':
			// A retired lesson's open questions can still be answered.
			return isCurator(m) && (lesson.status === 'published' || lesson.status === 'retired');
	}
	return false;
}

/**
 * A sign-off: only a reviewer named on the open request, who belongs to the document's team
 * (member or mentor) or is a knowledge manager of the organisation, can view it, and is neither
 * its creator nor the one who asked — nobody approves their own document. Not while archived.
 * A resource without `createdBy` (not loaded) is refused: unknown is not "someone else".
 */
function maySignOff(m: Membership, doc: Extract<Resource, { kind: 'document' }>, live: DocumentRole | null): boolean {
	if (live === null || doc.archived || doc.reviewer !== true || doc.createdBy === undefined) return false;
	const teamRole = m.teamRoles[doc.teamId];
	if (teamRole !== 'member' && teamRole !== 'mentor' && m.orgRole !== 'knowledge_manager') return false;
	return doc.createdBy !== m.userId && doc.requestedBy !== m.userId;
}

/**
 * Whether an outsider should be told the object exists: never. Members lacking a right get a
 * 403; outsiders (and members who may not even view) get a 404.
 */
export function visibleTo(m: Membership, resource: Resource): boolean {
	return can(m, 'view', resource);
}

/**
 * The coarse gate of the sync server's write check: whether a connection of `role` may insert or
 * delete anything under the document root `root` (document-contract.ts) — asked for every new or
 * deleted struct of every update, for every role, editors included.
 *
 * - viewers change nothing;
 * - comments: editors and commenters, and then every struct goes through the comment rules
 *   (src/lib/comments/policy.ts on the layout of src/lib/comments/model.ts: authorship from the
 *   key, values exactly as the contract allows, resolving by `mayResolveThread`), which hold
 *   editors to the same authorship as anyone;
 * - the body, the title (`title`) and any other root: editors only (the contract names no other
 *   root; nothing reads one).
 */
export function mayWrite(role: DocumentRole, root: string): boolean {
	if (role === 'viewer') return false;
	if (root === COMMENTS_MAP) return true;
	return role === 'editor';
}

/**
 * Whether a connection of `role` may resolve or reopen a thread (write or remove its state
 * entry): editors, and the thread's author (who wrote its opening message) with comment rights.
 */
export function mayResolveThread(role: DocumentRole, isThreadAuthor: boolean): boolean {
	return role === 'editor' || (role === 'commenter' && isThreadAuthor);
}
