import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { startTestRedis, type TestRedis } from '../../helpers/redis';
import { sendOwnAwarenessOnly } from '../../../src/lib/sync/own-awareness';
import { connectClient, isSaved, makeWorld, startSync, storedDoc, synced, waitFor, type Client, type World } from './harness';

/** Deterministic choices (mulberry32), so a failing interleaving can be replayed by its seed. */
function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The client ids an awareness message (`[1, varUint8Array(update)]`) carries. */
function awarenessClients(message: Uint8Array): number[] {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
	const ids: number[] = [];
	for (let n = decoding.readVarUint(update); n > 0; n--) {
		ids.push(decoding.readVarUint(update));
		decoding.readVarUint(update);
		decoding.readVarString(update);
	}
	return ids;
}

/** The `cursor.at` that `viewer` sees in `of`'s awareness state. */
function caretAt(viewer: Client, of: Client): number | undefined {
	return (viewer.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: { at: number } } | undefined)?.cursor?.at;
}

const jitter = (random: () => number) => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));

describe.each(testDatabases)('sync convergence on %s', (kind) => {
	let database: TestDatabase;
	let world: World;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		world = await makeWorld(database.db);
	});
	afterAll(() => database.destroy());

	/** A sync server and a new team document; every client `open` connects is closed after `body`. */
	async function inNewDocument(body: (open: () => Client) => Promise<void>): Promise<void> {
		const fixture = await startSync(database);
		const documentId = await world.document();
		const clients: Client[] = [];
		try {
			await body(() => {
				const client = connectClient(fixture, documentId, world.editor);
				clients.push(client);
				return client;
			});
		} finally {
			for (const c of clients) c.destroy();
			await fixture.close();
		}
	}

	it('converges 5 clients that type while randomly disconnecting, with every insert present once', async () => {
		const fixture = await startSync(database);
		const clients: Client[] = [];
		try {
			const members = [world.editor, ...(await Promise.all([1, 2, 3, 4].map(() => world.member({ team: 'member' }))))];
			for (const member of members) clients.push(connectClient(fixture, world.documentId, member));
			await Promise.all(clients.map(synced));
			const random = prng(20261128);
			const tokens: string[] = [];
			await Promise.all(
				clients.map(async (client, c) => {
					for (let i = 0; i < 40; i++) {
						const roll = random();
						if (roll < 0.08 && client.provider.wsconnected) client.provider.disconnect();
						else if (roll < 0.2 && !client.provider.shouldConnect) client.provider.connect();
						const text = client.doc.getText('t');
						const token = `[${c}.${i}]`;
						tokens.push(token);
						// Between tokens, never inside one, so each stays findable.
						const current = text.toString();
						const boundaries = [0];
						for (let p = 1; p <= current.length; p++) if (current[p - 1] === ']') boundaries.push(p);
						text.insert(boundaries[Math.floor(random() * boundaries.length)], token);
						await jitter(random);
					}
				})
			);
			for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();
			await waitFor(() => clients.every((c) => c.text() === clients[0].text()), 'all replicas equal', 20_000);
			await waitFor(() => clients.every(isSaved), 'everything saved', 20_000);
			const text = clients[0].text();
			for (const token of tokens) expect(text.split(token).length - 1).toBe(1);
			expect(fixture.sync.rooms.get(world.documentId)?.doc.getText('t').toString()).toBe(text);
		} finally {
			for (const c of clients) c.destroy();
			await fixture.close();
		}
	});

	it('gathers the broadcasts of a large room into fewer messages, and every client still gets every update', () =>
		inNewDocument(async (open) => {
			// One user may have many sockets; 60 clients make the room "large" (room.ts).
			const clients = Array.from({ length: 60 }, open);
			await Promise.all(clients.map(synced));
			const [writer, watcher] = clients;
			let received = 0;
			watcher.doc.on('update', (_update: Uint8Array, origin: unknown) => {
				if (origin === watcher.provider) received += 1;
			});
			// 30 keystrokes, each in its own turn and message; per-turn broadcasting would send each
			// on its own, a large room at most one broadcast per 16 ms (plus slack for jitter).
			const started = performance.now();
			for (let i = 0; i < 30; i++) {
				writer.doc.getText('t').insert(i, String(i % 10));
				await new Promise((resolve) => setImmediate(resolve));
			}
			const typingMs = performance.now() - started;
			const expected = writer.text();
			await waitFor(() => clients.every((c) => c.text() === expected), 'every client has every keystroke', 20_000);
			expect(expected).toHaveLength(30);
			expect(received).toBeLessThanOrEqual(Math.ceil(typingMs / 16) + 3);
		}));

	it('serves fresh clients the whole document, also right after it changed', () =>
		inNewDocument(async (open) => {
			const fresh = async () => {
				const client = open();
				await synced(client);
				return client;
			};
			const writer = await fresh();
			writer.doc.getText('t').insert(0, 'satu');
			// Two fresh clients at once share one encoding of the document...
			const [b, c] = await Promise.all([fresh(), fresh()]);
			await waitFor(() => b.text() === 'satu' && c.text() === 'satu', 'fresh clients have the text');
			// ...which a change must invalidate.
			writer.doc.getText('t').insert(4, ' dua');
			await waitFor(() => b.text() === 'satu dua', 'the change reached b');
			const late = await fresh();
			expect(late.text()).toBe('satu dua');
			expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(writer.doc));
		}));

	it('sends a caret move to the others, not back to its own busy socket; a quiet socket still gets its own echo', () =>
		inNewDocument(async (open) => {
			const [a, b] = [open(), open()];
			await Promise.all([a, b].map(synced));
			// Awareness messages to a that carry a's own state alone.
			let echoes = 0;
			const socket = a.provider.ws as unknown as { on(event: 'message', listener: (data: Buffer) => void): void };
			socket.on('message', (data: Buffer) => {
				const bytes = new Uint8Array(data);
				if (bytes[0] === 1 && awarenessClients(bytes).every((id) => id === a.doc.clientID)) echoes += 1;
			});
			for (let i = 1; i <= 5; i++) {
				a.provider.awareness.setLocalStateField('cursor', { at: i });
				await new Promise((resolve) => setTimeout(resolve, 150));
			}
			await waitFor(() => caretAt(b, a) === 5, 'b sees the last caret');
			expect(echoes).toBe(0);
			// After 5 s without a message the provider's own state comes back, keeping its watchdog fed.
			await new Promise((resolve) => setTimeout(resolve, 5200));
			a.provider.awareness.setLocalStateField('cursor', { at: 6 });
			await waitFor(() => echoes === 1, 'a quiet socket gets its own state back');
		}), 20_000);

	it("Alur's editor sends only its own awareness; a stock provider echoes everyone else's", () =>
		inNewDocument(async (open) => {
			const [mover, editor, stock] = [open(), open(), open()];
			sendOwnAwarenessOnly(editor.provider);
			await Promise.all([mover, editor, stock].map(synced));
			// The client ids of every awareness message a provider sends.
			const outbound = (client: Client) => {
				const sent: number[][] = [];
				const ws = client.provider.ws as unknown as { send(data: Uint8Array): void };
				const send = ws.send.bind(ws);
				ws.send = (data: Uint8Array) => {
					if (data[0] === 1) sent.push(awarenessClients(data));
					send(data);
				};
				return sent;
			};
			const [fromEditor, fromStock] = [outbound(editor), outbound(stock)];
			for (let i = 1; i <= 3; i++) {
				mover.provider.awareness.setLocalStateField('cursor', { at: i });
				await new Promise((resolve) => setTimeout(resolve, 150));
			}
			await waitFor(() => caretAt(editor, mover) === 3 && caretAt(stock, mover) === 3, 'both see the last caret');
			expect(fromStock.flat()).toContain(mover.doc.clientID);
			expect(fromEditor).toEqual([]);
			// Its own changes still go out, and the others see them.
			editor.provider.awareness.setLocalStateField('cursor', { at: 9 });
			await waitFor(() => caretAt(mover, editor) === 9, 'the mover sees the editor');
			expect(fromEditor).toEqual([[editor.doc.clientID]]);
		}));

	// A redis-server of the test's own (tests/helpers/redis.ts), or TEST_REDIS_URL.
	describe('with two instances and Redis', () => {
		let redis: TestRedis;
		beforeAll(async () => {
			redis = await startTestRedis();
		});
		afterAll(() => redis?.stop());

		it('fans out between instances; each stores only what its own clients sent', async () => {
			const env = { REDIS_URL: redis.url };
			const one = await startSync(database, { env, settings: { redisResyncMs: 300 } });
			const two = await startSync(database, { env, settings: { redisResyncMs: 300 } });
			const documentId = await world.document();
			const a = connectClient(one, documentId, world.editor);
			const b = connectClient(two, documentId, world.editor);
			try {
				await synced(a);
				await synced(b);
				a.doc.getText('t').insert(0, 'dari instans satu. ');
				await waitFor(() => b.text() === 'dari instans satu. ', 'b sees a', 10_000);
				b.doc.getText('t').insert(b.text().length, 'dari instans dua.');
				await waitFor(() => a.text() === b.text() && a.text() === 'dari instans satu. dari instans dua.', 'a sees b', 10_000);
				await waitFor(() => isSaved(a) && isSaved(b), 'saved', 10_000);
				// Presence crosses instances too.
				await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID), 'awareness across instances', 10_000);
				// Both instances wrote their own clients' updates; together the log holds everything.
				const doc = await storedDoc(database.db, documentId);
				expect(doc.getText('t').toString()).toBe('dari instans satu. dari instans dua.');
			} finally {
				a.destroy();
				b.destroy();
				await one.close();
				await two.close();
			}
		});
	});
});
