import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import type { DocumentVisibility } from '../../roles';
import type { LessonStatus } from '../../lessons/lifecycle';
import { ACTIVITY_KINDS, type ActivityKind } from '../../impact/activity-drill';

/**
 * The rows behind a number of the 70:20:10 mix: every credit `loadTeamActivityMix` (a team's
 * figures) or `loadPersonLearning` (a person's) counts, one row each, with what the drill-down
 * shows of it. Each branch repeats the filters of its count in activity.ts (same tables, same
 * conditions, same Asia/Jakarta day bounds), and tests/integration/activity-rows.test.ts holds
 * the number of rows equal to the counts on both databases. Titles come back raw: who may see
 * them is decided by src/lib/server/activity-rows-view.ts.
 */

export type ActivityWho = { teamId: string } | { userId: string };

export interface ActivityRowsScope {
	orgId: string;
	from: string;
	to: string;
}

export interface ActivityEventRow {
	kind: ActivityKind;
	/** Asia/Jakarta calendar day of the event (a training record's completion day). */
	day: string;
	/** The team credited (the document's team at the time); a person's training record has none. */
	teamId: string | null;
	/** The document named, when it still exists in this organisation. */
	document: { id: string; title: string; teamId: string; visibility: DocumentVisibility } | null;
	/** The event named a document that has been deleted permanently since (edit days, reuses). */
	documentDeleted: boolean;
	/** The person credited; null for a team's reuse (a reuse records no author). */
	user: { id: string; name: string } | null;
	lesson: {
		id: string;
		title: string;
		status: LessonStatus;
		published: boolean;
		removed: boolean;
		originTeamId: string;
		sourceDocumentId: string | null;
		sourceVisibility: DocumentVisibility | null;
	} | null;
	training: { id: string; userId: string; course: string; organiser: string; hours: number } | null;
}

/** A drill-down lists at most this many rows (like the funnel's); the page says when it stopped. */
export const ACTIVITY_ROWS_LIMIT = 10_000;

const JAKARTA = 'Asia/Jakarta';

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	// postgres.js returns the rows as an array, PGlite as `{ rows }`.
	return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

const dayOf = (column: SQL) => sql`(${column} at time zone ${JAKARTA})::date`;

/**
 * One UNION ALL branch per kind asked for, each `(kind, kind_order, day, team_id, document_id,
 * user_id, lesson_id, record_id, sort_at)`.
 */
