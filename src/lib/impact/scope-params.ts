import { z } from 'zod';
import { FUNNEL_STAGES, type FunnelStage } from '../metrics/types';

/**
 * The impact dashboard's filters as they travel in a URL (`team`, `from`, `to`): parsed and
 * bounded once here, for the page, its drill-downs, its CSV exports and `GET /api/v1/metrics`,
 * so that all of them read the same scope from the same address. Days are Asia/Jakarta
 * calendar days (ISO `YYYY-MM-DD`, inclusive), like the metric definitions.
 */

export const IMPACT_TIME_ZONE = 'Asia/Jakarta';
/** A longer period is refused: it would only be a slower way to ask for less precise numbers. */
export const MAX_PERIOD_YEARS = 5;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: IMPACT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's calendar day in Asia/Jakarta (a server in UTC is seven hours behind the users). */
export function jakartaToday(now: Date): string {
	return dayFormat.format(now);
}

function parseDay(value: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T00:00:00Z`);
	// `2026-02-31` parses to March: a day that does not exist is refused, not moved.
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : null;
}

export function isIsoDay(value: string): boolean {
	return parseDay(value) !== null;
}

/** `day` plus `days` calendar days (negative goes back). */
export function addDays(day: string, days: number): string {
	const date = parseDay(day);
	if (!date) throw new Error(`not a day: ${day}`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

/** The same day `months` months earlier or later, clamped to the month's end (31 March − 1 month = 28/29 February). */
export function addMonths(day: string, months: number): string {
	const date = parseDay(day);
	if (!date) throw new Error(`not a day: ${day}`);
	const y = date.getUTCFullYear();
	const m = date.getUTCMonth() + months;
	const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), last))).toISOString().slice(0, 10);
}

/** The default period: the last 12 months, ending today (the day after the same day a year ago … today). */
export function defaultPeriod(today: string): { from: string; to: string } {
	return { from: addDays(addMonths(today, -12), 1), to: today };
}

/** The first and last day of the month `YYYY-MM`, clipped to [from, to]. */
export function monthWithin(month: string, from: string, to: string): { from: string; to: string } {
	const start = `${month}-01`;
	const end = addDays(addMonths(start, 1), -1);
	return { from: start < from ? from : start, to: end > to ? to : end };
}

export type ScopeProblem = 'invalid_date' | 'period_reversed' | 'period_too_long' | 'invalid_team';

export interface ImpactFilters {
	teamId: string | null;
	from: string;
	to: string;
	/** Whether the URL named the period (the page links keep the defaults out of addresses). */
	custom: boolean;
}

const teamParam = z.uuid();

/**
 * Reads `team`, `from` and `to`. Absent values take the defaults (whole organisation, the last
 * 12 months to `today`); present but malformed ones are a problem, never silently replaced —
 * an API client must not receive numbers for a period it did not ask for.
 */
export function parseImpactFilters(params: URLSearchParams, today: string): { ok: true; filters: ImpactFilters } | { ok: false; problem: ScopeProblem } {
	const team = params.get('team');
	const fromRaw = params.get('from');
	const toRaw = params.get('to');
	let teamId: string | null = null;
	if (team !== null && team !== '') {
		if (!teamParam.safeParse(team).success) return { ok: false, problem: 'invalid_team' };
		teamId = team.toLowerCase();
	}
	const to = toRaw === null || toRaw === '' ? today : toRaw;
	if (!isIsoDay(to)) return { ok: false, problem: 'invalid_date' };
	// Only `to` given: the 12 months ending there.
	const from = fromRaw === null || fromRaw === '' ? defaultPeriod(to).from : fromRaw;
	if (!isIsoDay(from)) return { ok: false, problem: 'invalid_date' };
	if (from > to) return { ok: false, problem: 'period_reversed' };
	if (from < addMonths(to, -12 * MAX_PERIOD_YEARS)) return { ok: false, problem: 'period_too_long' };
	return { ok: true, filters: { teamId, from, to, custom: Boolean(fromRaw || toRaw) } };
}

/** The query string of a scope (defaults left out, so the page's own address stays short). */
export function filterQuery(filters: Pick<ImpactFilters, 'teamId' | 'from' | 'to'>, extra: Record<string, string> = {}): string {
	const q = new URLSearchParams();
	for (const [key, value] of Object.entries(extra)) q.set(key, value);
	if (filters.teamId) q.set('team', filters.teamId);
	q.set('from', filters.from);
	q.set('to', filters.to);
	return q.toString();
}

export type ActionBucket = 'onTime' | 'late' | 'overdue' | 'open';
export const ACTION_BUCKETS: readonly ActionBucket[] = ['onTime', 'late', 'overdue', 'open'];

export function isFunnelStage(value: string | null): value is FunnelStage {
	return value !== null && (FUNNEL_STAGES as readonly string[]).includes(value);
}

export function isActionBucket(value: string | null): value is ActionBucket {
	return value !== null && (ACTION_BUCKETS as readonly string[]).includes(value);
}
