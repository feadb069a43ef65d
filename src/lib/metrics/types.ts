/**
 * The impact metrics' shared shapes (design.md "The impact funnel", issue 15). The pure
 * definitions (src/lib/metrics/*.ts) compute these from plain rows; the SQL repository
 * (src/lib/server/repositories/metrics.ts) computes the same at scale; a property test holds
 * the two equal. The dashboard, its CSV exports and `GET /api/v1/metrics` read only these.
 *
 * Bump `METRIC_DEFINITIONS_VERSION` whenever a definition's meaning changes: the API returns it
 * so that a figure exported last year can be told apart from one computed under new rules.
 */
export const METRIC_DEFINITIONS_VERSION = '2026-12-1';

/** Dates are ISO calendar days (`YYYY-MM-DD`), inclusive at both ends, in Asia/Jakarta. */
export interface MetricScope {
	orgId: string;
	/** One team (the lesson's, change's or action's origin team), or the whole organisation. */
	teamId: string | null;
	from: string;
	to: string;
}

export const FUNNEL_STAGES = ['captured', 'reused', 'linked', 'measurable', 'improved'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/**
 * The funnel counts lessons (each stage a subset of the one before), for the cohort of lessons
 * published in the period (scope team: the lesson's origin team), followed up to today:
 * - captured: published (status published or retired; merged ones count through their survivor);
 * - reused: a live `lessonRef` to it (or to a lesson merged into it) in a document other than its
 *   source document;
 * - linked: reused, and named by a live process change (its `linkedLessonIds`, by row id, or by
 *   block id when the change is in the lesson's own source document);
 * - measurable: linked to a change with a baseline, an implementation date and a live measurement
 *   on or after that date;
 * - improved: measurable through a change whose latest such measurement beats the baseline in
 *   the change's direction (`targetMet`: the latest also reaches the target, where one is set).
 */
export interface FunnelCounts {
	captured: number;
	reused: number;
	linked: number;
	measurable: number;
	improved: number;
	targetMet: number;
}

export interface Funnel {
	counts: FunnelCounts;
	/** The headline: measurable ÷ reused; null when nothing was reused. */
	headline: number | null;
	/** Each stage ÷ the stage before; null where the stage before is 0. */
	conversion: Record<Exclude<FunnelStage, 'captured'>, number | null>;
}

/** One calendar month (`YYYY-MM`) of the period: the funnel of the lessons published in it. */
export interface FunnelMonth {
	month: string;
	counts: FunnelCounts;
	headline: number | null;
}

export interface TeamFunnel {
	teamId: string;
	teamName: string;
	counts: FunnelCounts;
	headline: number | null;
}

export interface ReusedLesson {
	lessonId: string;
	title: string;
	originTeamId: string;
	/** Live reuses in documents other than its source, any time up to today. */
	reuses: number;
}

/** Action items due in the period (scope team: the item's document's team), as of today. */
export interface ActionFollowThrough {
	/** Done, and seen done by the projection on or before the due date. */
	onTime: number;
	/** Done after the due date. */
	late: number;
	/** Not done, due date passed. */
	overdue: number;
	/** Not done, due date still ahead. */
	open: number;
}

export interface ImpactDashboard {
	version: typeof METRIC_DEFINITIONS_VERSION;
	scope: MetricScope;
	funnel: Funnel;
	trend: FunnelMonth[];
	teams: TeamFunnel[];
	mostReused: ReusedLesson[];
	/**
	 * Median whole days from a lesson's publication to the implementation of a live process change
	 * linked to it, over the cohort's (lesson, change) pairs with the change implemented on or
	 * after the publication day; null when there is none.
	 */
	medianDaysToImplement: number | null;
	actions: ActionFollowThrough;
}
