import type { Executor } from './db';
import type { MetricScope } from '../metrics/types';
import { findTeam } from './repositories/teams';
import { jakartaToday, parseImpactFilters, type ImpactFilters, type ScopeProblem } from '../impact/scope-params';
import { m } from '../paraglide/messages';

/**
 * The metric scope a request asks for, checked against the organisation the caller was already
 * authorized for: the dashboard, its drill-downs and exports, and the metrics API all call this,
 * so a team id of another organisation is "no such team" everywhere (never its numbers).
 */

export type ScopeRefusal = { status: 400 | 404; code: ScopeProblem | 'team_not_found'; message: string };

export type ResolvedScope =
	| { ok: true; scope: MetricScope; filters: ImpactFilters; today: string; teamName: string | null }
	| { ok: false; refusal: ScopeRefusal };

export function scopeProblemMessage(code: ScopeRefusal['code']): string {
	switch (code) {
		case 'invalid_date':
			return m.impact_error_invalid_date();
		case 'period_reversed':
			return m.impact_error_period_reversed();
		case 'period_too_long':
			return m.impact_error_period_too_long();
		case 'invalid_team':
			return m.impact_error_invalid_team();
		case 'team_not_found':
			return m.impact_error_team_not_found();
	}
}

export async function resolveImpactScope(db: Executor, orgId: string, params: URLSearchParams, now = new Date()): Promise<ResolvedScope> {
	const today = jakartaToday(now);
	const parsed = parseImpactFilters(params, today);
	if (!parsed.ok) return { ok: false, refusal: { status: 400, code: parsed.problem, message: scopeProblemMessage(parsed.problem) } };
	const { filters } = parsed;
	let teamName: string | null = null;
	if (filters.teamId) {
		const team = await findTeam(db, orgId, filters.teamId);
		if (!team) return { ok: false, refusal: { status: 404, code: 'team_not_found', message: scopeProblemMessage('team_not_found') } };
		teamName = team.name;
	}
	return { ok: true, scope: { orgId, teamId: filters.teamId, from: filters.from, to: filters.to }, filters, today, teamName };
}
