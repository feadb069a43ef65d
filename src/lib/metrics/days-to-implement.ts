import type { LessonStage } from './lesson-stages';
import { daysBetween } from './days';
import { median } from './median';

/**
 * types.ts `medianDaysToImplement`: over each (linked lesson, change) pair once, the whole days
 * from the lesson's publication day to the change's implementation day, when not before it.
 */
export function medianDaysToImplement(stages: readonly LessonStage[]): number | null {
	const days: number[] = [];
	for (const s of stages) {
		for (const { change } of s.changes) {
			if (change.implementedOn === null || change.implementedOn < s.publishedOn) continue;
			days.push(daysBetween(s.publishedOn, change.implementedOn));
		}
	}
	return median(days);
}
