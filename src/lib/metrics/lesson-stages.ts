import type { MetricScope } from './types';
import type { MetricLessonRow, MetricMeasurementRow, MetricProcessChangeRow, MetricRows } from './rows';
import { inPeriod, jakartaDay } from './days';

/** What a process change shows, judged by its latest live measurement since implementation. */
export interface ChangeOutcome {
	change: MetricProcessChangeRow;
	/** The latest live measurement on or after the implementation day, if any. */
	latest: MetricMeasurementRow | null;
	measurable: boolean;
	improved: boolean;
	targetMet: boolean;
}

/** One lesson of the cohort and how far down the funnel it got (types.ts `FunnelCounts`). */
export interface LessonStage {
	lesson: MetricLessonRow;
	/** Its publication day in Jakarta. */
	publishedOn: string;
	/** Live reuses outside its source (and, for a merged one, outside that one's source). */
	reuses: number;
	reused: boolean;
	/** The live changes naming it (or a lesson merged into it), when it is reused. */
	changes: ChangeOutcome[];
	linked: boolean;
	measurable: boolean;
	improved: boolean;
	targetMet: boolean;
}

/** Latest first: the later day, then the later entry, then the greater id (a total order). */
function later(a: MetricMeasurementRow, b: MetricMeasurementRow): boolean {
	if (a.measuredOn !== b.measuredOn) return a.measuredOn > b.measuredOn;
	if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt.getTime() > b.createdAt.getTime();
	return a.id > b.id;
}

export function changeOutcome(change: MetricProcessChangeRow, measurements: readonly MetricMeasurementRow[]): ChangeOutcome {
	let latest: MetricMeasurementRow | null = null;
	if (change.implementedOn !== null) {
		for (const m of measurements) {
			if (m.processChangeId !== change.id || m.orgId !== change.orgId || m.removedAt !== null) continue;
			if (m.measuredOn < change.implementedOn) continue;
			if (latest === null || later(m, latest)) latest = m;
		}
	}
	const measurable = change.baseline !== null && change.implementedOn !== null && latest !== null;
	const beats = (value: number, than: number) => (change.direction === 'increase' ? value > than : value < than);
	const reaches = (value: number, than: number) => (change.direction === 'increase' ? value >= than : value <= than);
	const improved = measurable && beats(latest!.value, change.baseline!);
	const targetMet = improved && change.target !== null && reaches(latest!.value, change.target);
	return { change, latest, measurable, improved, targetMet };
}

/** The lessons published in the scope's period (and team), published or retired, not merged. */
export function cohortOf(lessons: readonly MetricLessonRow[], scope: MetricScope): MetricLessonRow[] {
	return lessons.filter(
		(l) =>
			l.orgId === scope.orgId &&
			(l.status === 'published' || l.status === 'retired') &&
			l.publishedAt !== null &&
			(scope.teamId === null || l.originTeamId === scope.teamId) &&
			inPeriod(jakartaDay(l.publishedAt), scope.from, scope.to)
	);
}

/**
 * How far each lesson of the scope's cohort got, as types.ts defines the funnel. A lesson merged
 * into a cohort lesson lends it its reuses and links: it is the same lesson now.
 */
export function lessonStages(rows: MetricRows, scope: MetricScope): LessonStage[] {
	const org = scope.orgId;
	const cohort = cohortOf(rows.lessons, scope);
	const mergedInto = new Map<string, MetricLessonRow[]>();
	for (const l of rows.lessons) {
		if (l.orgId !== org || l.status !== 'merged' || l.mergedInto === null) continue;
		mergedInto.set(l.mergedInto, [...(mergedInto.get(l.mergedInto) ?? []), l]);
	}
	const liveReuses = rows.reuses.filter((r) => r.orgId === org && r.removedAt === null);
	const liveChanges = rows.processChanges.filter((c) => c.orgId === org && c.removedAt === null);
	const outcomes = new Map<string, ChangeOutcome>();
	const outcomeOf = (change: MetricProcessChangeRow) => {
		let outcome = outcomes.get(change.id);
		if (!outcome) {
			outcome = changeOutcome(change, rows.measurements);
			outcomes.set(change.id, outcome);
		}
		return outcome;
	};

	return cohort.map((lesson) => {
		const names = [lesson, ...(mergedInto.get(lesson.id) ?? [])];
		let reuses = 0;
		for (const name of names) {
			for (const r of liveReuses) {
				if (r.lessonId !== name.id) continue;
				if (r.originDocumentId === name.originDocumentId || r.originDocumentId === lesson.originDocumentId) continue;
				reuses += 1;
			}
		}
		const reused = reuses > 0;
		const changes = reused
			? liveChanges
					.filter((c) =>
						names.some(
							(n) =>
								c.linkedLessonIds.includes(n.id) ||
								(c.originDocumentId === n.originDocumentId && c.linkedLessonIds.includes(n.blockId))
						)
					)
					.map(outcomeOf)
			: [];
		return {
			lesson,
			publishedOn: jakartaDay(lesson.publishedAt!),
			reuses,
			reused,
			changes,
			linked: changes.length > 0,
			measurable: changes.some((c) => c.measurable),
			improved: changes.some((c) => c.improved),
			targetMet: changes.some((c) => c.targetMet)
		};
	});
}
