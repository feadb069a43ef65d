import { error, redirect } from '@sveltejs/kit';
import type { Executor } from './db';
import { can, documentRole, type Action, type Membership, type Resource } from '../access';
import type { DocumentRole } from '../roles';
import { loadDocumentAccess, loadMembership, type DocumentAccess } from './access-loader';
import { findOrganization } from './repositories/organizations';
import { findTeam } from './repositories/teams';
import { listShareRoles } from './repositories/documents';
import { openReviewFacts } from './repositories/reviews';
import { loadChange, type LoadedChange } from './repositories/process-changes';
import type { Document, Organization, Team } from './db/schema';
import type { SessionUser } from './auth/session';
import { isUuid } from '../ids';

export { loadDocumentAccess, loadMembership, type DocumentAccess };

/**
 * The server side of authorization: loads what a user is in an organisation and asks
 * `can()` (src/lib/access.ts). Outsiders get 404 (they must not learn the object exists);
 * members without the right get 403.
 */

export function notFound(): never {
	error(404, { message: 'Not found', code: 'not_found' });
}

export function forbidden(): never {
	error(403, { message: 'Forbidden', code: 'forbidden' });
}

/** Throws 404 when the user may not see the resource, 403 when they see it but may not act. */
export function authorize<R extends Resource>(m: Membership, action: Action<R['kind']>, resource: R): void {
	if (!can(m, 'view' as Action<R['kind']>, resource)) notFound();
	if (!can(m, action, resource)) forbidden();
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(locals: App.Locals, url: URL): SessionUser {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}

export interface OrgAccess {
	org: Organization;
	membership: Membership;
}

export async function requireOrg(
	db: Executor,
	user: SessionUser,
	orgId: string,
	action: Action<'organisation'> = 'view'
): Promise<OrgAccess> {
	if (!isUuid(orgId)) notFound();
	const membership = await loadMembership(db, user.id, orgId);
	if (!membership.orgRole) notFound();
	const org = await findOrganization(db, orgId);
	if (!org) notFound();
	authorize(membership, action, { kind: 'organisation', orgId });
	return { org, membership };
}

/**
 * The signed-in user's own learning in an organisation (their year, its export, their training
 * records): members only; `importTraining` needs an org admin (403 for the others).
 */
export async function requireLearning(
	db: Executor,
	user: SessionUser,
	orgId: string,
	action: Action<'learning'> = 'view'
): Promise<OrgAccess> {
	const access = await requireOrg(db, user, orgId);
	authorize(access.membership, action, { kind: 'learning', orgId, userId: user.id });
	return access;
}

export async function requireTeam(
	db: Executor,
	user: SessionUser,
	orgId: string,
	teamId: string,
	action: Action<'team'> = 'view'
): Promise<OrgAccess & { team: Team }> {
	const access = await requireOrg(db, user, orgId);
	if (!isUuid(teamId)) notFound();
	const team = await findTeam(db, orgId, teamId);
	if (!team) notFound();
	authorize(access.membership, action, { kind: 'team', orgId, teamId, archived: team.archivedAt !== null });
	return { ...access, team };
}

/**
 * The authorization view of a document row, for `can()`. A document of an archived team is
 * archived for role purposes: read-only until the team (and the document) are live again.
 * `review`: the open review request as this user sees it (`openReviewFacts`), which `signOff`
 * needs; without it nobody counts as a reviewer.
 */
export function documentResource(
	document: Pick<Document, 'orgId' | 'teamId' | 'visibility' | 'archivedAt' | 'createdBy'>,
	sharedRole: DocumentRole | null,
	teamArchived: boolean,
	review?: { requestedBy: string | null; reviewer: boolean } | null
): Extract<Resource, { kind: 'document' }> {
	return {
		kind: 'document',
		orgId: document.orgId,
		teamId: document.teamId,
		visibility: document.visibility,
		sharedRole,
		archived: document.archivedAt !== null || teamArchived,
		createdBy: document.createdBy,
		reviewer: review?.reviewer ?? false,
		requestedBy: review?.requestedBy ?? null
	};
}

/**
 * The rows the user may open, for lists and searches that read documents in bulk: the user's
 * share roles on them in one query, then `documentRole` on each — the same rule
 * `requireDocument` applies to one document.
 */
export async function readableDocuments<R extends { id: string; visibility: Document['visibility'] }>(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	orgId: string,
	rows: readonly R[],
	teamIdOf: (row: R) => string
): Promise<R[]> {
	const shares = await listShareRoles(db, user.id, rows.map((r) => r.id));
	return rows.filter(
		(r) =>
			documentRole(membership, {
				kind: 'document',
				orgId,
				teamId: teamIdOf(r),
				visibility: r.visibility,
				sharedRole: shares.get(r.id) ?? null
			}) !== null
	);
}

/** Page loads and form actions: 404 unless the user may view the document, 403 without the right. */
export async function requireDocument(
	db: Executor,
	user: SessionUser,
	orgId: string,
	documentId: string,
	action: Action<'document'> = 'view'
): Promise<DocumentAccess & { role: DocumentRole }> {
	const access = await loadDocumentAccess(db, user.id, documentId);
	if (!access || access.document.orgId !== orgId || !access.role) notFound();
	// Only a sign-off depends on the open review; other actions need not read it.
	const review = action === 'signOff' ? await openReviewFacts(db, documentId, user.id) : null;
	authorize(access.membership, action, documentResource(access.document, access.sharedRole, access.teamArchived, review));
	return { ...access, role: access.role };
}

/**
 * A process change's page and its actions (issue 15): 404 unless the user may view it (its
 * document's readers; without the document, its origin team and the curators) — another
 * organisation's change id under this organisation's path included — and 403 without the right.
 */
export async function requireProcessChange(
	db: Executor,
	user: SessionUser,
	orgId: string,
	changeId: string,
	action: Action<'processChange'> = 'view'
): Promise<OrgAccess & LoadedChange> {
	const access = await requireOrg(db, user, orgId);
	const loaded = await loadChange(db, access.org.id, changeId, user.id);
	if (!loaded) notFound();
	authorize(access.membership, action, loaded.resource);
	return { ...access, ...loaded };
}
