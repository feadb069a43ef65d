import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { openDatabase } from '../../src/lib/server/db/client';
import {
	actionItems,
	commentMessages,
	documentProjections,
	documents,
	lessonReuses,
	lessons,
	measurements,
	organizations,
	processChanges,
	users
} from '../../src/lib/server/db/schema';
import { loadDocumentLog } from '../../src/lib/server/repositories/document-log';
import { reviewState } from '../../src/lib/server/repositories/reviews';
import { walkDocument } from '../../src/lib/projection/walk';
import { alurSchema, BODY_FRAGMENT } from '../../src/lib/editor/extensions';
import { TITLE_TEXT } from '../../src/lib/document-contract';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { applyStoredDocument } from '../../src/lib/sync/integrated-state';
import { DEMO_EMAILS, DemoConflictError, seedDemo, type SeedSummary } from '../../server/demo/seed';
import { DEMO_PASSWORD } from '../../server/demo/content/people';
import { DEMO_DOCUMENTS } from '../../server/demo/content';
import { embeddedDatabaseUse } from '../../server/demo/embedded-lock';
import { timeline } from '../../server/demo/timeline';
import { loadImpactDashboard } from '../../src/lib/server/repositories/metrics';

/*
 * `npm run seed:demo` end to end on a fresh database: what it writes must be what the app would
 * have written — documents that load from their stored log into the editor's schema and project
 * to exactly the rows in SQL — and a funnel with something at every stage. Running it twice
 * changes nothing; --reset writes it anew. The CLI refuses an embedded database another process
 * holds open.
 */
