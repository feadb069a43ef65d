import { eq } from 'drizzle-orm';
import type { Executor } from '../../src/lib/server/db';
import { measurements } from '../../src/lib/server/db/schema';
import { parseFollowThrough, parseImplemented, parseMeasurement, parseOutcome } from '../../src/lib/impact/change-validation';
import {
	decideOutcome,
	findChangeIdByBlock,
	markImplemented,
	recordMeasurement,
	setFollowThrough
} from '../../src/lib/server/repositories/process-changes';
import type { DemoChange } from './model';
import type { Timeline } from './timeline';

/**
 * What the team does on a process change's page after the document is written (issue 15): owner,
 * planned and baseline dates, the day it was implemented, the measurements recorded month by
 * month, and whether it was kept or dropped — each step through the page's own form rules
 * (change-validation.ts) and repository (process-changes.ts), so the demo holds nothing the page
 * would refuse. Only the measurements' `created_at` (the app stamps "now") is moved to when the
 * figure was recorded.
 */
export async function writeFollowThrough(
	db: Executor,
	input: {
		orgId: string;
		documentId: string;
		blockId: string;
		change: DemoChange;
		/** Who may own it: the team's members. */
		members: ReadonlySet<string>;
		userId: (key: string) => string;
		time: Timeline;
	}
): Promise<{ processChangeId: string; measurements: number }> {
	const { change, userId, time, orgId } = input;
	const f = change.followThrough;
	const today = time.day(0);
	const refused = (step: string, errors: unknown) => new Error(`demo process change ${change.key}: ${step} refused ${JSON.stringify(errors)}`);
	const changeId = await findChangeIdByBlock(db, orgId, input.documentId, input.blockId);
	if (!changeId) throw new Error(`demo process change ${change.key} was not projected`);

	const plan = parseFollowThrough(
		{ ownerId: userId(f.owner), plannedOn: time.day(f.plannedDaysAgo), baselineOn: time.day(f.baselineDaysAgo) },
		{ today, members: input.members }
	);
	if (!plan.ok) throw refused('follow-through', plan.errors);
	await setFollowThrough(db, orgId, changeId, plan.data);

	if (f.implementedDaysAgo !== null) {
		const implemented = parseImplemented({ implementedOn: time.day(f.implementedDaysAgo) }, { today });
		if (!implemented.ok) throw refused('implemented', implemented.errors);
		if (!(await markImplemented(db, orgId, changeId, implemented.data.implementedOn))) throw refused('implemented', 'decided');
	}

	for (const m of f.measurements) {
		const parsed = parseMeasurement(
			{ value: String(m.value), measuredOn: time.day(m.daysAgo), note: m.note ?? '', source: f.source },
			{ today, baseline: change.baseline, baselineOn: plan.data.baselineOn }
		);
		if (!parsed.ok) throw refused('measurement', parsed.errors);
		const id = await recordMeasurement(db, orgId, changeId, parsed.data, userId(f.owner));
		// Recorded a day or two after the month's figure was in.
		await db.update(measurements).set({ createdAt: time.at(Math.max(0, m.daysAgo - 2), 10) }).where(eq(measurements.id, id));
	}

	if (f.outcome) {
		const decided = parseOutcome({ outcome: f.outcome.kind, note: f.outcome.note }, { measured: f.measurements.length > 0 });
		if (!decided.ok) throw refused('outcome', decided.errors);
		const ok = await decideOutcome(db, orgId, changeId, { ...decided.data, userId: userId(f.outcome.by), at: time.at(f.outcome.daysAgo, 15) });
		if (!ok) throw refused('outcome', 'not measured since implementation');
	}
	return { processChangeId: changeId, measurements: f.measurements.length };
}
