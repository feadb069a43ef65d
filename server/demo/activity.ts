import type { Executor } from '../../src/lib/server/db';
import { documentEditDays, trainingRecords } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/ids';
import type { DemoDocument, DemoPerson } from './model';
import { seededRandom, type Timeline } from './timeline';

/**
 * The learning activity around the documents, for the 70:20:10 mix: who edited which document on
 * which day (what the sync server counts as it saves each person's updates) and the courses
 * people attended (training records: the formal part). The comments, mentions and reuses — the
 * social part — come from the documents themselves.
 */

/**
 * Edit days of a document between its creation and its last edit: the author on the first day,
 * everyone on the first day of a retrospective (it is written in the meeting), the last editor
 * on the last day, and each editor on some of the days between.
 */
export function editDays(document: DemoDocument, random: () => number): { userKey: string; daysAgo: number; updates: number }[] {
	const rows = new Map<string, { userKey: string; daysAgo: number; updates: number }>();
	const add = (userKey: string, daysAgo: number) => {
		const key = `${userKey}/${daysAgo}`;
		if (!rows.has(key)) rows.set(key, { userKey, daysAgo, updates: 3 + Math.floor(random() * 60) });
	};
	const first = document.createdDaysAgo;
	const last = document.lastEditedDaysAgo;
	add(document.author, first);
	if (document.type === 'retrospective') for (const editor of document.editors) add(editor, first);
	add(lastEditor(document), last);
	for (let daysAgo = first - 1; daysAgo > last; daysAgo--) {
		for (const editor of document.editors) {
			const chance = editor === document.author ? 0.55 : 0.35;
			if (random() < chance) add(editor, daysAgo);
		}
	}
	return [...rows.values()];
}

/** The editor of the last edit: the second editor when there is one (a review pass), else the author. */
export function lastEditor(document: DemoDocument): string {
	return document.editors.find((key) => key !== document.author) ?? document.author;
}

export async function writeEditDays(
	db: Executor,
	input: { orgId: string; documentId: string; teamId: string; document: DemoDocument; userId: (key: string) => string; time: Timeline; seed: number }
): Promise<number> {
	const rows = editDays(input.document, seededRandom(input.seed));
	await db.insert(documentEditDays).values(
		rows.map((row) => ({
			orgId: input.orgId,
			documentId: input.documentId,
			teamId: input.teamId,
			userId: input.userId(row.userKey),
			day: input.time.day(row.daysAgo),
			updates: row.updates
		}))
	);
	return rows.length;
}

/**
 * Training records: courses the civil service organises (BKPSDM's are imported from its CSV by
 * the admin, one import; the rest each person entered).
 */
export async function writeTraining(
	db: Executor,
	input: { orgId: string; people: readonly DemoPerson[]; userId: (key: string) => string; adminKey: string; time: Timeline }
): Promise<number> {
	const importId = newId();
	const rows = input.people.flatMap((person) =>
		person.training.map((course) => {
			const imported = course.organiser.startsWith('BKPSDM');
			return {
				id: newId(),
				orgId: input.orgId,
				userId: input.userId(person.key),
				course: course.course,
				organiser: course.organiser,
				completedOn: input.time.day(course.daysAgo),
				hours: course.hours,
				createdBy: input.userId(imported ? input.adminKey : person.key),
				importId: imported ? importId : null,
				createdAt: input.time.at(Math.max(0, course.daysAgo - 3), 11)
			};
		})
	);
	if (rows.length > 0) await db.insert(trainingRecords).values(rows);
	return rows.length;
}
