import { error } from '@sveltejs/kit';
import type { Executor } from './db';
import type { ImpactDashboard } from '../metrics/types';
import type { Membership } from '../access';
import type { Organization } from './db/schema';
import type { SessionUser } from './auth/session';
import { authorize, requireOrg, requireUser } from './authz';
import { resolveImpactScope, type ResolvedScope } from './impact-scope';
import { loadImpactDashboard } from './repositories/metrics';
import { listTeams } from './repositories/teams';
import { loadTeamActivityMix } from './repositories/activity';
import type { TeamActivityMix } from '../metrics/activity-mix';
import { jakartaToday, defaultPeriod, isActionBucket, type ActionBucket } from '../impact/scope-params';
import { bucketLabel, isDrillStage, stageLabel, type DrillStage } from '../impact/tables';
import { actionRowsTable, stageRowsTable, type RowsTable } from '../impact/row-tables';
import { actionRowsFor, stageRowsFor } from './impact-rows';
import { m } from '../paraglide/messages';

/**
 * What the dashboard page and its CSV exports both need: the caller authorized for the
 * organisation's impact figures (`can(…, 'view', impact)`: every member; outsiders 404), the
 * scope from the URL, the figures, and every team's name (live and archived; lessons of a team
 * deleted since keep its id only).
 */
export interface ImpactView {
	user: SessionUser;
	org: Organization;
	membership: Membership;
	resolved: ResolvedScope;
	dashboard: ImpactDashboard;
	teams: { id: string; name: string; archived: boolean }[];
	teamNames: Map<string, string>;
	/** The 70:20:10 activity mix per team over the same scope (repositories/activity.ts). */
	activity: TeamActivityMix[];
}

export async function authorizeImpact(db: Executor, locals: App.Locals, url: URL, orgId: string) {
	const user = requireUser(locals, url);
	const { org, membership } = await requireOrg(db, user, orgId);
	authorize(membership, 'view', { kind: 'impact', orgId: org.id });
	return { user, org, membership };
}

/**
 * `strict`: a malformed filter is a 400 (exports: a file must hold what its address says). Not
 * strict (the page): the problem is reported and the default scope shown instead.
 */
export async function loadImpactView(db: Executor, locals: App.Locals, url: URL, orgId: string, strict: boolean): Promise<ImpactView> {
	const { user, org, membership } = await authorizeImpact(db, locals, url, orgId);
	const now = new Date();
	const resolved = await resolveImpactScope(db, org.id, url.searchParams, now);
	if (!resolved.ok && strict) error(resolved.refusal.status, { message: resolved.refusal.message, code: resolved.refusal.code });
	const today = jakartaToday(now);
	const scope = resolved.ok ? resolved.scope : { orgId: org.id, teamId: null, ...defaultPeriod(today) };
	const [dashboard, teams, activity] = await Promise.all([
		loadImpactDashboard(db, scope, today),
		orgTeams(db, org.id, user.id),
		loadTeamActivityMix(db, scope)
	]);
	const teamNames = new Map(teams.map((t) => [t.id, t.name]));
	for (const t of dashboard.teams) if (!teamNames.has(t.teamId)) teamNames.set(t.teamId, t.teamName);
	return { user, org, membership, resolved, dashboard, teams, teamNames, activity };
}

/** Every team of the organisation, live ones first (archived teams' lessons still count). */
export async function orgTeams(db: Executor, orgId: string, userId: string): Promise<{ id: string; name: string; archived: boolean }[]> {
	const [live, archived] = await Promise.all([listTeams(db, orgId, userId), listTeams(db, orgId, userId, { archived: true })]);
	return [...live, ...archived].map((t) => ({ id: t.id, name: t.name, archived: t.archivedAt !== null }));
}

export interface ImpactRowsView {
	org: Organization;
	scope: ImpactDashboard['scope'];
	teamName: string | null;
	what: { stage: DrillStage } | { bucket: ActionBucket };
	title: string;
	table: RowsTable;
	/** Rows listed without their title (documents the viewer may not open). */
	hidden: number;
}

/**
 * The rows behind one dashboard number (`?stage=` or `?bucket=`, with the dashboard's `team`,
 * `from`, `to`), for the drill-down page and its CSV. Anything malformed is a 400, an unknown
 * team a 404: a list must be exactly the rows its address names.
 */
export async function loadImpactRows(db: Executor, locals: App.Locals, url: URL, orgId: string): Promise<ImpactRowsView> {
	const { user, org, membership } = await authorizeImpact(db, locals, url, orgId);
	const resolved = await resolveImpactScope(db, org.id, url.searchParams);
	if (!resolved.ok) error(resolved.refusal.status, { message: resolved.refusal.message, code: resolved.refusal.code });
	const stage = url.searchParams.get('stage');
	const bucket = url.searchParams.get('bucket');
	const teamNames = new Map((await orgTeams(db, org.id, user.id)).map((t) => [t.id, t.name]));
	const base = { org, scope: resolved.scope, teamName: resolved.teamName };
	if (isDrillStage(stage) && bucket === null) {
		const rows = await stageRowsFor(db, user, membership, resolved.scope, stage, resolved.today);
		const table = stageRowsTable(org.id, rows, teamNames);
		const hidden = rows.filter((r) => r.title === null || r.source === 'hidden' || r.changes.some((c) => c.label === null)).length;
		return { ...base, what: { stage }, title: m.impact_rows_title_stage({ stage: stageLabel(stage) }), table, hidden };
	}
	if (isActionBucket(bucket) && stage === null) {
		const rows = await actionRowsFor(db, user, membership, resolved.scope, bucket, resolved.today);
		const table = actionRowsTable(org.id, rows, teamNames);
		const hidden = rows.filter((r) => r.text === null).length;
		return { ...base, what: { bucket }, title: m.impact_rows_title_bucket({ bucket: bucketLabel(bucket) }), table, hidden };
	}
	error(400, { message: m.error_bad_request(), code: 'invalid_rows' });
}
