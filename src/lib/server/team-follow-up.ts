import type { Executor } from './db';
import type { Membership } from '../access';
import { can } from '../access';
import type { SessionUser } from './auth/session';
import { readableDocuments } from './authz';
import { listTeamChanges } from './repositories/process-changes';
import { changeStatus, followUpOrder, type ChangeStatus } from '../impact/change-stage';
import { jakartaDay } from '../impact/calendar';
import { openActionsForViewer } from './open-actions';
import type { OpenAction } from './repositories/action-items';

export interface FollowUpChange {
	id: string;
	indicator: string;
	unit: string;
	plannedOn: string | null;
	implementedOn: string | null;
	ownerName: string | null;
	documentTitle: string | null;
	status: ChangeStatus;
}

export interface TeamFollowUp {
	changes: FollowUpChange[];
	/** The team's open action items (overdue first), from documents this user may open. */
	actions: OpenAction[];
}

/**
 * The team page's "Tindak lanjut" tab (issue 15): the team's live process changes this user may
 * see (their document's readers; a deleted document's changes to the team and curators), with
 * stage and flags, flagged first (change-stage.ts `followUpOrder`), and its open action items.
 */
export async function teamFollowUp(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	team: { id: string; orgId: string },
	now = new Date()
): Promise<TeamFollowUp> {
	const today = jakartaDay(now);
	return {
		changes: await teamChanges(db, user, membership, team, today),
		actions: await openActionsForViewer(db, user, membership, { orgId: team.orgId, teamId: team.id, today })
	};
}

async function teamChanges(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	team: { id: string; orgId: string },
	today: string
): Promise<FollowUpChange[]> {
	const rows = await listTeamChanges(db, team.orgId, team.id);
	const withDocument = rows.filter((r) => r.documentId !== null && r.documentVisibility !== null);
	const openable = new Set(
		(
			await readableDocuments(
				db,
				user,
				membership,
				team.orgId,
				withDocument.map((r) => ({ id: r.documentId!, visibility: r.documentVisibility! })),
				() => team.id
			)
		).map((d) => d.id)
	);
	const deletedVisible = can(membership, 'view', { kind: 'processChange', orgId: team.orgId, originTeamId: team.id, document: null });
	return rows
		.filter((r) => (r.documentId !== null && r.documentVisibility !== null ? openable.has(r.documentId) : deletedVisible))
		.map((r) => ({
			id: r.id,
			indicator: r.indicator,
			unit: r.unit,
			plannedOn: r.plannedOn,
			implementedOn: r.implementedOn,
			ownerName: r.ownerName,
			documentTitle: r.documentTitle,
			status: changeStatus(r, r.measuredOn.map((measuredOn) => ({ measuredOn })), today)
		}))
		.sort(followUpOrder);
}