function branches(scope: ActivityRowsScope, who: ActivityWho, kinds: readonly ActivityKind[]): SQL[] {
	const { orgId, from, to } = scope;
	const lo = sql`((${from}::date)::timestamp at time zone ${JAKARTA})`;
	const hi = sql`((${to}::date + 1)::timestamp at time zone ${JAKARTA})`;
	const team = (column: SQL) => ('teamId' in who ? sql`${column} = ${who.teamId}` : sql`true`);
	const user = (column: SQL) => ('userId' in who ? sql`${column} = ${who.userId}` : sql`true`);
	const order = (kind: ActivityKind) => sql.raw(String(ACTIVITY_KINDS.indexOf(kind)));
	const head = (kind: ActivityKind) => sql`${kind}::text as kind, ${order(kind)} as kind_order`;
	const none = sql`null::uuid as lesson_id, null::uuid as record_id`;

	const branch: Record<ActivityKind, () => SQL> = {
		documentsAuthored: () => sql`
			select ${head('documentsAuthored')}, ${dayOf(sql`d.created_at`)} as day, d.team_id, d.id as document_id,
			       d.created_by as user_id, ${none}, d.created_at as sort_at
			  from documents d
			 where d.org_id = ${orgId} and ${team(sql`d.team_id`)} and d.created_by is not null and ${user(sql`d.created_by`)}
			   and d.created_at >= ${lo} and d.created_at < ${hi}`,
		documentDaysEdited: () => sql`
			select ${head('documentDaysEdited')}, e.day, e.team_id, e.document_id, e.user_id, ${none}, null::timestamptz
			  from edits e where ${user(sql`e.user_id`)}`,
		coEditingSessions: () => sql`
			select ${head('coEditingSessions')}, e.day, e.team_id, e.document_id, e.user_id, ${none}, null::timestamptz
			  from edits e join sessions s on s.document_id = e.document_id and s.day = e.day
			 where ${user(sql`e.user_id`)}`,
		commentsWritten: () => sql`
			select ${head('commentsWritten')}, ${dayOf(sql`m.created_at`)}, d.team_id, d.id, m.author_id, ${none}, m.created_at
			  from comment_messages m join documents d on d.id = m.document_id
			 where d.org_id = ${orgId} and ${team(sql`d.team_id`)} and m.author_id is not null and m.removed_at is null
			   and ${user(sql`m.author_id`)} and m.created_at >= ${lo} and m.created_at < ${hi}`,
		mentionsReceived: () => sql`
			select ${head('mentionsReceived')}, ${dayOf(sql`cm.created_at`)}, d.team_id, d.id, cm.user_id, ${none}, cm.created_at
			  from comment_mentions cm
			  join comment_messages m on m.document_id = cm.document_id and m.id = cm.message_id
			  join documents d on d.id = cm.document_id
			 where d.org_id = ${orgId} and ${team(sql`d.team_id`)} and m.removed_at is null and cm.user_id is distinct from m.author_id
			   and ${user(sql`cm.user_id`)} and cm.created_at >= ${lo} and cm.created_at < ${hi}`,
		reviewRequests: () => sql`
			select ${head('reviewRequests')}, ${dayOf(sql`rr.created_at`)}, d.team_id, d.id, rr.requested_by, ${none}, rr.created_at
			  from review_requests rr join documents d on d.id = rr.document_id
			 where d.org_id = ${orgId} and ${team(sql`d.team_id`)} and rr.requested_by is not null and ${user(sql`rr.requested_by`)}
			   and rr.created_at >= ${lo} and rr.created_at < ${hi}`,
		signOffs: () => sql`
			select ${head('signOffs')}, ${dayOf(sql`so.created_at`)}, d.team_id, d.id, so.reviewer_id, ${none}, so.created_at
			  from sign_offs so join documents d on d.id = so.document_id
			 where d.org_id = ${orgId} and ${team(sql`d.team_id`)} and so.reviewer_id is not null and ${user(sql`so.reviewer_id`)}
			   and so.created_at >= ${lo} and so.created_at < ${hi}`,
		// A team counts each reuse once; a person is credited when they edited the reusing document that day.
		crossTeamReuses: () =>
			'teamId' in who
				? sql`
			select ${head('crossTeamReuses')}, ${dayOf(sql`r.created_at`)}, r.origin_team_id, r.origin_document_id, null::uuid,
			       r.lesson_id, null::uuid, r.created_at
			  from lesson_reuses r join lessons l on l.org_id = r.org_id and l.id = r.lesson_id
			 where r.org_id = ${orgId} and r.removed_at is null and l.origin_team_id <> r.origin_team_id
			   and r.origin_team_id = ${who.teamId} and r.created_at >= ${lo} and r.created_at < ${hi}`
				: sql`
			select ${head('crossTeamReuses')}, ${dayOf(sql`r.created_at`)}, r.origin_team_id, r.origin_document_id, e.user_id,
			       r.lesson_id, null::uuid, r.created_at
			  from lesson_reuses r
			  join lessons l on l.org_id = r.org_id and l.id = r.lesson_id
			  join document_edit_days e on e.document_id = r.origin_document_id and e.day = ${dayOf(sql`r.created_at`)}
			       and e.user_id = ${who.userId} and e.org_id = ${orgId}
			 where r.org_id = ${orgId} and r.removed_at is null and l.origin_team_id <> r.origin_team_id
			   and r.created_at >= ${lo} and r.created_at < ${hi}`,
		// A team's JP are its current members' (member or mentor); a person's are their own.
		trainingHours: () =>
			'teamId' in who
				? sql`
			select ${head('trainingHours')}, tr.completed_on, tm.team_id, null::uuid, tr.user_id, null::uuid, tr.id, tr.created_at
			  from training_records tr
			  join team_members tm on tm.user_id = tr.user_id
			  join teams t on t.id = tm.team_id and t.org_id = ${orgId}
			 where tr.org_id = ${orgId} and tm.team_id = ${who.teamId}
			   and tr.completed_on between ${from}::date and ${to}::date`
				: sql`
			select ${head('trainingHours')}, tr.completed_on, null::uuid, null::uuid, tr.user_id, null::uuid, tr.id, tr.created_at
			  from training_records tr
			 where tr.org_id = ${orgId} and tr.user_id = ${who.userId}
			   and tr.completed_on between ${from}::date and ${to}::date`
	};
	return kinds.map((kind) => branch[kind]());
}

