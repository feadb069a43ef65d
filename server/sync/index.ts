import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../../src/lib/server/config';
import type { Db } from '../../src/lib/server/db';
import { awarenessUser } from '../../src/lib/sync/identity';
import { CloseCode } from '../../src/lib/sync/close-codes';
import { listStaleProjections, markProjectionStale } from '../../src/lib/server/repositories/projections';
import { prepareUpgradeAccess } from '../../src/lib/server/repositories/upgrade-access';
import { AccessMonitor } from './access-monitor';
import { Connection } from './connection';
import { SyncEvents } from './events';
import { receiveMessage } from './message-receiver';
import { ProjectionCatchUp } from './projection-catch-up';
import { Scheduler } from '../scheduler';
import { housekeepingJobs } from '../housekeeping';
import { checkReminderJob } from '../check-reminders';
import { RedisFanout } from './redis-fanout';
import { RoomRegistry } from './room-registry';
import type { Room } from './room';
import { syncSettings, type SyncSettings } from './settings';
import { databaseStore, type SyncStore } from './store';
import {
	authorizeUpgrade,
	isSyncPath,
	rejectUpgrade,
	requestedDocumentId,
	throttled,
	unclaimedUpgradeStatus,
	type UpgradeDecision
} from './upgrade-auth';
import { addressKey, UpgradeLimits } from './upgrade-limits';

export { SyncEvents } from './events';
export type { SyncStore } from './store';

/**
 * Alur's sync server: the y-websocket protocol over `ws`, attachable to any `http.Server`
 * (the production entry, Vite's dev server, tests on port 0). See ARCHITECTURE.md "Sync".
 */
export interface SyncServerOptions {
	/** `connections`: the pool's size, to prepare the upgrade's statements on each connection. */
	database: { db: Db; connections?: number };
	config: Config;
	/** Overrides of the settings derived from `config` (tests use short intervals). */
	settings?: Partial<SyncSettings>;
	/** Replaces the database-backed store (tests wrap it to simulate an outage). */
	store?: SyncStore;
	/** Names this instance on Redis; random by default. */
	instanceId?: string;
}

