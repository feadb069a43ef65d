import type { FunnelMonth } from './types';
import type { LessonStage } from './lesson-stages';
import { funnelCounts, headline } from './funnel';
import { monthsOf } from './days';

/** Every month the period touches, in order, with the funnel of the lessons published in it. */
export function trendOf(stages: readonly LessonStage[], from: string, to: string): FunnelMonth[] {
	return monthsOf(from, to).map(({ month }) => {
		const counts = funnelCounts(stages.filter((s) => s.publishedOn.slice(0, 7) === month));
		return { month, counts, headline: headline(counts) };
	});
}
