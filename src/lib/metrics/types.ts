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
 * - captured: published (status published or retired, `published_at`'s Jakarta day in the
 *   period; merged ones count through their survivor). A published lesson whose block later left
 *   its document still counts: the library keeps it;
 * - reused: a live `lessonRef` to it (or to a lesson merged into it) in a document other than its
 *   source document (for a ref to a merged lesson, other than that lesson's source as well).
 *   Documents are the rows' origin documents, so a reuse in a since-deleted document still counts;
 * - linked: reused, and named by a live process change (its `linkedLessonIds`, by row id, or by
 *   block id when the change is in the lesson's own source document, i.e. the document the named
 *   lesson was written in: block ids are unique only within one document);
 * - measurable: linked to a change with a baseline, an implementation date and a live measurement
 *   on or after that date;
 * - improved: measurable through a change whose latest such measurement (latest `measured_on`,
 *   then latest entered, then greatest id) is strictly better than the baseline in the change's
 *   direction (`targetMet`: improved, a target is set, and the latest also reaches it: ≥ target
 *   for increase, ≤ for decrease; no target, no target met).
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

/**
 * One calendar month (`YYYY-MM`) of the period: the funnel of the lessons published in it (in
 * its days inside the period). Every month the period touches is listed, empty ones too, so the
 * months add up to the period's funnel.
 */
export interface FunnelMonth {
	month: string;
	counts: FunnelCounts;
	headline: number | null;
}

/**
 * The funnel of one team's lessons, for each team (of `teams`) that captured a lesson in the
 * scope, by name (code-unit order), then id. Lessons of a team deleted since have no row but still
 * count in the organisation's funnel.
 */
export interface TeamFunnel {
	teamId: string;
	teamName: string;
	counts: FunnelCounts;
	headline: number | null;
}

/** A lesson of the cohort with at least one reuse; `mostReused` lists ten, most reuses first, then by id. */
export interface ReusedLesson {
	lessonId: string;
	title: string;
	originTeamId: string;
	/** Live reuses in documents other than its source, any time up to today. */
	reuses: number;
}

/**
 * Live action items due in the period (scope team: the item's document's team), as of today.
 * Items without a due date are in no bucket.
 */
export interface ActionFollowThrough {
	/** Done, and seen done by the projection on or before the due date (Jakarta day of `done_at`). */
	onTime: number;
	/** Done after the due date, or done with no time recorded (on time is never assumed). */
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
	 * after the publication day; null when there is none. "Linked" as in the funnel (the lesson is
	 * reused); each pair counts once; an even count gives the mean of the two middle values.
	 */
	medianDaysToImplement: number | null;
	actions: ActionFollowThrough;
}
