import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { addOrgMember, removeOrgMember } from '../../src/lib/server/repositories/organizations';
import { insertNotifications, markAllRead } from '../../src/lib/server/repositories/notifications';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { signalNotificationsChanged, signalShutdown } from '../../src/lib/server/notification-signal';
import { documentStates } from '../../src/lib/server/db/schema';
import { walkDocument } from '../../src/lib/projection/walk';
import { createThread } from '../../src/lib/comments/operations';
import { GET, _timings } from '../../src/routes/api/orgs/[orgId]/notifications/stream/+server';

type User = Awaited<ReturnType<typeof makeUser>>;

/**
 * The live unread count over real HTTP: a Node server hands each request to the endpoint as
 * SvelteKit would (params, locals with the database and the signed-in user — named by a test
 * header here, where the app reads the session cookie) and streams its Response back; the test
 * reads the event stream as a browser's EventSource would.
 */
function startServer(database: TestDatabase, users: Map<string, User>): Promise<{ server: Server; url: string }> {
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const match = /^\/api\/orgs\/([^/]+)\/notifications\/stream$/.exec(url.pathname);
		if (!match) {
			res.statusCode = 404;
			res.end();
			return;
		}
		const abort = new AbortController();
		res.on('close', () => abort.abort());
		const userId = req.headers['x-test-user'];
		const event = {
			request: new Request(url, { signal: abort.signal }),
			url,
			params: { orgId: match[1] },
			locals: { database, user: (typeof userId === 'string' && users.get(userId)) || null, session: null }
		};
		void (GET(event as never) as Promise<Response>).then((response) => {
			res.writeHead(response.status, Object.fromEntries(response.headers));
			if (!response.body) return res.end();
			Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }))
	);
}

/** An open event stream: the `unread` counts as they arrive. */
class Stream {
	counts: number[] = [];
	ended = false;
	private waiters: (() => void)[] = [];
	constructor(
		readonly response: Response,
		private readonly abort: AbortController
	) {
		void this.read();
	}
	private async read(): Promise<void> {
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
				buffer += decoder.decode(chunk, { stream: true });
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const lines = block.split('\n');
					if (!lines.includes('event: unread')) continue;
					const data = lines.find((l) => l.startsWith('data: '));
					if (data) this.counts.push((JSON.parse(data.slice(6)) as { count: number }).count);
					this.notify();
				}
			}
		} catch {
			// Aborted by the test.
		}
		this.ended = true;
		this.notify();
	}
	private notify(): void {
		for (const wake of this.waiters.splice(0)) wake();
	}
	/** Resolves when the n-th count arrived (1-based); fails after `ms`. */
	async nth(n: number, ms = 3_000): Promise<number> {
		const deadline = Date.now() + ms;
		while (this.counts.length < n) {
			if (this.ended) throw new Error(`stream ended after ${this.counts.length} counts`);
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`no count #${n} within ${ms} ms (got ${JSON.stringify(this.counts)})`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return this.counts[n - 1];
	}
	close(): void {
		this.abort.abort();
	}
}

function listeners(userId: string): number {
	const events = (globalThis as Record<symbol, EventEmitter | undefined>)[Symbol.for('alur.notification-signal')];
	return events?.listenerCount(`user:${userId}`) ?? 0;
}