describe.each(testDatabases)('the demo seed on %s', (kind) => {
	let database: TestDatabase;
	let summary: SeedSummary;
	const now = new Date();

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		summary = await seedDemo(database.db, { now });
	}, 180_000);
	afterAll(async () => {
		await database?.destroy();
	});

	it('creates the organisation with every demo document, lesson, change and comment', async () => {
		expect(summary.status).toBe('created');
		expect(summary.counts.documents).toBe(DEMO_DOCUMENTS.length);
		expect(summary.counts.users).toBe(DEMO_EMAILS.length);
		expect(summary.counts.teams).toBe(4);
		expect(summary.counts.lessons).toBe(14);
		expect(summary.counts.published).toBe(11);
		expect(summary.counts.processChanges).toBe(6);
		expect(summary.counts.measurements).toBe(26);
		expect(summary.counts.comments).toBe(54);
		expect(summary.actionItems).toBe('task-items');
		// Reviews through the review repository: seven approved (final), one sent back, one waiting.
		const finals = await database.db.select({ n: count() }).from(documents).where(and(eq(documents.orgId, summary.orgId), eq(documents.status, 'final')));
		expect(finals[0].n).toBe(7);
		const states = await reviewState(database.db, (await database.db.select({ id: documents.id }).from(documents)).map((d) => d.id));
		expect([...states.values()].sort()).toEqual([...Array(7).fill('approved'), 'changes_requested', 'pending', ...Array(4).fill('none')].sort());
		const [account] = await database.db.select().from(users).where(eq(users.email, 'rina@demo.example'));
		expect(await verifyPassword(account.passwordHash, DEMO_PASSWORD)).toBe(true);
	});

	it('stores documents that load from their log into the editor schema and project to exactly their rows', async () => {
		const docs = await database.db.select().from(documents).where(eq(documents.orgId, summary.orgId));
		const schema = alurSchema();
		for (const doc of docs) {
			const ydoc = new Y.Doc();
			applyStoredDocument(ydoc, await loadDocumentLog(database.db, doc.id));
			// Opens in the editor: the body is valid in Alur's schema, the title root is the title.
			const body = schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(BODY_FRAGMENT)));
			expect(() => body.check()).not.toThrow();
			expect(ydoc.getText(TITLE_TEXT).toString()).toBe(doc.title);
			const walked = walkDocument(ydoc);
			ydoc.destroy();

			const lessonRows = await database.db
				.select({ blockId: lessons.blockId, title: lessons.title })
				.from(lessons)
				.where(and(eq(lessons.originDocumentId, doc.id), isNull(lessons.removedAt)));
			expect(lessonRows.map((l) => `${l.blockId} ${l.title}`).sort()).toEqual(walked.lessons.map((l) => `${l.blockId} ${l.title}`).sort());
			const changeRows = await database.db
				.select()
				.from(processChanges)
				.where(and(eq(processChanges.originDocumentId, doc.id), isNull(processChanges.removedAt)));
			expect(changeRows.map((c) => `${c.blockId} ${c.indicator} ${c.baseline}→${c.target} ${c.linkedLessonIds.length}`).sort()).toEqual(
				walked.processChanges.map((c) => `${c.blockId} ${c.indicator} ${c.baseline}→${c.target} ${c.lessonIds.length}`).sort()
			);
			const reuseRows = await database.db
				.select({ blockId: lessonReuses.blockId, lessonId: lessonReuses.lessonId })
				.from(lessonReuses)
				.where(and(eq(lessonReuses.originDocumentId, doc.id), isNull(lessonReuses.removedAt)));
			expect(reuseRows.map((r) => `${r.blockId} ${r.lessonId}`).sort()).toEqual((walked.lessonRefs ?? []).map((r) => `${r.blockId} ${r.lessonId}`).sort());
			const items = await database.db.select({ n: count() }).from(actionItems).where(eq(actionItems.originDocumentId, doc.id));
			expect(items[0].n).toBe(walked.actionItems?.length ?? 0);
			const [counts] = await database.db.select().from(documentProjections).where(eq(documentProjections.documentId, doc.id));
			expect(counts.commentThreads).toBe(walked.commentThreads);
			expect(counts.stale).toBe(false);
			expect(counts.contentDigest).toBe(walked.contentDigest);
		}
	});

	it('reuses lessons across units: the puskesmas lesson is cited by the licensing office and both Disdukcapil teams', async () => {
		const rows = await database.db
			.select({ team: documents.teamId })
			.from(lessonReuses)
			.innerJoin(lessons, eq(lessons.id, lessonReuses.lessonId))
			.innerJoin(documents, eq(documents.id, lessonReuses.documentId))
			.where(and(eq(lessons.orgId, summary.orgId), eq(lessons.title, 'Laporan kader lewat grup dengan format baku mempercepat rujukan')));
		expect(new Set(rows.map((r) => r.team)).size).toBe(3);
		const [lesson] = await database.db
			.select()
			.from(lessons)
			.where(and(eq(lessons.orgId, summary.orgId), eq(lessons.title, 'Laporan kader lewat grup dengan format baku mempercepat rujukan')));
		expect(lesson.status).toBe('published');
		expect(lesson.reuseCount).toBe(rows.length);
		expect(lesson.libraryTitle).toBe('Laporan lapangan dengan format baku di grup pesan mempercepat tindak lanjut');
	});

	it('gives a dashboard with something at every stage of the funnel, all within the last twelve months', async () => {
		const time = timeline(now);
		const today = time.day(0);
		const dashboard = await loadImpactDashboard(database.db, { orgId: summary.orgId, teamId: null, from: time.day(364), to: today }, today);
		// Each stage narrower than the one before, none empty: a funnel worth looking at.
		expect(dashboard.funnel.counts).toEqual({ captured: 11, reused: 8, linked: 7, measurable: 6, improved: 5, targetMet: 3 });
		expect(dashboard.funnel.headline).toBe(6 / 8);
		// Publications spread over the year, not all in one month.
		expect(dashboard.trend.filter((m) => m.counts.captured > 0).length).toBeGreaterThanOrEqual(5);
		expect(dashboard.teams).toHaveLength(4);
		expect(dashboard.mostReused[0]).toMatchObject({ title: 'Laporan lapangan dengan format baku di grup pesan mempercepat tindak lanjut', reuses: 6 });
		expect(dashboard.medianDaysToImplement).toBeGreaterThan(30);
		// Action items done on time, late, and overdue.
		expect(dashboard.actions.onTime).toBeGreaterThan(dashboard.actions.late);
		expect(dashboard.actions.late).toBeGreaterThan(0);
		expect(dashboard.actions.overdue).toBeGreaterThan(0);

		const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
		const published = await database.db
			.select({ publishedAt: lessons.publishedAt })
			.from(lessons)
			.where(and(eq(lessons.orgId, summary.orgId), eq(lessons.status, 'published')));
		for (const l of published) {
			expect(l.publishedAt!.getTime()).toBeGreaterThan(yearAgo.getTime());
			expect(l.publishedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
		}
		// Months of measurements after each implementation, none in the future; one change dropped.
		const changes = await database.db.select().from(processChanges).where(eq(processChanges.orgId, summary.orgId));
		const measured = await database.db.select().from(measurements).where(eq(measurements.orgId, summary.orgId));
		expect(measured.every((m) => m.measuredOn <= today)).toBe(true);
		for (const change of changes.filter((c) => c.implementedOn !== null)) {
			const own = measured.filter((m) => m.processChangeId === change.id).map((m) => m.measuredOn).sort();
			expect(own.length).toBeGreaterThanOrEqual(3);
			expect(own[0] >= change.implementedOn!).toBe(true);
			expect(Date.parse(own.at(-1)!) - Date.parse(own[0])).toBeGreaterThanOrEqual(60 * 86_400_000);
		}
		expect(changes.filter((c) => c.implementedOn !== null)).toHaveLength(5);
		expect(changes.filter((c) => c.outcome === 'dropped')).toHaveLength(1);
	});

	it('changes nothing when run again, and --reset writes the demo anew without duplicates', async () => {
		const again = await seedDemo(database.db, { now });
		expect(again.status).toBe('exists');
		expect(again.orgId).toBe(summary.orgId);
		expect(again.counts).toEqual(summary.counts);
		const orgs = await database.db.select().from(organizations);
		expect(orgs).toHaveLength(1);

		const reset = await seedDemo(database.db, { now, reset: true });
		expect(reset.status).toBe('created');
		expect(reset.orgId).not.toBe(summary.orgId);
		expect(reset.counts).toEqual(summary.counts);
		expect(await database.db.select().from(organizations)).toHaveLength(1);
		const accounts = await database.db.select({ n: count() }).from(users);
		expect(accounts[0].n).toBe(DEMO_EMAILS.length);
		const comments = await database.db
			.select({ n: count() })
			.from(commentMessages)
			.innerJoin(documents, eq(documents.id, commentMessages.documentId));
		expect(comments[0].n).toBe(summary.counts.comments);
		summary = reset;

		// The organisation deleted in the app, its accounts left: refused with the way out, nothing written.
		await database.db.delete(organizations).where(eq(organizations.id, reset.orgId));
		await expect(seedDemo(database.db, { now })).rejects.toBeInstanceOf(DemoConflictError);
		expect(await database.db.select().from(organizations)).toHaveLength(0);
		expect((await database.db.select({ n: count() }).from(users))[0].n).toBe(DEMO_EMAILS.length);
	}, 180_000);
});

