import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import type { Db } from '../../src/lib/server/db';
import { measurements, notifications, processChanges, type Team, type User } from '../../src/lib/server/db/schema';
import { addOrgMember } from '../../src/lib/server/repositories/organizations';
import { removeTeamMember, setTeamMember } from '../../src/lib/server/repositories/teams';
import { createDocument, deleteDocumentPermanently } from '../../src/lib/server/repositories/documents';
import { onNotificationsChanged } from '../../src/lib/server/notification-signal';
import { addDays } from '../../src/lib/impact/calendar';
import { checkReminderJob } from '../../server/check-reminders';
import { Scheduler } from '../../server/scheduler';
import { load as inboxLoad } from '../../src/routes/o/[orgId]/inbox/+page.server';
import { GET as openNotification } from '../../src/routes/o/[orgId]/inbox/[notificationId]/+server';

const DAY = 86_400_000;
const IMPLEMENTED = '2026-03-02';
/** 10:00 in Jakarta on `day` (03:00 UTC). */
const at = (day: string) => new Date(`${day}T03:00:00Z`);

describe.each(testDatabases)('check reminders on %s', (kind) => {
	let database: TestDatabase;
	let db: Db;
	let owner: User;
	let teammate: User;
	let orgId: string;
	let team: Team;
	let documentId: string;
	let now = at(IMPLEMENTED);
	const errors: unknown[] = [];
	const schedulers: Scheduler[] = [];

	/** A server start: a new scheduler with the job, whose first run the test triggers. */
	function start(): Scheduler {
		const scheduler = new Scheduler((_job, error) => errors.push(error));
		scheduler.add({ ...checkReminderJob(db, () => now), firstDelayMs: DAY });
		schedulers.push(scheduler);
		return scheduler;
	}

	async function change(values: Partial<typeof processChanges.$inferInsert> = {}) {
		const id = crypto.randomUUID();
		await db.insert(processChanges).values({
			id,
			orgId,
			documentId,
			originDocumentId: documentId,
			originTeamId: team.id,
			blockId: crypto.randomUUID(),
			indicator: `Waktu layanan ${id.slice(0, 4)}`,
			unit: 'hari',
			direction: 'decrease',
			baseline: 14,
			target: 3,
			ownerId: owner.id,
			implementedOn: IMPLEMENTED,
			...values
		});
		return id;
	}
	const remindersOf = (changeId: string) =>
		db
			.select({ userId: notifications.userId, kind: notifications.kind, dedupeKey: notifications.dedupeKey, documentId: notifications.documentId })
			.from(notifications)
			.where(eq(notifications.processChangeId, changeId));

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.db;
		owner = await makeUser(db, { name: 'Pemilik Perubahan' });
		teammate = await makeUser(db);
		orgId = (await makeOrg(db, (await makeUser(db)).id)).id;
		await addOrgMember(db, orgId, owner.id, 'member');
		await addOrgMember(db, orgId, teammate.id, 'member');
		team = await makeTeam(db, orgId);
		await setTeamMember(db, team, owner.id, 'member');
		await setTeamMember(db, team, teammate.id, 'member');
		documentId = (await createDocument(db, { orgId, teamId: team.id, type: 'sop_improvement', title: 'SOP KTP-el', createdBy: owner.id })).id;
	});
	afterEach(async () => {
		await Promise.all(schedulers.splice(0).map((s) => s.stop()));
		expect(errors).toEqual([]);
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('reminds the owner at 30 and 90 days exactly once each, across runs and restarts', async () => {
		const id = await change();
		const signalled: string[] = [];
		const unsubscribe = onNotificationsChanged(owner.id, () => signalled.push(owner.id));
		let server = start();

		now = at(addDays(IMPLEMENTED, 29));
		await server.runNow('check-reminders');
		expect(await remindersOf(id)).toEqual([]);

		now = at(addDays(IMPLEMENTED, 30));
		await server.runNow('check-reminders');
		await server.runNow('check-reminders');
		expect(await remindersOf(id)).toEqual([{ userId: owner.id, kind: 'measurement_due', dedupeKey: `check30:${id}`, documentId }]);
		expect(signalled).toEqual([owner.id]);

		// A restart: a new scheduler over the same tables sends nothing again.
		await server.stop();
		server = start();
		await server.runNow('check-reminders');
		expect(await remindersOf(id)).toHaveLength(1);

		// Measured on day 40: the 90-day check still wants a figure after day 30 — day 40 is one.
		await db.insert(measurements).values({ id: crypto.randomUUID(), orgId, processChangeId: id, value: 9, measuredOn: addDays(IMPLEMENTED, 40) });
		now = at(addDays(IMPLEMENTED, 95));
		await server.runNow('check-reminders');
		expect(await remindersOf(id)).toHaveLength(1);
		unsubscribe();
	});

	it('sends the 90-day reminder when nothing was measured after the first check, once', async () => {
		const id = await change();
		await db.insert(measurements).values({ id: crypto.randomUUID(), orgId, processChangeId: id, value: 9, measuredOn: addDays(IMPLEMENTED, 5) });
		let server = start();
		now = at(addDays(IMPLEMENTED, 31));
		await server.runNow('check-reminders');
		// Measured since implementation: the 30-day check is done.
		expect(await remindersOf(id)).toEqual([]);
		now = at(addDays(IMPLEMENTED, 90));
		await server.runNow('check-reminders');
		await server.stop();
		server = start();
		await server.runNow('check-reminders');
		expect((await remindersOf(id)).map((r) => r.dedupeKey)).toEqual([`check90:${id}`]);
	});

	it('a server that was down on the day sends only the check that matters now', async () => {
		const id = await change();
		const server = start();
		now = at(addDays(IMPLEMENTED, 120));
		await server.runNow('check-reminders');
		expect((await remindersOf(id)).map((r) => r.dedupeKey)).toEqual([`check90:${id}`]);
	});

	it('sends nothing for decided, removed or ownerless changes, a deleted document, or an owner who left the team', async () => {
		const kept = await change({ outcome: 'kept', outcomeAt: new Date() });
		const dropped = await change({ outcome: 'dropped', outcomeAt: new Date() });
		const removed = await change({ removedAt: new Date() });
		const ownerless = await change({ ownerId: null });
		const notYet = await change({ implementedOn: null });
		const leaver = await makeUser(db);
		await addOrgMember(db, orgId, leaver.id, 'member');
		await setTeamMember(db, team, leaver.id, 'member');
		const leftTeam = await change({ ownerId: leaver.id });
		await removeTeamMember(db, team.id, leaver.id);
		const otherDoc = await createDocument(db, { orgId, teamId: team.id, type: 'sop_improvement', title: 'Akan dihapus', createdBy: owner.id });
		const gone = await change({ documentId: otherDoc.id, originDocumentId: otherDoc.id });
		await deleteDocumentPermanently(db, otherDoc.id);

		const server = start();
		now = at(addDays(IMPLEMENTED, 100));
		await server.runNow('check-reminders');
		for (const id of [kept, dropped, removed, ownerless, notYet, leftTeam, gone]) expect(await remindersOf(id), id).toEqual([]);
	});

	it('shows in the inbox with the indicator and opens the change page', async () => {
		const id = await change({ indicator: 'Waktu tunggu antrean' });
		const server = start();
		now = at(addDays(IMPLEMENTED, 30));
		await server.runNow('check-reminders');
		const [row] = await db
			.select({ id: notifications.id })
			.from(notifications)
			.where(and(eq(notifications.processChangeId, id), eq(notifications.userId, owner.id)));
		const url = new URL(`http://localhost/o/${orgId}/inbox`);
		const event = { url, params: { orgId }, locals: { database, user: owner, session: null } };
		const inbox = (await inboxLoad(event as never)) as { items: { id: string; kind: string; about: { changeIndicator?: string | null } | null }[] };
		const item = inbox.items.find((i) => i.id === row.id);
		expect(item).toMatchObject({ kind: 'measurement_due', about: { changeIndicator: 'Waktu tunggu antrean' } });
		let location: string | undefined;
		try {
			await openNotification({ ...event, params: { orgId, notificationId: row.id } } as never);
		} catch (thrown) {
			location = (thrown as { location?: string }).location;
		}
		expect(location).toBe(`/o/${orgId}/changes/${id}`);
		// Opening it read it.
		const [after] = await db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, row.id));
		expect(after.readAt).not.toBeNull();
		// A teammate cannot open the owner's notification.
		let status: number | undefined;
		try {
			await openNotification({ ...event, locals: { database, user: teammate, session: null }, params: { orgId, notificationId: row.id } } as never);
		} catch (thrown) {
			status = (thrown as { status?: number }).status;
		}
		expect(status).toBe(404);
	});
});