describe.each(testDatabases)('the unread-count stream on %s', (kind) => {
	let database: TestDatabase;
	let server: Server;
	let base: string;
	let orgId: string;
	let otherOrgId: string;
	let teamId: string;
	let reader: User;
	let writer: User;
	const users = new Map<string, User>();

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		const db = database.db;
		writer = await makeUser(db, { name: 'Penulis' });
		reader = await makeUser(db, { name: 'Pembaca' });
		for (const u of [writer, reader]) users.set(u.id, u);
		orgId = (await makeOrg(db, writer.id)).id;
		otherOrgId = (await makeOrg(db, writer.id, 'Dinas lain')).id;
		teamId = (await makeTeam(db, orgId)).id;
		await addOrgMember(db, orgId, reader.id, 'knowledge_manager');
		({ server, url: base } = await startServer(database, users));
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
		await database.destroy();
	});

	async function open(user: User | null, org = orgId): Promise<Stream> {
		const abort = new AbortController();
		const response = await fetch(`${base}/api/orgs/${org}/notifications/stream`, {
			headers: user ? { 'x-test-user': user.id, accept: 'text/event-stream' } : {},
			signal: abort.signal
		});
		return new Stream(response, abort);
	}

	it('refuses signed-out callers (401) and outsiders of the organisation (404) with JSON', async () => {
		const anonymous = await fetch(`${base}/api/orgs/${orgId}/notifications/stream`);
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toMatchObject({ code: 'unauthorized' });
		const outsider = await fetch(`${base}/api/orgs/${otherOrgId}/notifications/stream`, { headers: { 'x-test-user': reader.id } });
		expect(outsider.status).toBe(404);
		expect(await outsider.json()).toMatchObject({ code: 'not_found' });
	});

	it('sends the count at once, again on every signal for the user, and lets go of the signal when the client leaves', async () => {
		const document = await createDocument(database.db, { orgId, teamId, type: 'retrospective', title: 'Retro', createdBy: writer.id });
		const stream = await open(reader);
		expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(await stream.nth(1)).toBe(0);

		const inserted = await insertNotifications(database.db, [
			{ userId: reader.id, orgId, kind: 'review_request', documentId: document.id, actorId: writer.id, dedupeKey: `stream:${document.id}` }
		]);
		const signalledAt = Date.now();
		signalNotificationsChanged(inserted);
		expect(await stream.nth(2)).toBe(1);
		// Well before the 20 s poll: the signal, not the timer, brought it.
		expect(Date.now() - signalledAt).toBeLessThan(2_000);

		// Someone else's signal sends nothing to this stream.
		signalNotificationsChanged([writer.id]);
		await markAllRead(database.db, reader.id, orgId);
		signalNotificationsChanged([reader.id]);
		expect(await stream.nth(3)).toBe(0);
		expect(stream.counts).toEqual([0, 1, 0]);

		expect(listeners(reader.id)).toBe(1);
		stream.close();
		const deadline = Date.now() + 3_000;
		while (listeners(reader.id) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		expect(listeners(reader.id)).toBe(0);
	});

	it('follows a mention written by the projection (the sync server’s path), without a reload', async () => {
		const document = await createDocument(database.db, { orgId, teamId, type: 'retrospective', title: 'Retro 2', createdBy: writer.id });
		const stream = await open(reader);
		const first = await stream.nth(1);
		const [row] = await database.db.select().from(documentStates).where(eq(documentStates.documentId, document.id));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, row.state);
		const thread = crypto.randomUUID();
		createThread(doc, { userId: writer.id, at: new Date().toISOString() }, { threadId: thread, body: 'Mohon dicek, Pembaca', anchor: null, mentions: [reader.id] });
		await writeDocumentProjection(database.db, { documentId: document.id, orgId, projection: walkDocument(doc) });
		expect(await stream.nth(2)).toBe(first + 1);
		stream.close();
	});

	it('re-reads the count on its poll, ends the stream of a member removed from the organisation there, and ends every stream on shutdown and at its maximum age', async () => {
		const saved = { ..._timings };
		_timings.pollMs = 300;
		try {
			const document = await createDocument(database.db, { orgId, teamId, type: 'retrospective', title: 'Retro 3', createdBy: writer.id });
			const leaver = await makeUser(database.db, { name: 'Akan keluar' });
			users.set(leaver.id, leaver);
			await addOrgMember(database.db, orgId, leaver.id, 'member');
			const stream = await open(leaver);
			expect(await stream.nth(1)).toBe(0);
			// Written without a signal here (as by another instance): the poll brings it.
			await insertNotifications(database.db, [
				{ userId: leaver.id, orgId, kind: 'review_request', documentId: document.id, dedupeKey: `poll:${document.id}` }
			]);
			const deadline = Date.now() + 3_000;
			while (!stream.counts.includes(1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
			expect(stream.counts).toContain(1);
			await removeOrgMember(database.db, orgId, leaver.id);
			const ended = Date.now() + 3_000;
			while (!stream.ended && Date.now() < ended) await new Promise((r) => setTimeout(r, 50));
			expect(stream.ended).toBe(true);

			// Shutdown ends every open stream at once.
			const closing = await open(reader);
			await closing.nth(1);
			signalShutdown();
			const closed = Date.now() + 3_000;
			while (!closing.ended && Date.now() < closed) await new Promise((r) => setTimeout(r, 20));
			expect(closing.ended).toBe(true);

			_timings.maxAgeMs = 500;
			const aged = await open(reader);
			await aged.nth(1);
			const agedEnd = Date.now() + 3_000;
			while (!aged.ended && Date.now() < agedEnd) await new Promise((r) => setTimeout(r, 50));
			expect(aged.ended).toBe(true);
		} finally {
			Object.assign(_timings, saved);
		}
	});
});