export interface SyncServer {
	readonly events: SyncEvents;
	readonly settings: SyncSettings;
	/** Handles an HTTP upgrade for a `/sync/<documentId>` path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/**
	 * Routes `server`'s upgrades under `/sync/` here. Other paths are left to other listeners;
	 * when there is none, they are answered 400/404 and the socket is closed.
	 */
	attach(server: Server): void;
	/** Rooms currently in memory, by document id (read-only use: tests and metrics). */
	readonly rooms: ReadonlyMap<string, Room>;
	/** Runs one round of the projection catch-up now (tests); resolves when it is done. */
	catchUpProjections(): Promise<void>;
	/** Stop accepting, save what is pending, close every socket with 1012. */
	close(): Promise<void>;
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
	const settings = syncSettings(options.config, options.settings);
	const events = new SyncEvents();
	// An 'error' event without a listener would throw.
	events.on('fanout-error', () => {});
	const store = options.store ?? databaseStore(options.database.db, settings.sessionPolicy);
	const fanout = settings.redisUrl
		? new RedisFanout(settings.redisUrl, options.instanceId ?? crypto.randomUUID(), (error) => events.emit('fanout-error', { error }))
		: null;
	const db = options.database.db;
	// Only a head start: if the database is unreachable now, each connection prepares the
	// statements on first use instead.
	prepareUpgradeAccess(db, options.database.connections ?? 1).catch(() => {});
	const registry = new RoomRegistry(store, settings, events, fanout, (documentId) => markProjectionStale(db, documentId));
	const monitor = new AccessMonitor(registry, store, events, settings.recheckMs);
	monitor.start();
	const catchUp = new ProjectionCatchUp(
		{
			listStale: (limit, excluding) => listStaleProjections(db, { limit, excluding, quietMs: settings.projectionCatchUpQuietMs }),
			load: (documentId) => store.load(documentId),
			project: (documentId, orgId, projection) => store.project(documentId, orgId, projection),
			openDocuments: () => registry.documentIds()
		},
		events,
		settings.projectionCatchUpMs,
		settings.projectionCatchUpBatch
	);
	// The server's periodic jobs, in one place (server/scheduler.ts).
	const scheduler = new Scheduler((job, error) => events.emit('job-failed', { job, error }));
	scheduler.add({ name: 'projection-catch-up', intervalMs: catchUp.intervalMs, run: () => catchUp.round() });
	for (const job of housekeepingJobs(db, settings.sessionPolicy)) scheduler.add(job);
	scheduler.add(checkReminderJob(db));
	// ws buffers a frame up to maxPayload before we see it: above the hard cap it closes with
	// 1009 itself; between the limit and the cap we close with MessageTooLarge.
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: settings.maxMessageBytes * 2,
		perMessageDeflate: false,
		clientTracking: false
	});
	const sockets = new Set<Connection>();
	let closing = false;

	const pinger = setInterval(() => {
		for (const conn of sockets) {
			if (!conn.alive) {
				conn.ws.terminate();
				continue;
			}
			conn.alive = false;
			conn.ws.ping();
		}
	}, settings.pingMs);
	pinger.unref();

	const limits = new UpgradeLimits(settings);

	/** `identity.userId` holds one of its user's socket slots (limits.claimSocket), freed on close. */
	const accept = (ws: WebSocket, room: Room, identity: ConstructorParameters<typeof Connection>[1]) => {
		const documentId = room.documentId;
		const userId = identity.userId;
		const conn: Connection = new Connection(ws, identity, settings, (code, reason, byServer) => {
			sockets.delete(conn);
			limits.releaseSocket(userId);
			events.emit('connection-closed', { documentId, userId, code, reason, byServer });
		});
		sockets.add(conn);
		ws.on('message', (data: Buffer) => {
			// O(1) per message. A message over the size limit is left to the receiver, which
			// closes with the more telling MessageTooLarge.
			if (!conn.closed && data.byteLength <= settings.maxMessageBytes && !conn.takeBytes(data.byteLength)) {
				conn.close(CloseCode.ByteBudgetExceeded, 'byte budget exceeded');
				return;
			}
			receiveMessage(room, conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), settings.maxMessageBytes);
		});
		room.join(conn);
		if (!conn.closed) events.emit('connection-opened', { documentId, userId });
	};

	const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		// A raw socket error before the upgrade completes must not crash the process.
		socket.on('error', () => socket.destroy());
		if (closing) {
			rejectUpgrade(socket, 503, 'shutting_down', 'Server is restarting');
			return;
		}
		upgrade(req, socket, head).catch(() => {
			if (!socket.destroyed) socket.destroy();
		});
	};

	const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		// Throttled before anything else, the database query included (upgrade-limits.ts).
		const address = addressKey(req.socket.remoteAddress);
		const addressWait = limits.admitAddress(address);
		if (addressWait > 0) {
			const answer = throttled(addressWait);
			rejectUpgrade(socket, answer.status, answer.code, answer.message, answer.retryAfter);
			return;
		}
		// A document not in memory is read by the access query itself (one round trip, not two);
		// the reservation, taken before the first await, makes every other socket for it wait.
		const requested = requestedDocumentId(req.url);
		const reservation = requested ? registry.reserveLoad(requested) : null;
		try {
			const decision = await authorizeUpgrade(
				options.database.db,
				req,
				settings,
				{ documentId: requested, withDocument: reservation !== null },
				limits
			);
			if (!decision.ok) {
				rejectUpgrade(socket, decision.status, decision.code, decision.message, decision.retryAfter);
				return;
			}
			limits.addressAccepted(address);
			if (socket.destroyed || closing) {
				if (!socket.destroyed) rejectUpgrade(socket, 503, 'shutting_down', 'Server is restarting');
				return;
			}
			// Before the room is built: a refused socket must not load a document.
			if (!limits.claimSocket(decision.session.user.id)) {
				refuseOverCap(req, socket, head);
				return;
			}
			if (reservation && decision.stored && decision.documentId === requested) reservation.fulfil(decision.orgId, decision.stored);
			// Released before acquiring (a no-op once fulfilled): acquire() waits for a held one.
			reservation?.release();
			await joinRoom(req, socket, head, decision);
		} finally {
			// A refused or failed upgrade leaves the load to the next socket.
			reservation?.release();
		}
	};

	/**
	 * A user at the socket cap gets a socket closed at once with TooManyConnections rather than
	 * an HTTP 429: a browser's WebSocket cannot read an HTTP status, but it reads a close code,
	 * so the page can say why (and the provider retries, in case another tab closed meanwhile).
	 */
	const refuseOverCap = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		wss.handleUpgrade(req, socket, head, (ws) => {
			ws.on('error', () => ws.terminate());
			ws.close(CloseCode.TooManyConnections, 'too many open connections');
			setTimeout(() => ws.terminate(), 1000).unref();
		});
	};

	/** The socket slot claimed for the user is passed on to the connection, or freed here. */
	const joinRoom = async (req: IncomingMessage, socket: Duplex, head: Buffer, decision: Extract<UpgradeDecision, { ok: true }>) => {
		const userId = decision.session.user.id;
		let room: Room | null = null;
		try {
			room = await registry.acquire(decision.documentId, decision.orgId);
		} catch {
			room = null;
		}
		let upgraded = false;
		wss.handleUpgrade(req, socket, head, (ws) => {
			upgraded = true;
			// Every server-side socket gets an error listener: a malformed frame must close
			// that socket, never the process (design.md pitfalls).
			ws.on('error', () => ws.terminate());
			if (!room) {
				limits.releaseSocket(userId);
				// A failed load is an error, never an empty document: the client retries later.
				ws.close(CloseCode.LoadFailed, 'document could not be loaded');
				setTimeout(() => ws.terminate(), 1000).unref();
				return;
			}
			accept(ws, room, {
				userId,
				sessionId: decision.session.session.id,
				user: awarenessUser(decision.session.user),
				role: decision.role
			});
		});
		if (!upgraded) {
			limits.releaseSocket(userId);
			room?.abandonJoin();
		}
	};

	return {
		events,
		settings,
		handleUpgrade,
		rooms: registry.rooms,
		catchUpProjections: () => scheduler.runNow('projection-catch-up'),
		attach(server: Server) {
			server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
				if (isSyncPath(req.url)) handleUpgrade(req, socket, head);
				// Nobody else listens (the production server): answer and hang up, or the socket
				// stays open for as long as the client likes.
				else if (server.listenerCount('upgrade') === 1) {
					socket.on('error', () => socket.destroy());
					const status = unclaimedUpgradeStatus(req.url);
					rejectUpgrade(socket, status, status === 400 ? 'bad_request' : 'not_found', status === 400 ? 'Bad request' : 'Not found');
				}
			});
		},
		async close() {
			if (closing) return;
			closing = true;
			monitor.stop();
			catchUp.stop();
			await scheduler.stop();
			clearInterval(pinger);
			await registry.closeAll(CloseCode.ServiceRestart, 'server restarting', settings.shutdownFlushMs);
			for (const conn of sockets) conn.close(CloseCode.ServiceRestart, 'server restarting');
			await fanout?.close();
			wss.close();
		}
	};
}
