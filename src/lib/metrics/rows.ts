import type { LessonStatus } from '../lessons/lifecycle';

/*
 * The plain rows the pure metric definitions read: the columns of the projected tables that a
 * definition needs, nothing else. The SQL repository (src/lib/server/repositories/metrics.ts)
 * reads the same columns; the property test builds both from one generated organisation.
 */

export interface MetricTeamRow {
	id: string;
	orgId: string;
	name: string;
}

export interface MetricLessonRow {
	id: string;
	orgId: string;
	originTeamId: string;
	originDocumentId: string;
	/** The live source document; null once it was deleted permanently. */
	sourceDocumentId: string | null;
	blockId: string;
	title: string;
	libraryTitle: string | null;
	status: LessonStatus;
	mergedInto: string | null;
	publishedAt: Date | null;
}

export interface MetricReuseRow {
	id: string;
	orgId: string;
	lessonId: string;
	/** The reusing document (kept after it is deleted). */
	originDocumentId: string;
	removedAt: Date | null;
}

export interface MetricProcessChangeRow {
	id: string;
	orgId: string;
	documentId: string | null;
	originDocumentId: string;
	originTeamId: string;
	indicator: string;
	unit: string;
	direction: 'increase' | 'decrease';
	baseline: number | null;
	target: number | null;
	/** Lesson row ids, or lesson block ids of the change's own document. */
	linkedLessonIds: string[];
	/** `YYYY-MM-DD`. */
	implementedOn: string | null;
	removedAt: Date | null;
}

export interface MetricMeasurementRow {
	id: string;
	orgId: string;
	processChangeId: string;
	value: number;
	/** `YYYY-MM-DD`. */
	measuredOn: string;
	createdAt: Date;
	removedAt: Date | null;
}

export interface MetricActionItemRow {
	id: string;
	orgId: string;
	originTeamId: string;
	/** `YYYY-MM-DD`; an item without a due date is in no follow-through bucket. */
	dueOn: string | null;
	done: boolean;
	doneAt: Date | null;
	removedAt: Date | null;
}

/** Everything the dashboard is computed from; rows of other organisations are ignored. */
export interface MetricRows {
	teams: readonly MetricTeamRow[];
	lessons: readonly MetricLessonRow[];
	reuses: readonly MetricReuseRow[];
	processChanges: readonly MetricProcessChangeRow[];
	measurements: readonly MetricMeasurementRow[];
	actionItems: readonly MetricActionItemRow[];
}
