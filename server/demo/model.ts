import type { DocumentType, DocumentVisibility, TeamRole, OrgRole } from '../../src/lib/roles';
import type { SectionKey } from '../../src/lib/editor/templates';

/**
 * The shape of the demo's content (content/*.ts): people, teams and documents written as data,
 * with keys instead of ids — the seed makes the rows and resolves the keys. Times are days
 * before the seed ran (timeline.ts).
 */

export interface DemoPerson {
	key: string;
	name: string;
	email: string;
	orgRole: OrgRole;
	/** Team keys and the role in each. */
	teams: Partial<Record<string, TeamRole>>;
	/** Formal learning (the "10"): courses attended, with learning hours (JP). */
	training: { course: string; organiser: string; daysAgo: number; hours: number }[];
}

export interface DemoTeam {
	key: string;
	name: string;
	description: string;
}

/** Inline content of a paragraph: text, bold text, or a reference to a lesson of the library. */
export type Inline = string | { bold: string } | { ref: string };

export type Block =
	| { kind: 'paragraph'; content: Inline[] }
	| { kind: 'bullets'; items: Inline[][] }
	| { kind: 'numbered'; items: Inline[][] }
	| { kind: 'lesson'; lesson: DemoLesson }
	| { kind: 'change'; change: DemoChange }
	| { kind: 'actions'; items: DemoAction[] };

/** Where a lesson gets to in the library (curation.ts does each step). */
export type DemoLibraryPlan =
	| { status: 'draft' }
	| { status: 'proposed'; proposedBy: string; proposedDaysAgo: number }
	| {
			status: 'published';
			proposedBy: string;
			proposedDaysAgo: number;
			publishedDaysAgo: number;
			/** Tag names (content/tags.ts). */
			tags: string[];
			/** The library's own title and summary, when the curator rewrote the team's. */
			libraryTitle?: string;
			librarySummary?: string;
	  };

export interface DemoLesson {
	/** Referenced by `{ ref: key }` in later documents. */
	key: string;
	title: string;
	body: string[];
	library: DemoLibraryPlan;
}

export interface DemoMeasurement {
	daysAgo: number;
	value: number;
	note?: string;
}

export interface DemoChange {
	key: string;
	indicator: string;
	unit: string;
	direction: 'increase' | 'decrease';
	baseline: number;
	target: number;
	/** The description paragraphs; `{ ref }`s inside are the lessons it applies. */
	description: Inline[][];
	/** Follow-through on the change's page: owner, dates, measurements, outcome. */
	followThrough: {
		owner: string;
		plannedDaysAgo: number;
		baselineDaysAgo: number;
		implementedDaysAgo: number | null;
		/** Where the figures come from (a register, a report). */
		source: string;
		measurements: DemoMeasurement[];
		outcome?: { kind: 'kept' | 'dropped'; note: string; daysAgo: number; by: string };
	};
}

/** An action item (a task item with an owner and a due date), when the editor has them. */
export interface DemoAction {
	text: string;
	owner: string;
	dueDaysAgo: number;
	done: boolean;
	/** When it was ticked off (default: two days before it was due). */
	doneDaysAgo?: number;
}

export interface DemoReply {
	author: string;
	daysAgo: number;
	body: string;
	mentions?: string[];
}

export interface DemoThread {
	author: string;
	daysAgo: number;
	/** Text of the document the comment is anchored to (its first occurrence); none: the whole document. */
	quote?: string;
	body: string;
	mentions?: string[];
	replies?: DemoReply[];
	resolved?: { by: string; daysAgo: number };
}

/** A review round: asked of the team's mentors, and their decisions (none yet: still in review). */
export interface DemoReview {
	requestedBy: string;
	daysAgo: number;
	note?: string;
	decisions: { by: string; daysAgo: number; decision: 'approved' | 'changes_requested'; note?: string }[];
}

export interface DemoDocument {
	key: string;
	team: string;
	type: DocumentType;
	title: string;
	visibility: DocumentVisibility;
	author: string;
	/** Everyone who edited it (the author included), for the edit days of the 70:20:10 mix. */
	editors: string[];
	createdDaysAgo: number;
	/** The last edit; the document's `updated_at`. */
	lastEditedDaysAgo: number;
	sections: Partial<Record<SectionKey, Block[]>>;
	comments: DemoThread[];
	review?: DemoReview;
}

// Small constructors keep the content files readable.
export const p = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const bullets = (...items: (string | Inline[])[]): Block => ({
	kind: 'bullets',
	items: items.map((item) => (typeof item === 'string' ? [item] : item))
});
export const numbered = (...items: (string | Inline[])[]): Block => ({
	kind: 'numbered',
	items: items.map((item) => (typeof item === 'string' ? [item] : item))
});
export const lesson = (value: DemoLesson): Block => ({ kind: 'lesson', lesson: value });
export const change = (value: DemoChange): Block => ({ kind: 'change', change: value });
export const actions = (...items: DemoAction[]): Block => ({ kind: 'actions', items });
export const ref = (key: string): Inline => ({ ref: key });
export const bold = (text: string): Inline => ({ bold: text });
