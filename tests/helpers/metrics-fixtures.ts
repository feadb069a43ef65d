import type {
	MetricActionItemRow,
	MetricLessonRow,
	MetricMeasurementRow,
	MetricProcessChangeRow,
	MetricReuseRow,
	MetricRows
} from '../../src/lib/metrics/rows';

/* Hand-built rows for the metrics unit tests: readable ids, one organisation unless told. */

export const ORG = 'org-1';
export const OTHER_ORG = 'org-2';
export const TEAM_A = 'team-a';
export const TEAM_B = 'team-b';

export function emptyRows(): MetricRows & {
	teams: MetricRows['teams'][number][];
	lessons: MetricLessonRow[];
	reuses: MetricReuseRow[];
	processChanges: MetricProcessChangeRow[];
	measurements: MetricMeasurementRow[];
	actionItems: MetricActionItemRow[];
} {
	return {
		teams: [
			{ id: TEAM_A, orgId: ORG, name: 'Bidang Pelayanan' },
			{ id: TEAM_B, orgId: ORG, name: 'Bidang Data' }
		],
		lessons: [],
		reuses: [],
		processChanges: [],
		measurements: [],
		actionItems: []
	};
}

export function lesson(id: string, over: Partial<MetricLessonRow> = {}): MetricLessonRow {
	return {
		id,
		orgId: ORG,
		originTeamId: TEAM_A,
		originDocumentId: `doc-${id}`,
		sourceDocumentId: `doc-${id}`,
		blockId: `block-${id}`,
		title: `Pelajaran ${id}`,
		libraryTitle: null,
		status: 'published',
		mergedInto: null,
		publishedAt: new Date('2026-03-10T03:00:00Z'),
		...over
	};
}

let seq = 0;
export function reuse(lessonId: string, documentId: string, over: Partial<MetricReuseRow> = {}): MetricReuseRow {
	seq += 1;
	return { id: `reuse-${seq}`, orgId: ORG, lessonId, originDocumentId: documentId, removedAt: null, ...over };
}

export function change(id: string, linkedLessonIds: string[], over: Partial<MetricProcessChangeRow> = {}): MetricProcessChangeRow {
	return {
		id,
		orgId: ORG,
		documentId: `doc-change-${id}`,
		originDocumentId: `doc-change-${id}`,
		originTeamId: TEAM_A,
		indicator: 'Waktu layanan KTP-el',
		unit: 'hari',
		direction: 'decrease',
		baseline: 14,
		target: 7,
		linkedLessonIds,
		implementedOn: '2026-04-01',
		removedAt: null,
		...over
	};
}

export function measurement(
	processChangeId: string,
	value: number,
	measuredOn: string,
	over: Partial<MetricMeasurementRow> = {}
): MetricMeasurementRow {
	seq += 1;
	return {
		id: `m-${String(seq).padStart(4, '0')}`,
		orgId: ORG,
		processChangeId,
		value,
		measuredOn,
		createdAt: new Date(`${measuredOn}T05:00:00Z`),
		removedAt: null,
		...over
	};
}

export function action(id: string, dueOn: string | null, over: Partial<MetricActionItemRow> = {}): MetricActionItemRow {
	return { id, orgId: ORG, originTeamId: TEAM_A, dueOn, done: false, doneAt: null, removedAt: null, ...over };
}

export const YEAR_2026 = { orgId: ORG, teamId: null, from: '2026-01-01', to: '2026-12-31' };
