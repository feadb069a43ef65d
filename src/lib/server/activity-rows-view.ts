import { error } from '@sveltejs/kit';
import type { Executor } from './db';
import type { Membership } from '../access';
import { can, documentRole } from '../access';
import type { Organization } from './db/schema';
import { authorizeImpact, orgTeams } from './impact-view';
import { resolveImpactScope } from './impact-scope';
import { requireLearning, requireUser } from './authz';
import { listShareRoles } from './repositories/documents';
import { loadActivityRows, ACTIVITY_ROWS_LIMIT, type ActivityEventRow } from './repositories/activity-rows';
import { isActivityDrill, kindsOf, rowsTotal, type ActivityDrill } from '../impact/activity-drill';
import { activityRowsTable, withheldCount, type ActivityRowView } from '../impact/activity-rows-table';
import { drillLabel } from '../impact/activity-table';
import type { RowsTable } from '../impact/row-tables';
import { yearFromParam } from '../training/learning-year';
import { yearRange } from '../metrics/activity-mix';
import { m } from '../paraglide/messages';

/**
 * The rows behind a number of the 70:20:10 mix as the viewer may see them, for the dashboard's
 * team drill-down (`/impact/activity`, every member) and the person's own (`/learning/activity`),
 * page and CSV alike. Every row is listed, so the rows add up to the number, but like the
 * dashboard's other drill-downs (impact-rows.ts) a row names a document only to whoever may open
 * it (`documentRole`), and the person credited in such a row only to themself; a lesson's title
 * only where `can(view, lesson)`; a training record's course and organiser only to its person and
 * the organisation's admins (`can(viewTrainingCourse)`), others see the person and the JP. A
 * document deleted permanently since is named to its team and the curators, like a process change.
 */
export async function activityRowsFor(
	db: Executor,
	viewer: { userId: string; membership: Membership },
	orgId: string,
	rows: readonly ActivityEventRow[]
): Promise<ActivityRowView[]> {
	const { userId, membership } = viewer;
	const documentIds = new Set<string>();
	for (const r of rows) {
		if (r.document) documentIds.add(r.document.id);
		if (r.lesson?.sourceDocumentId) documentIds.add(r.lesson.sourceDocumentId);
	}
	const shares = await listShareRoles(db, userId, [...documentIds]);
	const curator = membership.orgRole === 'admin' || membership.orgRole === 'knowledge_manager';
	return rows.map((r) => {
		let document: ActivityRowView['document'] = null;
		if (r.document) {
			const role = documentRole(membership, {
				kind: 'document',
				orgId,
				teamId: r.document.teamId,
				visibility: r.document.visibility,
				sharedRole: shares.get(r.document.id) ?? null
			});
			document = role === null ? 'hidden' : { id: r.document.id, title: r.document.title };
		} else if (r.documentDeleted) {
			document = curator || (r.teamId !== null && membership.teamRoles[r.teamId] !== undefined) ? null : 'hidden';
		}
		const self = r.user?.id === userId;
		const person: ActivityRowView['person'] = r.user === null ? null : document === 'hidden' && !self ? 'hidden' : r.user.name;
		let lesson: ActivityRowView['lesson'] = null;
		if (r.lesson) {
			const visible = can(membership, 'view', {
				kind: 'lesson',
				orgId,
				originTeamId: r.lesson.originTeamId,
				status: r.lesson.status,
				sourceVisibility: r.lesson.sourceVisibility,
				sharedRole: r.lesson.sourceDocumentId ? (shares.get(r.lesson.sourceDocumentId) ?? null) : null,
				everPublished: r.lesson.published,
				removed: r.lesson.removed
			});
			lesson = visible ? { id: r.lesson.id, title: r.lesson.title } : 'hidden';
		}
		let course: ActivityRowView['course'] = null;
		if (r.training) {
			const mayRead = can(membership, 'viewTrainingCourse', { kind: 'learning', orgId, userId: r.training.userId });
			course = mayRead ? { course: r.training.course, organiser: r.training.organiser } : 'hidden';
		}
		return { kind: r.kind, day: r.day, teamId: r.teamId, person, document, lesson, course, hours: r.training?.hours ?? null };
	});
}

export interface ActivityRowsView {
	org: Organization;
	drill: ActivityDrill;
	from: string;
	to: string;
	title: string;
	table: RowsTable;
	/** The figure the rows add up to (rows, or JP for training): the number that was clicked. */
	total: number;
	/** Rows with a title, name or course withheld from the viewer. */
	withheld: number;
	/** The list stopped at the limit: there are more rows than shown. */
	capped: boolean;
}

function drillOf(url: URL): ActivityDrill {
	const kind = url.searchParams.get('kind');
	if (!isActivityDrill(kind)) error(400, { message: m.error_bad_request(), code: 'invalid_kind' });
	return kind;
}

async function present(
	db: Executor,
	viewer: { userId: string; membership: Membership },
	org: Organization,
	drill: ActivityDrill,
	rows: ActivityEventRow[]
) {
	const views = await activityRowsFor(db, viewer, org.id, rows);
	const teamNames = new Map((await orgTeams(db, org.id, viewer.userId)).map((t) => [t.id, t.name]));
	return {
		table: activityRowsTable(org.id, drill, views, teamNames),
		total: rowsTotal(drill, views),
		withheld: withheldCount(views),
		capped: rows.length >= ACTIVITY_ROWS_LIMIT
	};
}

/**
 * One team's rows (`?kind=&team=&from=&to=`, the dashboard's scope): every member of the
 * organisation may open it, like the mix. A team is required (the mix is per team); anything
 * malformed is a 400, another organisation's team a 404.
 */
export async function loadTeamActivityRows(
	db: Executor,
	locals: App.Locals,
	url: URL,
	orgId: string
): Promise<ActivityRowsView & { teamId: string; teamName: string }> {
	const { user, org, membership } = await authorizeImpact(db, locals, url, orgId);
	const drill = drillOf(url);
	const resolved = await resolveImpactScope(db, org.id, url.searchParams);
	if (!resolved.ok) error(resolved.refusal.status, { message: resolved.refusal.message, code: resolved.refusal.code });
	const { scope, teamName } = resolved;
	if (scope.teamId === null || teamName === null) error(400, { message: m.impact_error_invalid_team(), code: 'invalid_team' });
	const rows = await loadActivityRows(db, scope, { teamId: scope.teamId }, kindsOf(drill));
	const shown = await present(db, { userId: user.id, membership }, org, drill, rows);
	return {
		org,
		drill,
		from: scope.from,
		to: scope.to,
		teamId: scope.teamId,
		teamName,
		title: m.activity_rows_title_team({ what: drillLabel(drill), team: teamName }),
		...shown
	};
}

/** The signed-in member's own rows of a year (`?kind=&year=`), like Pembelajaran saya itself. */
export async function loadPersonActivityRows(
	db: Executor,
	locals: App.Locals,
	url: URL,
	orgId: string
): Promise<ActivityRowsView & { year: number }> {
	const user = requireUser(locals, url);
	const { org, membership } = await requireLearning(db, user, orgId);
	const drill = drillOf(url);
	const year = yearFromParam(url.searchParams.get('year'));
	const { from, to } = yearRange(year);
	const rows = await loadActivityRows(db, { orgId: org.id, from, to }, { userId: user.id }, kindsOf(drill));
	const shown = await present(db, { userId: user.id, membership }, org, drill, rows);
	return { org, drill, from, to, year, title: m.activity_rows_title_person({ what: drillLabel(drill), year: String(year) }), ...shown };
}
