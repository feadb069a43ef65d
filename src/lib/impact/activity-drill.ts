import type { ActivityCounts, MixPart } from '../metrics/activity-mix';

/**
 * What a number of the 70:20:10 mix can be opened on: one of its raw counts, or the total of the
 * experience or social part (the formal part's number is the training JP count itself). The
 * drill-down lists one row per credit the mix counted (src/lib/metrics/activity-mix.ts): a
 * co-editing session of two people is two rows, a team's reuse of another team's lesson one.
 */

export type ActivityKind = keyof ActivityCounts;

export const PART_KINDS: Record<MixPart, readonly ActivityKind[]> = {
	experience: ['documentsAuthored', 'documentDaysEdited', 'coEditingSessions'],
	social: ['commentsWritten', 'mentionsReceived', 'reviewRequests', 'signOffs', 'crossTeamReuses'],
	formal: ['trainingHours']
};

export const ACTIVITY_KINDS: readonly ActivityKind[] = [...PART_KINDS.experience, ...PART_KINDS.social, ...PART_KINDS.formal];

export type ActivityDrill = ActivityKind | 'experience' | 'social';
export const ACTIVITY_DRILLS: readonly ActivityDrill[] = ['experience', 'social', ...ACTIVITY_KINDS];

export function isActivityDrill(value: string | null): value is ActivityDrill {
	return value !== null && (ACTIVITY_DRILLS as readonly string[]).includes(value);
}

/** The counts a drill-down lists, in the order the mix table shows them. */
export function kindsOf(drill: ActivityDrill): readonly ActivityKind[] {
	return drill === 'experience' || drill === 'social' ? PART_KINDS[drill] : [drill];
}

/**
 * The figure a drill-down's rows add up to: one per row, but the training JP are the rows'
 * hours summed (at a hundredth of a JP, like the mix).
 */
export function rowsTotal(drill: ActivityDrill, rows: readonly { hours: number | null }[]): number {
	if (drill !== 'trainingHours') return rows.length;
	return Math.round(rows.reduce((sum, r) => sum + (r.hours ?? 0), 0) * 100) / 100;
}
