import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../../src/lib/sync/close-codes';
import { MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../../src/lib/sync/protocol';
import { AwarenessMessageError, encodeAwarenessEntries, parseAwarenessUpdate } from './awareness-message';
import type { Connection } from './connection';
import type { DocumentSize } from './document-size';
import { DocumentWriter, MERGE_LIMIT } from './document-writer';
import type { SyncEvents } from './events';
import { Projector } from './projector';
import type { SyncSettings } from './settings';
import type { StoredDocument } from '../../src/lib/server/repositories/document-log';
import { applyStoredDocument, encodeIntegrated, type SyncStore } from './store';
import { Parking, parkingLimits, type ParkingLimits } from './parking';
import { validateUpdate, type UpdateAuthor, type Wait } from './validate-update';

/** Transaction origins, so an update is stored once and fanned out once (Hocuspocus's habit). */
const LOAD_ORIGIN = Symbol('load');
export const REMOTE_ORIGIN = Symbol('remote');

/** A room's link to other instances (redis-fanout.ts); absent with one instance. */
export interface RoomFanout {
	publishUpdate(update: Uint8Array): void;
	publishAwareness(update: Uint8Array): void;
	publishStateVector(stateVector: Uint8Array): void;
	/** This instance committed everything up to this state vector. */
	publishSaved(stateVector: Uint8Array): void;
	close(): void;
}

export function encodeSyncMessage(subType: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, subType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

function encodeMessage(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/**
 * Saved notifications to a room are at most this frequent (the first one is immediate, the last
 * one of a busy spell leaves when the interval ends): a status label needs no more.
 */
const SAVED_NOTIFY_MS = 500;
/**
 * Awareness (carets, presence) leaves a room at most this often; a change after a quiet spell
 * leaves at once. Every provider re-broadcasts each remote awareness change it receives, so each
 * broadcast comes back from every client: at a keystroke's pace in a busy room that echo, not
 * the text, would be most of the traffic. Carets are anchored to relative positions, so they
 * stay right while text arrives in between (Liveblocks throttles presence to 100 ms too).
 */
const AWARENESS_INTERVAL_MS = 100;
/**
 * y-websocket's provider reconnects after 30 s without any message; its own awareness renewal
 * (every 15 s) echoed back is what keeps a lone client's socket alive. Well inside both.
 */
const OWN_ECHO_SKIP_MS = 5000;
/**
 * A compaction (a transaction plus a rebuild of the document from every row) stalls the event
 * loop for tens of milliseconds, so while a room is busy it waits until writes pause this long;
 * only a log this many times over the threshold is compacted regardless.
 */
const COMPACT_QUIET_MS = 3000;
const COMPACT_FORCE_FACTOR = 10;

/**
 * A room of at least this many clients is "large": each broadcast costs every client a message to
 * decode and a Yjs transaction, so after one leaves, updates gather LARGE_ROOM_COALESCE_MS before
 * the next (the first after a pause still leaves at the end of its turn), and awareness leaves at
 * most every LARGE_ROOM_AWARENESS_MS. Smaller rooms — most teams — broadcast every turn.
 */
const LARGE_ROOM = 50;
const LARGE_ROOM_COALESCE_MS = 16;
const LARGE_ROOM_AWARENESS_MS = 200;

/**
 * One document in memory: its Y.Doc, one Awareness, the connections on it, the writer that
 * persists it and the projector that derives SQL rows from it.
 *
 * Broadcasts are coalesced per event-loop turn: everything accepted during one turn leaves in
 * one message per recipient (merged with `Y.mergeUpdates`); awareness changes leave together at
 * most every AWARENESS_INTERVAL_MS. Awareness is deduplicated by clock in the room's Awareness,
 * so the provider's habit of re-broadcasting remote states does not multiply traffic.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	/** Upgrades that hold this room while their socket is being set up. */
	pendingJoins = 0;
	readonly writer: DocumentWriter;
	readonly projector: Projector;
	fanout: RoomFanout | null = null;
	/** The document's size against its limit (document-size.ts), set by the registry at load. */
	size: DocumentSize | null = null;
	/**
	 * Client ids and the user whose connection synced under each in this room's lifetime (its
	 * awareness id, once its sync step 2 applied): from then on all of that client's content is
	 * here, so new structs under it can come only from that user (validate-update.ts).
	 */
	readonly clientOwners = new Map<number, string>();
	/** Connections whose sync step 2 has been applied. */
	private readonly synced = new WeakSet<Connection>();
	/** Updates waiting for content the room lacks (parking.ts). */
	readonly parking: Parking;
	destroyed = false;
	/** The room takes no one new and is unloading for good (set by the registry, e.g. when its document was deleted). */
	poisoned = false;
	private outbox: { update: Uint8Array; from: Connection | null }[] = [];
	/** The document's state vector before the first update of this turn (see broadcastUpdates). */
	private turnStart: Uint8Array | null = null;
	private staged: Uint8Array[] = [];
	private awarenessChanged = new Set<number>();
	private awarenessToPublish = new Set<number>();
	private flushScheduled = false;
	private lastFlush = 0;
	private awarenessFlushScheduled = false;
	private awarenessTimer: NodeJS.Timeout | null = null;
	private compacting = false;
	private savedStateVector: Uint8Array;
	private resyncTimer: NodeJS.Timeout | null = null;
	private savedNotifyTimer: NodeJS.Timeout | null = null;
	private savedNotifyPending = false;
	private compactTimer: NodeJS.Timeout | null = null;
	/**
	 * The whole document as a sync step 2, for clients that have nothing yet (a fresh tab, a new
	 * device): several of them opening a document at once share one encoding. Dropped on change.
	 */
	private fullStateMessage: Uint8Array | null = null;

	private constructor(
		readonly documentId: string,
		readonly orgId: string,
		private readonly store: SyncStore,
		private readonly settings: SyncSettings,
		private readonly events: SyncEvents,
		loadedRows: number,
		private readonly onIdle: (room: Room) => void,
		limits: ParkingLimits = parkingLimits(settings.maxMessageBytes)
	) {
		this.parking = new Parking(limits);
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: no local state of its own.
		this.awareness.setLocalState(null);
		this.savedStateVector = Y.encodeStateVector(this.doc);
		this.writer = new DocumentWriter(
			documentId,
			store,
			{
				stateVector: () => Y.encodeStateVector(this.doc),
				encodeSince: (sv) => encodeIntegrated(this.doc, sv),
				onSaved: (sv) => this.markSaved(sv, true),
				onError: (error, attempt) => this.events.emit('save-failed', { documentId, error, attempt }),
				onCompactionDue: () => this.compactWhenQuiet()
			},
			settings.compactAfterRows,
			loadedRows
		);
		this.projector = new Projector(
			documentId,
			orgId,
			this.doc,
			store,
			settings.projectionDebounceMs,
			settings.projectionMaxWaitMs,
			(error) => this.events.emit('projection-failed', { documentId, error }),
			() => this.events.emit('projected', { documentId })
		);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	/**
	 * The room of a document read from the store: its state, then every later log row. Yjs
	 * throwing on them rejects, and the caller does not open the room — an empty document must
	 * never be served in its place.
	 */
	static fromStored(
		documentId: string,
		orgId: string,
		stored: StoredDocument,
		store: SyncStore,
		settings: SyncSettings,
		events: SyncEvents,
		onIdle: (room: Room) => void
	): Room {
		const room = new Room(documentId, orgId, store, settings, events, stored.updates.length, onIdle);
		try {
			applyStoredDocument(room.doc, stored, LOAD_ORIGIN);
		} catch (error) {
			room.destroy();
			throw error;
		}
		room.savedStateVector = Y.encodeStateVector(room.doc);
		room.writer.markBaseline();
		return room;
	}

	get savedState(): Uint8Array {
		return this.savedStateVector;
	}

	/**
	 * Everything up to `stateVector` is committed — by this instance (`local`) or, with Redis,
	 * by another one. Saved state only grows (per-client maximum), and the room is told.
	 */
	markSaved(stateVector: Uint8Array, local: boolean): void {
		let merged: Map<number, number>;
		let grew = false;
		try {
			merged = Y.decodeStateVector(this.savedStateVector);
			for (const [client, clock] of Y.decodeStateVector(stateVector)) {
				if (clock > (merged.get(client) ?? 0)) {
					merged.set(client, clock);
					grew = true;
				}
			}
		} catch (error) {
			this.events.emit('fanout-error', { error });
			return;
		}
		if (!grew && !local) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, merged.size);
		for (const [client, clock] of merged) {
			encoding.writeVarUint(encoder, client);
			encoding.writeVarUint(encoder, clock);
		}
		this.savedStateVector = encoding.toUint8Array(encoder);
		this.notifySaved();
		if (local) {
			this.fanout?.publishSaved(stateVector);
			this.events.emit('saved', { documentId: this.documentId });
		}
	}

	/**
	 * Tells the room what is saved: at once, then at most every SAVED_NOTIFY_MS while saves keep
	 * coming (under load one write commits per turn; telling every socket each time would double
	 * the traffic for a status label).
	 */
	private notifySaved(): void {
		if (this.savedNotifyTimer) {
			this.savedNotifyPending = true;
			return;
		}
		const message = encodeMessage(MESSAGE_SAVED, this.savedStateVector);
		for (const conn of this.connections) conn.send(message);
		this.savedNotifyTimer = setTimeout(() => {
			this.savedNotifyTimer = null;
			if (this.savedNotifyPending && !this.destroyed) {
				this.savedNotifyPending = false;
				this.notifySaved();
			}
		}, SAVED_NOTIFY_MS);
	}

	// --- joining and leaving -------------------------------------------------------------

	join(conn: Connection): void {
		this.pendingJoins -= 1;
		if (this.poisoned || this.destroyed) {
			conn.close(CloseCode.ServiceRestart, 'document reloading');
			this.checkIdle();
			return;
		}
		this.connections.add(conn);
		conn.setCloseHandler(() => this.leave(conn));
		conn.send(encodeSyncMessage(SYNC_STEP1, Y.encodeStateVector(this.doc)));
		if (this.awareness.getStates().size > 0) {
			const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]);
			conn.send(encodeMessage(MESSAGE_AWARENESS, update));
		}
		conn.send(encodeMessage(MESSAGE_SAVED, this.savedStateVector));
	}

	/** An upgrade that held the room failed before its socket joined. */
	abandonJoin(): void {
		this.pendingJoins -= 1;
		this.checkIdle();
	}

	private leave(conn: Connection): void {
		if (!this.connections.delete(conn)) return;
		this.parking.drop(conn);
		if (conn.clientId !== null && this.awareness.getStates().has(conn.clientId)) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [conn.clientId], conn);
		}
		this.checkIdle();
	}

	get empty(): boolean {
		return this.connections.size === 0 && this.pendingJoins === 0;
	}

	private checkIdle(): void {
		if (this.empty && !this.destroyed) this.onIdle(this);
	}

	// --- inbound ---------------------------------------------------------------------------

	/** Sync step 1 from a client: answer with what it lacks. */
	answerStep1(conn: Connection, stateVector: Uint8Array): void {
		// Throws on a malformed state vector; the receiver closes the connection.
		if (Y.decodeStateVector(stateVector).size > 0) {
			conn.send(encodeSyncMessage(SYNC_STEP2, encodeIntegrated(this.doc, stateVector)));
			return;
		}
		this.fullStateMessage ??= encodeSyncMessage(SYNC_STEP2, encodeIntegrated(this.doc));
		conn.send(this.fullStateMessage);
	}

	/**
	 * A sync step 2 or update from a client. Validated first (validate-update.ts); only a clean
	 * update touches the document. A step 2 outside the sender's scope is dropped rather than
	 * answered with a close: it is the client's whole state, which after a server crash can hold
	 * others' edits the server lost (they come back from their authors). An update that depends on
	 * content the room lacks waits outside the document (parking.ts) and is tried again when the
	 * room's state passes what it waits for.
	 */
	receiveUpdate(conn: Connection, update: Uint8Array, subType: number): void {
		const grown = this.receive(conn, update, subType);
		if (grown.length > 0) this.retryParked(grown);
	}

	/** Validates and applies one update; returns the client ids whose range it extended. */
	private receive(conn: Connection, update: Uint8Array, subType: number): number[] {
		// A full document only shrinks; it stays readable. A step 2 that would grow it is dropped
		// like one out of scope (a reader's can carry others' unsaved edits after a crash).
		if (this.size?.refuses(update)) {
			this.events.emit('rejected', { documentId: this.documentId, userId: conn.userId, reason: 'too-large', detail: 'document is full' });
			if (subType !== SYNC_STEP2) conn.close(CloseCode.DocumentTooLarge, 'document too large');
			return [];
		}
		const verdict = validateUpdate(this.doc, update, this.authorOf(conn));
		if (!verdict.ok) {
			this.events.emit('rejected', { documentId: this.documentId, userId: conn.userId, reason: verdict.reason, detail: verdict.detail });
			switch (verdict.reason) {
				case 'invalid':
					conn.close(CloseCode.InvalidMessage, 'invalid update');
					break;
				case 'forged':
					conn.close(CloseCode.ForgedUpdate, 'forged update');
					break;
				case 'denied':
					if (subType !== SYNC_STEP2) conn.close(CloseCode.PermissionDenied, 'not allowed');
					break;
				case 'unresolved':
					this.park(conn, update, subType, verdict.waitsFor);
					break;
			}
			return [];
		}
		if (!this.apply(conn, update)) return [];
		if (subType === SYNC_STEP2) this.markSynced(conn);
		return verdict.clients;
	}

	private authorOf(conn: Connection): UpdateAuthor {
		return { role: conn.role, userId: conn.userId, ownClient: conn.clientId, ownerOf: (client) => this.clientOwners.get(client) };
	}

	/** The connection's whole state is in the room: its client id is its user's from now on. */
	private markSynced(conn: Connection): void {
		this.synced.add(conn);
		if (conn.clientId !== null && !this.clientOwners.has(conn.clientId)) this.clientOwners.set(conn.clientId, conn.userId);
	}

	private park(conn: Connection, update: Uint8Array, subType: number, waitsFor: Wait): void {
		if (this.parking.park(conn, update, subType, waitsFor) !== 'parked')
			conn.close(CloseCode.InvalidMessage, 'too many updates waiting for missing content');
	}

	/**
	 * Tries again the parked updates that waited on `clients`, now that their ranges grew; what
	 * those apply may free others in turn. Updates still waiting cost nothing here.
	 */
	private retryParked(clients: Iterable<number>): void {
		if (this.parking.size === 0) return;
		let grown = new Set(clients);
		while (grown.size > 0 && !this.destroyed) {
			const ready = this.parking.takeReady(grown, (client) => Y.getState(this.doc.store, client));
			grown = new Set();
			for (const parked of ready) {
				if (parked.conn.closed) continue;
				for (const client of this.receive(parked.conn, parked.update, parked.subType)) grown.add(client);
			}
		}
	}

	/**
	 * Applies a validated update; false if Yjs still threw. What Yjs integrated before throwing
	 * is in the document and goes out like any change (every replica and the log stay equal to
	 * the room); only the sender is closed — the room is never reset for everyone.
	 */
	private apply(conn: Connection, update: Uint8Array): boolean {
		const store = this.doc.store;
		const pendingStructsBefore = store.pendingStructs;
		const pendingDsBefore = store.pendingDs;
		this.staged = [];
		this.markTurnStart();
		let failure: unknown = null;
		try {
			Y.applyUpdate(this.doc, update, conn);
		} catch (error) {
			failure = error;
		}
		const changes = this.staged;
		this.staged = [];
		for (const change of changes) this.accept(change, conn);
		// Client updates never leave content pending (validation parks them instead), but a loaded
		// log or another instance can have. When this update let such content integrate, its
		// sender lacks that part and broadcasts skip the sender: it gets this turn's change too
		// (what it already has, Yjs ignores).
		if (
			changes.length > 0 &&
			(store.pendingStructs !== pendingStructsBefore || (pendingDsBefore !== null && !sameBytes(store.pendingDs, pendingDsBefore)))
		)
			conn.send(encodeSyncMessage(SYNC_UPDATE, changes.length === 1 ? changes[0] : Y.mergeUpdates(changes)));
		if (failure !== null) {
			this.events.emit('rejected', {
				documentId: this.documentId,
				userId: conn.userId,
				reason: 'apply-failed',
				detail: failure instanceof Error ? failure.message : String(failure)
			});
			conn.close(CloseCode.InvalidMessage, 'update does not apply');
			return false;
		}
		return true;
	}

	private onDocUpdate(update: Uint8Array, origin: unknown): void {
		this.fullStateMessage = null;
		if (origin === LOAD_ORIGIN) return;
		if (origin === REMOTE_ORIGIN) {
			// Another instance stores it; here it is only relayed.
			this.outbox.push({ update, from: null });
			this.projector.touch();
			this.scheduleFlush();
			return;
		}
		this.staged.push(update);
	}

	private accept(update: Uint8Array, from: Connection): void {
		this.writer.enqueue(update);
		this.outbox.push({ update, from });
		this.projector.touch();
		this.scheduleFlush();
	}

	/**
	 * An awareness message from a client: only the entry for the connection's own client id is
	 * taken (the provider also relays everyone else's, which are dropped), its `user` replaced by
	 * the session's identity; the room's Awareness keeps it only if its clock is newer.
	 */
	receiveAwareness(conn: Connection, update: Uint8Array): void {
		let entries;
		try {
			entries = parseAwarenessUpdate(update, this.settings.maxAwarenessBytes, conn.clientId);
		} catch (error) {
			const tooLarge = error instanceof AwarenessMessageError && error.tooLarge;
			conn.close(tooLarge ? CloseCode.InvalidAwareness : CloseCode.InvalidMessage, 'invalid awareness');
			return;
		}
		const accepted = [];
		for (const entry of entries) {
			if (conn.clientId === null) {
				// Pin the first id that nobody in the room speaks for yet, and that no other user
				// synced under (its content would then be theirs to write).
				const owner = this.clientOwners.get(entry.clientId);
				if (
					entry.state === null ||
					this.awareness.getStates().has(entry.clientId) ||
					this.ownedByOther(conn, entry.clientId) ||
					(owner !== undefined && owner !== conn.userId)
				)
					continue;
				conn.clientId = entry.clientId;
				if (this.synced.has(conn)) this.markSynced(conn);
			}
			if (entry.clientId !== conn.clientId) continue;
			accepted.push({
				...entry,
				state: entry.state === null ? null : { ...entry.state, user: conn.identity.user }
			});
		}
		if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
	}

	private ownedByOther(conn: Connection, clientId: number): boolean {
		for (const other of this.connections) if (other !== conn && other.clientId === clientId) return true;
		return false;
	}

	/** Everyone's awareness, for a query-awareness message. */
	answerAwarenessQuery(conn: Connection): void {
		const ids = [...this.awareness.getStates().keys()];
		conn.send(encodeMessage(MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
	}

	private onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		for (const id of [...added, ...updated, ...removed]) {
			this.awarenessChanged.add(id);
			if (origin !== REMOTE_ORIGIN) this.awarenessToPublish.add(id);
		}
		if (this.awarenessTimer || this.awarenessFlushScheduled) return;
		this.awarenessFlushScheduled = true;
		setImmediate(this.flushAwareness);
	};

	// --- from other instances --------------------------------------------------------------

	applyRemoteUpdate(update: Uint8Array): void {
		this.markTurnStart();
		try {
			Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
		} catch (error) {
			this.events.emit('fanout-error', { error });
			return;
		}
		if (this.parking.size > 0) this.retryParked(Y.parseUpdateMeta(update).to.keys());
	}

	applyRemoteAwareness(update: Uint8Array): void {
		try {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
		} catch (error) {
			this.events.emit('fanout-error', { error });
		}
	}

	/** Another instance's state vector: send it what it lacks (repairs lost pub/sub messages). */
	answerRemoteStateVector(stateVector: Uint8Array): void {
		if (!this.fanout) return;
		try {
			const theirs = Y.decodeStateVector(stateVector);
			const ours = Y.decodeStateVector(Y.encodeStateVector(this.doc));
			let ahead = false;
			for (const [client, clock] of ours) if ((theirs.get(client) ?? 0) < clock) ahead = true;
			if (ahead) this.fanout.publishUpdate(encodeIntegrated(this.doc, stateVector));
		} catch (error) {
			this.events.emit('fanout-error', { error });
		}
	}

	attachFanout(fanout: RoomFanout, resyncMs: number): void {
		this.fanout = fanout;
		const resync = () => {
			fanout.publishStateVector(Y.encodeStateVector(this.doc));
			// Pub/sub messages sent before another instance subscribed are lost: repeat what this
			// instance knows about its own sockets (unchanged clocks are no-ops at the receiver).
			const own = [...this.connections].map((c) => c.clientId).filter((id): id is number => id !== null && this.awareness.getStates().has(id));
			if (own.length > 0) fanout.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, own));
			fanout.publishSaved(this.savedStateVector);
		};
		resync();
		this.resyncTimer = setInterval(resync, resyncMs);
		this.resyncTimer.unref();
	}

	// --- outbound --------------------------------------------------------------------------

	private markTurnStart(): void {
		if (this.outbox.length === 0) this.turnStart = Y.encodeStateVector(this.doc);
	}

	private scheduleFlush(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		const wait = this.connections.size >= LARGE_ROOM ? this.lastFlush + LARGE_ROOM_COALESCE_MS - performance.now() : 0;
		if (wait > 0) setTimeout(this.flush, wait);
		else setImmediate(this.flush);
	}

	private flush = (): void => {
		this.flushScheduled = false;
		this.lastFlush = performance.now();
		if (this.destroyed) return;
		const outbox = this.outbox;
		this.outbox = [];
		if (outbox.length > 0) this.broadcastUpdates(outbox);
		this.turnStart = null;
	};

	/** Sends the awareness changes gathered since the last send, then waits AWARENESS_INTERVAL_MS. */
	private flushAwareness = (): void => {
		this.awarenessFlushScheduled = false;
		if (this.destroyed || this.awarenessChanged.size === 0) return;
		const ids = [...this.awarenessChanged];
		this.awarenessChanged.clear();
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
		const message = encodeMessage(MESSAGE_AWARENESS, update);
		// A client's own state alone is news only to the others. The provider's watchdog counts
		// that echo as a sign of life, though, so a socket that got nothing lately still gets it.
		const onlyFrom = ids.length === 1 ? ids[0] : null;
		for (const conn of this.connections) {
			if (conn.clientId === onlyFrom && conn.sentWithin(OWN_ECHO_SKIP_MS)) continue;
			conn.send(message);
		}
		if (this.fanout && this.awarenessToPublish.size > 0) {
			this.fanout.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awarenessToPublish]));
		}
		this.awarenessToPublish.clear();
		this.awarenessTimer = setTimeout(() => {
			this.awarenessTimer = null;
			this.flushAwareness();
		}, this.connections.size >= LARGE_ROOM ? LARGE_ROOM_AWARENESS_MS : AWARENESS_INTERVAL_MS);
	};

	private broadcastUpdates(outbox: { update: Uint8Array; from: Connection | null }[]): void {
		const local = outbox.filter((o) => o.from !== null).map((o) => o.update);
		if (this.fanout && local.length > 0) {
			if (local.length <= MERGE_LIMIT) this.fanout.publishUpdate(local.length === 1 ? local[0] : Y.mergeUpdates(local));
			else for (const update of local) this.fanout.publishUpdate(update);
		}
		if (outbox.length === 1) {
			const message = encodeSyncMessage(SYNC_UPDATE, outbox[0].update);
			for (const conn of this.connections) if (conn !== outbox[0].from) conn.send(message);
			return;
		}
		const senders = new Set(outbox.map((o) => o.from));
		if (outbox.length > MERGE_LIMIT && this.turnStart) {
			// A burst: merging many updates with Y.mergeUpdates is slow, so encode what the
			// document gained this turn instead (compact, its items already merged). Senders get
			// their own changes back too, which Yjs ignores.
			const message = encodeSyncMessage(SYNC_UPDATE, encodeIntegrated(this.doc, this.turnStart));
			const only = senders.size === 1 ? outbox[0].from : null;
			for (const conn of this.connections) if (conn !== only) conn.send(message);
			return;
		}
		const all = encodeSyncMessage(SYNC_UPDATE, Y.mergeUpdates(outbox.map((o) => o.update)));
		for (const conn of this.connections) {
			if (!senders.has(conn)) {
				conn.send(all);
				continue;
			}
			// A sender gets everyone else's changes of this turn, not its own back.
			const others = outbox.filter((o) => o.from !== conn).map((o) => o.update);
			if (others.length > 0) conn.send(encodeSyncMessage(SYNC_UPDATE, others.length === 1 ? others[0] : Y.mergeUpdates(others)));
		}
	}

	// --- maintenance ---------------------------------------------------------------------

	/** The log passed the threshold: compact once writes pause (each call restarts the wait). */
	private compactWhenQuiet(): void {
		if (this.compactTimer) clearTimeout(this.compactTimer);
		this.compactTimer = null;
		if (this.writer.rowsSinceCompaction >= this.settings.compactAfterRows * COMPACT_FORCE_FACTOR) {
			void this.compact();
			return;
		}
		this.compactTimer = setTimeout(() => {
			this.compactTimer = null;
			if (!this.destroyed) void this.compact();
		}, COMPACT_QUIET_MS);
	}

	async compact(): Promise<void> {
		if (this.compacting) return;
		this.compacting = true;
		try {
			const rows = await this.store.compact(this.documentId);
			this.writer.rowsSinceCompaction = Math.max(0, this.writer.rowsSinceCompaction - rows);
			this.events.emit('compacted', { documentId: this.documentId, rows });
		} catch (error) {
			this.events.emit('compaction-failed', { documentId: this.documentId, error });
		} finally {
			this.compacting = false;
		}
	}

	closeAll(code: number, reason: string): void {
		for (const conn of [...this.connections]) conn.close(code, reason);
	}

	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		this.writer.stop();
		this.projector.stop();
		if (this.resyncTimer) clearInterval(this.resyncTimer);
		if (this.savedNotifyTimer) clearTimeout(this.savedNotifyTimer);
		if (this.compactTimer) clearTimeout(this.compactTimer);
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
		this.fanout?.close();
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
	if (a === b) return true;
	if (a === null || b === null || a.byteLength !== b.byteLength) return false;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
	return true;
}