/**
 * Every credit of `kinds` for a team (its documents' events, its reuses of other teams' lessons,
 * its members' training) or a person (in every team of the organisation) over days `from`–`to`,
 * newest day first, then in the mix's order of kinds. Names, titles and lessons are joined within
 * the organisation only.
 */
export async function loadActivityRows(
	db: Executor,
	scope: ActivityRowsScope,
	who: ActivityWho,
	kinds: readonly ActivityKind[],
	limit = ACTIVITY_ROWS_LIMIT
): Promise<ActivityEventRow[]> {
	if (kinds.length === 0) return [];
	const { orgId, from, to } = scope;
	const editTeam = 'teamId' in who ? sql`and team_id = ${who.teamId}` : sql``;
	const rows = await rowsOf<{
		kind: ActivityKind;
		day: string;
		team_id: string | null;
		raw_document_id: string | null;
		document_id: string | null;
		document_title: string | null;
		document_team_id: string | null;
		document_visibility: DocumentVisibility | null;
		user_id: string | null;
		user_name: string | null;
		lesson_id: string | null;
		lesson_title: string | null;
		lesson_status: LessonStatus | null;
		lesson_published: boolean | null;
		lesson_removed: boolean | null;
		lesson_team_id: string | null;
		lesson_source_id: string | null;
		lesson_source_visibility: DocumentVisibility | null;
		record_id: string | null;
		record_user_id: string | null;
		course: string | null;
		organiser: string | null;
		hours: number | string | null;
	}>(
		db,
		sql`
		with edits as (
			select document_id, team_id, user_id, day
			  from document_edit_days
			 where org_id = ${orgId} and day between ${from}::date and ${to}::date ${editTeam}
		), sessions as (
			select document_id, day from edits group by document_id, day having count(*) >= 2
		)
		select x.kind, x.day::text as day, x.team_id, x.document_id as raw_document_id,
		       d.id as document_id, d.title as document_title, d.team_id as document_team_id, d.visibility as document_visibility,
		       u.id as user_id, u.name as user_name,
		       l.id as lesson_id, coalesce(l.library_title, l.title) as lesson_title, l.status as lesson_status,
		       l.published_at is not null as lesson_published, l.removed_at is not null as lesson_removed,
		       l.origin_team_id as lesson_team_id, sd.id as lesson_source_id, sd.visibility as lesson_source_visibility,
		       tr.id as record_id, tr.user_id as record_user_id, tr.course, tr.organiser, tr.hours
		  from (${sql.join(
				branches(scope, who, kinds).map((b) => sql`select * from (${b}) b(kind, kind_order, day, team_id, document_id, user_id, lesson_id, record_id, sort_at)`),
				sql` union all `
			)}) x
		  left join documents d on d.id = x.document_id and d.org_id = ${orgId}
		  left join users u on u.id = x.user_id
		  left join lessons l on l.id = x.lesson_id and l.org_id = ${orgId}
		  left join documents sd on sd.id = l.source_document_id and sd.org_id = ${orgId}
		  left join training_records tr on tr.id = x.record_id and tr.org_id = ${orgId}
		 order by x.day desc, x.kind_order, x.sort_at desc nulls last, u.name, x.user_id, d.title, x.document_id, x.lesson_id, x.record_id
		 limit ${limit}`
	);
	return rows.map((r) => ({
		kind: r.kind,
		day: String(r.day).slice(0, 10),
		teamId: r.team_id,
		document:
			r.document_id && r.document_title !== null && r.document_team_id && r.document_visibility
				? { id: r.document_id, title: r.document_title, teamId: r.document_team_id, visibility: r.document_visibility }
				: null,
		documentDeleted: r.raw_document_id !== null && r.document_id === null,
		user: r.user_id && r.user_name !== null ? { id: r.user_id, name: r.user_name } : null,
		lesson:
			r.lesson_id && r.lesson_title !== null && r.lesson_status && r.lesson_team_id
				? {
						id: r.lesson_id,
						title: r.lesson_title,
						status: r.lesson_status,
						published: Boolean(r.lesson_published),
						removed: Boolean(r.lesson_removed),
						originTeamId: r.lesson_team_id,
						sourceDocumentId: r.lesson_source_id,
						sourceVisibility: r.lesson_source_visibility
					}
				: null,
		training:
			r.record_id && r.record_user_id && r.course !== null
				? { id: r.record_id, userId: r.record_user_id, course: r.course, organiser: r.organiser ?? '', hours: Number(r.hours) }
				: null
	}));
}
