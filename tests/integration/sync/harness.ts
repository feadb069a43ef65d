import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { parseConfig } from '../../../src/lib/server/config';
import type { Db } from '../../../src/lib/server/db';
import { documentShares, documentStates, documents, orgMembers, teamMembers } from '../../../src/lib/server/db/schema';
import { createSession, sessionPolicy, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import type { DocumentRole, OrgRole, TeamRole } from '../../../src/lib/roles';
import { MESSAGE_SAVED, MESSAGE_SYNC, SYNC_UPDATE } from '../../../src/lib/sync/protocol';
import { createSyncServer, type SyncServer, type SyncServerOptions } from '../../../server/sync';
import { applyStoredDocument } from '../../../src/lib/sync/integrated-state';
import { loadDocumentLog } from '../../../src/lib/server/repositories/document-log';
import type { SyncSettings } from '../../../server/sync/settings';
import { makeOrg, makeTeam, makeUser } from '../../helpers/factories';

/**
 * Sync test harness: a real HTTP server on port 0 with the sync server attached, real `ws`
 * clients and real y-websocket providers, and conditions to wait on (never fixed sleeps).
 */

export const TEST_SETTINGS: Partial<SyncSettings> = {
	recheckMs: 300,
	projectionDebounceMs: 50,
	projectionMaxWaitMs: 300,
	pingMs: 5000,
	shutdownFlushMs: 2000,
	// The large-room test opens 60 sockets as one user; the cap has its own test (limits.test.ts).
	maxSocketsPerUser: 100
};

export interface SyncFixture {
	sync: SyncServer;
	server: Server;
	port: number;
	/** `ws://127.0.0.1:<port>/sync` — the provider appends `/<documentId>`. */
	baseUrl: string;
	close(): Promise<void>;
}

export async function startSync(
	database: { db: Db },
	options: { settings?: Partial<SyncSettings>; store?: SyncServerOptions['store']; env?: Record<string, string>; port?: number } = {}
): Promise<SyncFixture> {
	const config = parseConfig({ NODE_ENV: 'test', ...options.env });
	const sync = createSyncServer({ database, config, settings: { ...TEST_SETTINGS, ...options.settings }, store: options.store });
	const server = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	sync.attach(server);
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		sync,
		server,
		port,
		baseUrl: `ws://127.0.0.1:${port}/sync`,
		close: async () => {
			await sync.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/** Waits until `condition` holds (polling), or fails with `message` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, message = 'condition', timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition()) return;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface Member {
	userId: string;
	name: string;
	cookie: string;
	sessionId: string;
}

export interface World {
	orgId: string;
	teamId: string;
	documentId: string;
	editor: Member;
	/** Creates another user with the given standing on the document. */
	member(role: { org?: OrgRole; team?: TeamRole; share?: DocumentRole; name?: string }): Promise<Member>;
	/** Creates another document of the team (by the editor), optionally with initial content. */
	document(initial?: (doc: Y.Doc) => void): Promise<string>;
}

export async function session(db: Db, userId: string): Promise<{ cookie: string; sessionId: string }> {
	const { token } = await createSession(db, userId, sessionPolicy(14, 60));
	return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: token.split('.')[0] };
}

/** The document as stored (state plus log rows), read back into a fresh Y.Doc. */
export async function storedDoc(db: Db, documentId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	applyStoredDocument(doc, await loadDocumentLog(db, documentId));
	return doc;
}

/** Creates a document row with its initial state (the editor's createDocument does the same in the app). */
export async function createDocumentRow(
	db: Db,
	input: { orgId: string; teamId: string; createdBy: string; initial?: (doc: Y.Doc) => void; visibility?: 'team' | 'organisation' }
): Promise<string> {
	const id = crypto.randomUUID();
	const ydoc = new Y.Doc();
	input.initial?.(ydoc);
	await db.insert(documents).values({
		id,
		orgId: input.orgId,
		teamId: input.teamId,
		type: 'failure_analysis',
		title: 'Antrean KTP-el',
		visibility: input.visibility ?? 'team',
		createdBy: input.createdBy
	});
	await db.insert(documentStates).values({ documentId: id, state: Y.encodeStateAsUpdate(ydoc), upToUpdateId: 0 });
	ydoc.destroy();
	return id;
}

/** An organisation, a team with one editor (team member), and one document of that team. */
export async function makeWorld(db: Db, initial?: (doc: Y.Doc) => void): Promise<World> {
	const owner = await makeUser(db, { name: 'Sari Editor' });
	const org = await makeOrg(db, owner.id);
	const team = await makeTeam(db, org.id);
	await db.insert(teamMembers).values({ teamId: team.id, userId: owner.id, role: 'member' });
	// The creator is org admin; the editor we hand out is a plain team member.
	const editorUser = await makeUser(db, { name: 'Budi Penulis' });
	await db.insert(orgMembers).values({ orgId: org.id, userId: editorUser.id, role: 'member' });
	await db.insert(teamMembers).values({ teamId: team.id, userId: editorUser.id, role: 'member' });
	const documentId = await createDocumentRow(db, { orgId: org.id, teamId: team.id, createdBy: owner.id, initial });
	const editorSession = await session(db, editorUser.id);
	return {
		orgId: org.id,
		teamId: team.id,
		documentId,
		editor: { userId: editorUser.id, name: editorUser.name, ...editorSession },
		async member(role) {
			const user = await makeUser(db, { name: role.name });
			await db.insert(orgMembers).values({ orgId: org.id, userId: user.id, role: role.org ?? 'member' });
			if (role.team) await db.insert(teamMembers).values({ teamId: team.id, userId: user.id, role: role.team });
			if (role.share) await db.insert(documentShares).values({ documentId, userId: user.id, role: role.share });
			return { userId: user.id, name: user.name, ...(await session(db, user.id)) };
		},
		document: (initial) => createDocumentRow(db, { orgId: org.id, teamId: team.id, createdBy: editorUser.id, initial })
	};
}

/**
 * The Origin a browser would send for a page served by the server at `url` (ws → http): the
 * sync server refuses upgrades without one, as browsers always send it.
 */
export function originOf(url: string | URL): string {
	const parsed = new URL(url);
	parsed.protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
	return parsed.origin;
}

/** A `ws` WebSocket class that sends the session cookie and (by default, the server's own) Origin, for y-websocket's WebSocketPolyfill. */
export function cookieWebSocket(cookie: string, origin?: string): new (url: string | URL, protocols?: string | string[]) => WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: origin ?? originOf(url) } });
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The latest state vector the server reported saved. */
	saved: () => Map<number, number> | null;
	text: () => string;
	destroy(): void;
}

