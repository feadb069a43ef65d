import type { ActionFollowThrough, MetricScope } from './types';
import type { MetricActionItemRow } from './rows';
import { inPeriod, jakartaDay } from './days';

export const FOLLOW_THROUGH_BUCKETS = ['onTime', 'late', 'overdue', 'open'] as const;
export type FollowThroughBucket = (typeof FOLLOW_THROUGH_BUCKETS)[number];

/** Which bucket a live item with a due date is in, as of `today`. */
export function followThroughBucket(item: MetricActionItemRow & { dueOn: string }, today: string): FollowThroughBucket {
	if (item.done) return item.doneAt !== null && jakartaDay(item.doneAt) <= item.dueOn ? 'onTime' : 'late';
	return item.dueOn < today ? 'overdue' : 'open';
}

/** The scope's live action items due in the period (scope team: the item's document's team). */
export function actionsInScope(items: readonly MetricActionItemRow[], scope: MetricScope): (MetricActionItemRow & { dueOn: string })[] {
	return items.filter(
		(a): a is MetricActionItemRow & { dueOn: string } =>
			a.orgId === scope.orgId &&
			a.removedAt === null &&
			a.dueOn !== null &&
			(scope.teamId === null || a.originTeamId === scope.teamId) &&
			inPeriod(a.dueOn, scope.from, scope.to)
	);
}

export function followThroughOf(items: readonly MetricActionItemRow[], scope: MetricScope, today: string): ActionFollowThrough {
	const counts: ActionFollowThrough = { onTime: 0, late: 0, overdue: 0, open: 0 };
	for (const item of actionsInScope(items, scope)) counts[followThroughBucket(item, today)] += 1;
	return counts;
}
