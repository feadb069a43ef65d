import type { Executor } from './db';
import type { Membership } from '../access';
import { can, documentRole } from '../access';
import type { SessionUser } from './auth/session';
import type { MetricScope } from '../metrics/types';
import { listShareRoles } from './repositories/documents';
import { impactDocumentFacts, type ImpactDocumentFacts } from './repositories/impact-documents';
import { loadActionRows, loadFunnelStageRows, type DrillStage } from './repositories/metrics';
import type { ActionBucket } from '../impact/scope-params';
import type { ActionRowView, StageRowView } from '../impact/row-tables';

/**
 * The rows behind a dashboard number, as the viewer may see them. Every row is listed (so the
 * count on the dashboard and the rows agree), but a title is shown only when `can()` lets the
 * viewer open what it names: a published lesson is the organisation's (design.md: the library),
 * a process change or an action item is its document's — a team-only document's changes and
 * actions show to others without their text. A row of a document deleted since is shown to its
 * team and the curators, like a process change's page.
 */

type Openable = (documentId: string | null, originTeamId: string | null) => ImpactDocumentFacts | null | 'hidden';

async function openableDocuments(db: Executor, user: SessionUser, membership: Membership, orgId: string, ids: (string | null)[]): Promise<Openable> {
	const present = ids.filter((id): id is string => id !== null);
	const facts = await impactDocumentFacts(db, orgId, present);
	const shares = await listShareRoles(db, user.id, [...facts.keys()]);
	const curator = membership.orgRole === 'admin' || membership.orgRole === 'knowledge_manager';
	return (documentId, originTeamId) => {
		if (documentId === null) return curator || (originTeamId !== null && membership.teamRoles[originTeamId] !== undefined) ? null : 'hidden';
		const doc = facts.get(documentId);
		if (!doc) return 'hidden';
		const role = documentRole(membership, {
			kind: 'document',
			orgId,
			teamId: doc.teamId,
			visibility: doc.visibility,
			sharedRole: shares.get(documentId) ?? null
		});
		return role === null ? 'hidden' : doc;
	};
}

export async function stageRowsFor(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	scope: MetricScope,
	stage: DrillStage,
	today: string
): Promise<StageRowView[]> {
	const rows = await loadFunnelStageRows(db, scope, stage, today);
	const open = await openableDocuments(db, user, membership, scope.orgId, [
		...rows.map((r) => r.sourceDocumentId),
		...rows.flatMap((r) => r.changes.map((c) => c.documentId))
	]);
	return rows.map((r) => {
		// Every funnel lesson was published (types.ts "captured"): the library's, readable by every member.
		const lessonVisible = can(membership, 'view', {
			kind: 'lesson',
			orgId: scope.orgId,
			originTeamId: r.originTeamId,
			status: 'published',
			sourceVisibility: null,
			everPublished: true
		});
		const source = open(r.sourceDocumentId, r.originTeamId);
		return {
			lessonId: r.lessonId,
			title: lessonVisible ? r.title : null,
			originTeamId: r.originTeamId,
			publishedOn: r.publishedOn,
			reuses: r.reuses,
			source: source === 'hidden' ? 'hidden' : source === null ? null : { id: source.id, title: source.title },
			changes: r.changes.map((c) => {
				// A change's own team is not in the row: of a deleted document, only curators see its text.
				const doc = open(c.documentId, null);
				return { id: c.id, label: doc === 'hidden' ? null : c.unit ? `${c.indicator} (${c.unit})` : c.indicator };
			})
		};
	});
}

export async function actionRowsFor(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	scope: MetricScope,
	bucket: ActionBucket,
	today: string
): Promise<ActionRowView[]> {
	const rows = await loadActionRows(db, scope, bucket, today);
	const open = await openableDocuments(db, user, membership, scope.orgId, rows.map((r) => r.documentId));
	return rows.map((r) => {
		const doc = open(r.documentId, r.originTeamId);
		const hidden = doc === 'hidden';
		return {
			id: r.id,
			text: hidden ? null : r.text,
			document: hidden ? 'hidden' : doc === null ? null : { id: doc.id, title: doc.title },
			originTeamId: r.originTeamId,
			ownerName: hidden ? null : r.ownerName,
			dueOn: r.dueOn,
			doneAt: r.doneAt
		};
	});
}
