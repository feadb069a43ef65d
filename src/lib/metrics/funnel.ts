import type { Funnel, FunnelCounts } from './types';
import type { LessonStage } from './lesson-stages';

export function funnelCounts(stages: readonly LessonStage[]): FunnelCounts {
	const counts: FunnelCounts = { captured: 0, reused: 0, linked: 0, measurable: 0, improved: 0, targetMet: 0 };
	for (const s of stages) {
		counts.captured += 1;
		if (s.reused) counts.reused += 1;
		if (s.linked) counts.linked += 1;
		if (s.measurable) counts.measurable += 1;
		if (s.improved) counts.improved += 1;
		if (s.targetMet) counts.targetMet += 1;
	}
	return counts;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The headline: reused lessons that became measurable process changes ÷ reused lessons. */
export function headline(counts: FunnelCounts): number | null {
	return ratio(counts.measurable, counts.reused);
}

export function funnelOf(counts: FunnelCounts): Funnel {
	return {
		counts,
		headline: headline(counts),
		conversion: {
			reused: ratio(counts.reused, counts.captured),
			linked: ratio(counts.linked, counts.reused),
			measurable: ratio(counts.measurable, counts.linked),
			improved: ratio(counts.improved, counts.measurable)
		}
	};
}
