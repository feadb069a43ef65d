import type { ReusedLesson } from './types';
import type { LessonStage } from './lesson-stages';
import { compareReused } from './order';

export const MOST_REUSED_LIMIT = 10;

/** The cohort's most reused lessons (at least one reuse), most first, then by id. */
export function mostReusedOf(stages: readonly LessonStage[], limit = MOST_REUSED_LIMIT): ReusedLesson[] {
	return stages
		.filter((s) => s.reuses > 0)
		.map((s) => ({
			lessonId: s.lesson.id,
			title: s.lesson.libraryTitle ?? s.lesson.title,
			originTeamId: s.lesson.originTeamId,
			reuses: s.reuses
		}))
		.sort(compareReused)
		.slice(0, limit);
}
