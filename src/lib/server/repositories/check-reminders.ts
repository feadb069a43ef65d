import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { documents, measurements, notifications, processChanges } from '../db/schema';
import { documentViewers } from '../access-loader';
import { addDays } from '../../impact/calendar';
import { CHECK_DAYS, dueCheck } from '../../impact/change-stage';

/**
 * The check reminders of plan-do-check-act (issue 15): 30 and 90 days after a change was
 * implemented its owner is asked, in the inbox, to record a measurement. Nothing is scheduled
 * anywhere: what is due is derived from the tables each run (the change's implementation day and
 * outcome, its live measurements, and the reminders already written), and each reminder's
 * `dedupe_key` (`check30:<changeId>`, `check90:<changeId>`) is unique per recipient, so a run
 * after a restart, a second run, or two instances at once never send one twice, and a run that
 * was missed (the server was down on the day) sends it at the next run.
 *
 * Not sent: for a change kept or dropped, removed from its document, whose document was deleted,
 * without an owner, whose owner may no longer open the document, or whose check is already done
 * (src/lib/impact/change-stage.ts `dueCheck`: only the latest check reached counts).
 */

/** Changes read per query; a run pages through all that are due. */
export const CHECK_REMINDER_BATCH = 500;

export function checkDedupeKey(check: number, changeId: string): string {
	return `check${check}:${changeId}`;
}

export interface CheckReminderRun {
	/** Recipients of the reminders written, one per reminder (signal them once the run is over). */
	userIds: string[];
	/** How many reminders were written. */
	sent: number;
}

export async function sendDueCheckReminders(db: Executor, today: string, now = new Date()): Promise<CheckReminderRun> {
	const userIds: string[] = [];
	let after: { implementedOn: string; id: string } | null = null;
	for (;;) {
		const page = await dueCandidates(db, today, after);
		if (page.length === 0) break;
		userIds.push(...(await remind(db, page, today, now)));
		if (page.length < CHECK_REMINDER_BATCH) break;
		const last = page[page.length - 1];
		after = { implementedOn: last.implementedOn!, id: last.id };
	}
	return { userIds, sent: userIds.length };
}

/**
 * Changes whose latest reached check may be due, a page at a time in (implemented_on, id) order.
 * SQL leaves out those already reminded of that check and those measured in its window, so what
 * remains is (nearly) exactly what is to send; the pure `dueCheck` has the last word.
 */
async function dueCandidates(db: Executor, today: string, after: { implementedOn: string; id: string } | null) {
	const firstCheck = addDays(today, -CHECK_DAYS[0]);
	const lastCheck = addDays(today, -CHECK_DAYS[1]);
	const reachedLast = sql`${processChanges.implementedOn} <= ${lastCheck}::date`;
	const reachedKey = sql`'check' || (case when ${reachedLast} then ${CHECK_DAYS[1]} else ${CHECK_DAYS[0]} end) || ':' || ${processChanges.id}::text`;
	// The reached check's window starts at the check before it (change-stage.ts `dueCheck`).
	const windowStart = sql`${processChanges.implementedOn} + (case when ${reachedLast} then ${CHECK_DAYS[0]} else 0 end)`;
	return db
		.select({
			id: processChanges.id,
			orgId: processChanges.orgId,
			ownerId: processChanges.ownerId,
			implementedOn: processChanges.implementedOn,
			documentId: documents.id,
			teamId: documents.teamId,
			visibility: documents.visibility
		})
		.from(processChanges)
		.innerJoin(documents, and(eq(documents.id, processChanges.documentId), eq(documents.orgId, processChanges.orgId)))
		.where(
			and(
				isNotNull(processChanges.ownerId),
				isNotNull(processChanges.implementedOn),
				sql`${processChanges.implementedOn} <= ${firstCheck}::date`,
				isNull(processChanges.outcome),
				isNull(processChanges.removedAt),
				after ? sql`(${processChanges.implementedOn}, ${processChanges.id}) > (${after.implementedOn}::date, ${after.id}::uuid)` : undefined,
				sql`not exists (select 1 from ${notifications} where ${notifications.userId} = ${processChanges.ownerId}
					and ${notifications.dedupeKey} = ${reachedKey})`,
				sql`not exists (select 1 from ${measurements} where ${measurements.orgId} = ${processChanges.orgId}
					and ${measurements.processChangeId} = ${processChanges.id} and ${measurements.removedAt} is null
					and ${measurements.measuredOn} >= ${windowStart})`
			)
		)
		.orderBy(processChanges.implementedOn, processChanges.id)
		.limit(CHECK_REMINDER_BATCH);
}

type Candidate = Awaited<ReturnType<typeof dueCandidates>>[number];

/** Writes the reminders of one page of candidates; returns their recipients. */
async function remind(db: Executor, candidates: Candidate[], today: string, now: Date): Promise<string[]> {
	const days = await db
		.select({ changeId: measurements.processChangeId, measuredOn: measurements.measuredOn })
		.from(measurements)
		.where(and(inArray(measurements.processChangeId, candidates.map((c) => c.id)), isNull(measurements.removedAt)));
	const byChange = new Map<string, { measuredOn: string }[]>();
	for (const d of days) {
		const list = byChange.get(d.changeId) ?? [];
		list.push({ measuredOn: d.measuredOn });
		byChange.set(d.changeId, list);
	}
	const rows: (typeof notifications.$inferInsert)[] = [];
	for (const c of candidates) {
		const check = dueCheck({ plannedOn: null, implementedOn: c.implementedOn, outcome: null }, byChange.get(c.id) ?? [], today);
		if (check === null || !c.ownerId) continue;
		// An owner who left the team (or lost the share) is not told about a document they cannot open.
		const viewers = await documentViewers(db, { id: c.documentId, orgId: c.orgId, teamId: c.teamId, visibility: c.visibility }, [c.ownerId]);
		if (!viewers.has(c.ownerId)) continue;
		rows.push({
			id: crypto.randomUUID(),
			userId: c.ownerId,
			orgId: c.orgId,
			kind: 'measurement_due',
			documentId: c.documentId,
			processChangeId: c.id,
			dedupeKey: checkDedupeKey(check, c.id),
			createdAt: now
		});
	}
	if (rows.length === 0) return [];
	const inserted = await db
		.insert(notifications)
		.values(rows)
		.onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
		.returning({ userId: notifications.userId });
	return inserted.map((r) => r.userId);
}

/** The process changes some of a user's reminders are about (the inbox links them to the change page). */
export async function reminderTargets(db: Executor, userId: string, notificationIds: readonly string[]): Promise<Map<string, { changeId: string; indicator: string }>> {
	const targets = new Map<string, { changeId: string; indicator: string }>();
	if (notificationIds.length === 0) return targets;
	const rows = await db
		.select({ id: notifications.id, changeId: processChanges.id, indicator: processChanges.indicator })
		.from(notifications)
		.innerJoin(processChanges, eq(processChanges.id, notifications.processChangeId))
		.where(and(eq(notifications.userId, userId), inArray(notifications.id, [...notificationIds])));
	for (const r of rows) targets.set(r.id, { changeId: r.changeId, indicator: r.indicator });
	return targets;
}
