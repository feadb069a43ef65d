import type { FunnelStage } from './types';
import type { MetricActionItemRow, MetricRows } from './rows';
import type { MetricScope } from './types';
import { lessonStages, type LessonStage } from './lesson-stages';
import { actionsInScope, followThroughBucket, type FollowThroughBucket } from './follow-through';
import { compareText } from './order';

/** A funnel number to open: one of its stages, or the lessons whose change also met its target. */
export const DRILL_STAGES = ['captured', 'reused', 'linked', 'measurable', 'improved', 'targetMet'] as const;
export type DrillStage = FunnelStage | 'targetMet';

export interface StageChange {
	id: string;
	indicator: string;
	unit: string;
	/** The live document it is written in; null once that was deleted permanently. */
	documentId: string | null;
}

/** A lesson behind a funnel number. */
export interface FunnelStageRow {
	lessonId: string;
	/** The library's title when a curator wrote one, else the document's. */
	title: string;
	originTeamId: string;
	sourceDocumentId: string | null;
	/** Publication day in Jakarta. */
	publishedOn: string;
	reuses: number;
	/**
	 * The changes that put it at this stage, by id: for `linked` every live change naming it, for
	 * `measurable`/`improved`/`targetMet` those that are so; empty for `captured` and `reused`.
	 */
	changes: StageChange[];
}

export function atStage(s: LessonStage, stage: DrillStage): boolean {
	switch (stage) {
		case 'captured':
			return true;
		case 'reused':
			return s.reused;
		case 'linked':
			return s.linked;
		case 'measurable':
			return s.measurable;
		case 'improved':
			return s.improved;
		case 'targetMet':
			return s.targetMet;
	}
}

/** Newest publication first, then by lesson id: the order both implementations list rows in. */
export function compareStageRows(a: { publishedAt: Date; lessonId: string }, b: { publishedAt: Date; lessonId: string }): number {
	return b.publishedAt.getTime() - a.publishedAt.getTime() || compareText(a.lessonId, b.lessonId);
}

export function funnelStageRowsOf(rows: MetricRows, scope: MetricScope, stage: DrillStage): FunnelStageRow[] {
	return lessonStages(rows, scope)
		.filter((s) => atStage(s, stage))
		.sort((a, b) => compareStageRows({ publishedAt: a.lesson.publishedAt!, lessonId: a.lesson.id }, { publishedAt: b.lesson.publishedAt!, lessonId: b.lesson.id }))
		.map((s) => ({
			lessonId: s.lesson.id,
			title: s.lesson.libraryTitle ?? s.lesson.title,
			originTeamId: s.lesson.originTeamId,
			sourceDocumentId: s.lesson.sourceDocumentId,
			publishedOn: s.publishedOn,
			reuses: s.reuses,
			changes: s.changes
				.filter((c) =>
					stage === 'linked' ? true : stage === 'measurable' ? c.measurable : stage === 'improved' ? c.improved : stage === 'targetMet' ? c.targetMet : false
				)
				.map((c) => ({ id: c.change.id, indicator: c.change.indicator, unit: c.change.unit, documentId: c.change.documentId }))
				.sort((a, b) => compareText(a.id, b.id))
		}));
}

/** The live action items of a follow-through bucket, earliest due first, then by id. */
export function actionRowsOf(items: readonly MetricActionItemRow[], scope: MetricScope, bucket: FollowThroughBucket, today: string) {
	return actionsInScope(items, scope)
		.filter((a) => followThroughBucket(a, today) === bucket)
		.sort((a, b) => compareText(a.dueOn, b.dueOn) || compareText(a.id, b.id));
}