/** A real y-websocket provider with its own Y.Doc, logged in by cookie. */
export function connectClient(fixture: { baseUrl: string }, documentId: string, member: Member, options: { connect?: boolean } = {}): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(fixture.baseUrl, documentId, doc, {
		WebSocketPolyfill: cookieWebSocket(member.cookie) as unknown as typeof globalThis.WebSocket,
		connect: options.connect ?? true,
		maxBackoffTime: 300,
		disableBc: true
	});
	let saved: Map<number, number> | null = null;
	provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		const sv = readVarUint8Array(decoder);
		saved = Y.decodeStateVector(sv);
	};
	provider.awareness.setLocalState({ user: { name: 'Tamu', color: '#000000' } });
	return {
		doc,
		provider,
		saved: () => saved,
		text: () => doc.getText('t').toString(),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

function readVarUint8Array(decoder: { arr: Uint8Array; pos: number }): Uint8Array {
	let len = 0;
	let mult = 1;
	for (;;) {
		const r = decoder.arr[decoder.pos++];
		len += (r & 0x7f) * mult;
		mult *= 128;
		if (r < 0x80) break;
	}
	const view = decoder.arr.subarray(decoder.pos, decoder.pos + len);
	decoder.pos += len;
	return view;
}

/** True when the server reported as saved everything this client has. */
export function isSaved(client: Client): boolean {
	const saved = client.saved();
	if (!saved) return false;
	for (const [id, clock] of Y.decodeStateVector(Y.encodeStateVector(client.doc))) if ((saved.get(id) ?? 0) < clock) return false;
	return true;
}

export async function synced(client: Client): Promise<void> {
	await waitFor(() => client.provider.synced, 'provider synced');
}

export interface RawSocket {
	ws: WebSocket;
	messages: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
	opened: Promise<void>;
	/** HTTP status when the upgrade was refused. */
	refused: Promise<number>;
}

/**
 * A bare `ws` client, for sending bytes no provider would send. It sends the server's own
 * Origin unless `headers` names another; `origin: undefined` sends none.
 */
export function rawSocket(url: string, headers: Record<string, string | undefined> = {}): RawSocket {
	const sent: Record<string, string> = {};
	for (const [name, value] of Object.entries({ origin: originOf(url), ...headers })) if (value !== undefined) sent[name] = value;
	const ws = new WebSocket(url, { headers: sent });
	const messages: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
	ws.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
	const refused = new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
	return { ws, messages, closed, opened, refused };
}

export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, SYNC_UPDATE);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** An update made on a copy of `base` by `change`. */
export function updateFrom(base: Uint8Array | null, change: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
	const doc = new Y.Doc();
	if (clientId !== undefined) doc.clientID = clientId;
	if (base) Y.applyUpdate(doc, base);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	change(doc);
	doc.destroy();
	return Y.mergeUpdates(updates);
}
