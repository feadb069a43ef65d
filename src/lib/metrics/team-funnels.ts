import type { TeamFunnel } from './types';
import type { MetricTeamRow } from './rows';
import type { LessonStage } from './lesson-stages';
import { funnelCounts, headline } from './funnel';
import { compareTeams } from './order';

/**
 * One row per team of the organisation that captured a lesson in the scope (so, in a team
 * scope, at most that team), by name. A lesson of a team deleted since has no row here but
 * still counts in the organisation's funnel.
 */
export function teamFunnelsOf(stages: readonly LessonStage[], teams: readonly MetricTeamRow[], orgId: string): TeamFunnel[] {
	const byTeam = new Map<string, LessonStage[]>();
	for (const s of stages) byTeam.set(s.lesson.originTeamId, [...(byTeam.get(s.lesson.originTeamId) ?? []), s]);
	return teams
		.filter((t) => t.orgId === orgId && byTeam.has(t.id))
		.map((t) => {
			const counts = funnelCounts(byTeam.get(t.id)!);
			return { teamId: t.id, teamName: t.name, counts, headline: headline(counts) };
		})
		.sort(compareTeams);
}
