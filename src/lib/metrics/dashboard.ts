import { METRIC_DEFINITIONS_VERSION, type ImpactDashboard, type MetricScope } from './types';
import type { MetricRows } from './rows';
import { lessonStages } from './lesson-stages';
import { funnelCounts, funnelOf } from './funnel';
import { trendOf } from './trend';
import { teamFunnelsOf } from './team-funnels';
import { mostReusedOf } from './most-reused';
import { medianDaysToImplement } from './days-to-implement';
import { followThroughOf } from './follow-through';

/**
 * The whole dashboard from plain rows: the reference the SQL repository is held to (property
 * test), and small enough to read as the definitions themselves. `today` is a Jakarta day.
 */
export function computeImpactDashboard(rows: MetricRows, scope: MetricScope, today: string): ImpactDashboard {
	const stages = lessonStages(rows, scope);
	return {
		version: METRIC_DEFINITIONS_VERSION,
		scope,
		funnel: funnelOf(funnelCounts(stages)),
		trend: trendOf(stages, scope.from, scope.to),
		teams: teamFunnelsOf(stages, rows.teams, scope.orgId),
		mostReused: mostReusedOf(stages),
		medianDaysToImplement: medianDaysToImplement(stages),
		actions: followThroughOf(rows.actionItems, scope, today)
	};
}
