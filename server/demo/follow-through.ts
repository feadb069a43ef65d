import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../src/lib/server/db';
import { measurements, processChanges } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/ids';
import type { DemoChange } from './model';
import type { Timeline } from './timeline';

/**
 * What happens on a process change's page after the document is written (issue 15): its owner,
 * planned, baseline and implementation dates, the measurements the team recorded month by month,
 * and whether the change was kept or dropped. These are the page's columns and records, never
 * the projection's; the demo writes them directly, at the dates they stand for.
 */
export async function writeFollowThrough(
	db: Executor,
	input: {
		documentId: string;
		blockId: string;
		change: DemoChange;
		userId: (key: string) => string;
		time: Timeline;
	}
): Promise<{ processChangeId: string; measurements: number }> {
	const { change, userId, time } = input;
	const f = change.followThrough;
	const [row] = await db
		.select({ id: processChanges.id, orgId: processChanges.orgId })
		.from(processChanges)
		.where(and(eq(processChanges.originDocumentId, input.documentId), eq(processChanges.blockId, input.blockId)));
	if (!row) throw new Error(`demo process change ${change.key} was not projected`);
	await db
		.update(processChanges)
		.set({
			ownerId: userId(f.owner),
			plannedOn: time.day(f.plannedDaysAgo),
			baselineOn: time.day(f.baselineDaysAgo),
			implementedOn: f.implementedDaysAgo === null ? null : time.day(f.implementedDaysAgo),
			...(f.outcome
				? { outcome: f.outcome.kind, outcomeNote: f.outcome.note, outcomeAt: time.at(f.outcome.daysAgo, 15), outcomeBy: userId(f.outcome.by) }
				: {})
		})
		.where(eq(processChanges.id, row.id));
	if (f.measurements.length > 0) {
		await db.insert(measurements).values(
			f.measurements.map((m) => ({
				id: newId(),
				orgId: row.orgId,
				processChangeId: row.id,
				value: m.value,
				measuredOn: time.day(m.daysAgo),
				note: m.note ?? '',
				source: f.source,
				recordedBy: userId(f.owner),
				// Recorded a day or two after the month's figure was in.
				createdAt: time.at(Math.max(0, m.daysAgo - 2), 10)
			}))
		);
	}
	return { processChangeId: row.id, measurements: f.measurements.length };
}