describe('the demo seed command', () => {
	it(
		'refuses an embedded database another process has open, and names the process',
		async () => {
			const dataDir = mkdtempSync(path.join(tmpdir(), 'alur-demo-lock-'));
			const holder = await openDatabase({ dataDir, migrationsDir: './drizzle' });
			try {
				const run = await runSeedCommand({ DATA_DIR: dataDir, DATABASE_URL: '' });
				expect(run.code).toBe(2);
				expect(run.stderr).toContain('stop the server first');
				// Linux tells who holds it (its open files); elsewhere the lock file alone says "in use".
				if (process.platform === 'linux') expect(run.stderr).toContain(`process ${process.pid}`);
				else expect(run.stderr).toContain('--force');
				if (process.platform === 'linux') {
					// A second process that opened and closed the directory deletes postmaster.pid while
					// the first still has it open: the open files still tell.
					rmSync(path.join(dataDir, 'postmaster.pid'));
					const again = await runSeedCommand({ DATA_DIR: dataDir, DATABASE_URL: '' });
					expect(again.code).toBe(2);
					expect(again.stderr).toContain(`process ${process.pid}`);
				}
				// Nothing was written by the refused runs.
				const orgs = await holder.db.select({ n: count() }).from(organizations);
				expect(orgs[0].n).toBe(0);
			} finally {
				await holder.close();
			}
			// Closed cleanly: free again.
			expect(embeddedDatabaseUse(dataDir)).toEqual({ inUse: false });
			rmSync(dataDir, { recursive: true, force: true });
		},
		120_000
	);

	it('tells a lock file left by a killed server from a running one where it can', () => {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'alur-demo-stale-'));
		try {
			expect(embeddedDatabaseUse(dataDir)).toEqual({ inUse: false });
			// What PGlite leaves behind when its process is killed: the file, no process holding the directory.
			writeFileSync(path.join(dataDir, 'postmaster.pid'), '-42\n/pglite/data\n');
			expect(embeddedDatabaseUse(dataDir)).toEqual(process.platform === 'linux' ? { inUse: false } : { inUse: 'unknown' });
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

function runSeedCommand(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/demo/seed-demo.ts'], { env: { ...process.env, ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}
