import type { Executor } from '../../src/lib/server/db';
import { documentEditDays, trainingRecords } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/ids';
import type { DemoDocument, DemoPerson } from './model';
import type { Timeline } from './timeline';

/**
 * The learning activity around the documents, for the 70:20:10 mix: who edited which document on
 * which day (what the sync server counts as it saves each person's updates) and the courses
 * people attended (training records: the formal part). The comments, mentions and reuses — the
 * social part — come from the documents themselves.
 */

/**
 * Edit days of a document: the author on the first day, everyone on the first day of a
 * retrospective (it is written in the meeting), the last editor on the last day, each editor on
 * some working days in between; and, for a process change, its owner and a colleague on the days
 * its figures came in (the review section is updated with each measurement).
 */
export function editDays(document: DemoDocument, random: () => number, time: Timeline): { userKey: string; daysAgo: number; updates: number }[] {
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
		if (isWeekend(time.day(daysAgo))) continue;
		for (const editor of document.editors) {
			const chance = editor === document.author ? 0.7 : 0.5;
			if (random() < chance) add(editor, daysAgo);
		}
	}
	for (const block of Object.values(document.sections).flat()) {
		if (block?.kind !== 'change') continue;
		const f = block.change.followThrough;
		const colleague = document.editors.find((key) => key !== f.owner) ?? f.owner;
		for (const m of f.measurements) {
			add(f.owner, Math.max(0, m.daysAgo - 1));
			add(colleague, Math.max(0, m.daysAgo - 1));
		}
	}
	return [...rows.values()];
}

function isWeekend(day: string): boolean {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
	return weekday === 0 || weekday === 6;
}

/** The editor of the last edit: the second editor when there is one (a review pass), else the author. */
export function lastEditor(document: DemoDocument): string {
	return document.editors.find((key) => key !== document.author) ?? document.author;
}

export async function writeEditDays(
	db: Executor,
	input: {
		orgId: string;
		documentId: string;
		teamId: string;
		rows: readonly { userKey: string; daysAgo: number; updates: number }[];
		userId: (key: string) => string;
		time: Timeline;
	}
): Promise<number> {
	await db.insert(documentEditDays).values(
		input.rows.map((row) => ({
			orgId: input.orgId,
			documentId: input.documentId,
			teamId: input.teamId,
			userId: input.userId(row.userKey),
			day: input.time.day(row.daysAgo),
			updates: row.updates
		}))
	);
	return input.rows.length;
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
