import { addDays, daysBetween } from './calendar';

/**
 * A process change's life (issue 15): planned → implemented (a date) → measured (a measurement
 * on or after that date — what the funnel calls measurable, src/lib/metrics/types.ts) → kept or
 * dropped. Derived from the row and its live measurements, never stored, so it cannot disagree
 * with them.
 */
export const CHANGE_STAGES = ['planned', 'implemented', 'measured', 'kept', 'dropped'] as const;
export type ChangeStage = (typeof CHANGE_STAGES)[number];

/** The plan-do-check-act checks: days after implementation when a measurement is asked for. */
export const CHECK_DAYS = [30, 90] as const;
export type CheckDay = (typeof CHECK_DAYS)[number];

export interface ChangeFacts {
	plannedOn: string | null;
	implementedOn: string | null;
	outcome: 'kept' | 'dropped' | null;
}

/** Live measurements only (removed ones do not count); days as `YYYY-MM-DD`. */
export interface MeasurementDay {
	measuredOn: string;
}

export interface ChangeStatus {
	stage: ChangeStage;
	/** A check is due and not done (see `dueCheck`). */
	measurementOverdue: boolean;
	/** The planned date passed and the change is still not implemented. */
	pastPlannedDate: boolean;
	/** The check that is due now, if any. */
	dueCheck: CheckDay | null;
	/** The next check still ahead (its day), for an implemented change being followed. */
	nextCheckOn: string | null;
}

export function changeStage(change: ChangeFacts, measurements: readonly MeasurementDay[]): ChangeStage {
	if (change.outcome) return change.outcome;
	if (!change.implementedOn) return 'planned';
	const since = change.implementedOn;
	return measurements.some((x) => x.measuredOn >= since) ? 'measured' : 'implemented';
}

/**
 * The check due on `today`: the latest check day already reached whose window holds no
 * measurement. A check's window starts at the check before it (implementation for the first):
 * the 30-day check is done by any measurement since implementation, the 90-day check only by one
 * taken after the first check's day — a second, later figure. Only the latest reached check
 * counts: a change implemented long ago asks once, for the check that matters now.
 * Kept and dropped changes are decided: nothing is due.
 */
export function dueCheck(change: ChangeFacts, measurements: readonly MeasurementDay[], today: string): CheckDay | null {
	if (change.outcome || !change.implementedOn) return null;
	const elapsed = daysBetween(change.implementedOn, today);
	for (let i = CHECK_DAYS.length - 1; i >= 0; i--) {
		const check = CHECK_DAYS[i];
		if (elapsed < check) continue;
		const windowStart = addDays(change.implementedOn, i === 0 ? 0 : CHECK_DAYS[i - 1]);
		return measurements.some((x) => x.measuredOn >= windowStart) ? null : check;
	}
	return null;
}

export function changeStatus(change: ChangeFacts, measurements: readonly MeasurementDay[], today: string): ChangeStatus {
	const stage = changeStage(change, measurements);
	const due = dueCheck(change, measurements, today);
	let nextCheckOn: string | null = null;
	if (!change.outcome && change.implementedOn) {
		const implemented = change.implementedOn;
		const ahead = CHECK_DAYS.map((d) => addDays(implemented, d)).find((day) => day > today);
		nextCheckOn = ahead ?? null;
	}
	return {
		stage,
		measurementOverdue: due !== null,
		pastPlannedDate: !change.implementedOn && !change.outcome && change.plannedOn !== null && change.plannedOn < today,
		dueCheck: due,
		nextCheckOn
	};
}

/**
 * The team's follow-up order: flagged changes first (overdue measurement, then past planned
 * date), then those still being followed, decided ones (kept, dropped) last; by planned date
 * within each (none planned last).
 */
export function followUpOrder<T extends { status: ChangeStatus; plannedOn: string | null }>(a: T, b: T): number {
	const rank = (s: ChangeStatus) =>
		s.measurementOverdue ? 0 : s.pastPlannedDate ? 1 : s.stage === 'kept' || s.stage === 'dropped' ? 3 : 2;
	const byFlag = rank(a.status) - rank(b.status);
	if (byFlag !== 0) return byFlag;
	const pa = a.plannedOn ?? '9999-12-31';
	const pb = b.plannedOn ?? '9999-12-31';
	return pa < pb ? -1 : pa > pb ? 1 : 0;
}
