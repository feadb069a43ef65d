import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/close-codes';
import { SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../../src/lib/sync/protocol';
import { AwarenessRelay } from './awareness-relay';
import { Broadcaster } from './broadcaster';
import { Compaction } from './compaction';
import type { Connection } from './connection';
import type { DocumentSize } from './document-size';
import { DocumentWriter } from './document-writer';
import { changesContent } from './edit-tally';
import type { SyncEvents } from './events';
import { Projector } from './projector';
import { encodeSyncMessage, type RoomFanout } from './room-messages';
import { roomTimings, type RoomTimings } from './room-timings';
import { SavedNotices } from './saved-notices';
import type { SyncSettings } from './settings';
import type { StoredDocument } from '../../src/lib/server/repositories/document-log';
import { applyStoredDocument, encodeIntegrated } from '../../src/lib/sync/integrated-state';
import type { SyncStore } from './store';
import { Parking, parkingLimits, type ParkingLimits } from './parking';
import { validateUpdate, type UpdateAuthor, type Wait } from './validate-update';

export { encodeSyncMessage, type RoomFanout } from './room-messages';

/** Transaction origins, so an update is stored once and fanned out once (Hocuspocus's habit). */
const LOAD_ORIGIN = Symbol('load');
export const REMOTE_ORIGIN = Symbol('remote');

/**
 * One document in memory: its Y.Doc, the connections on it, what they may write (validation,
 * client-id owners, parked updates), and the parts that run on timers, each in its own file:
 * broadcasts (broadcaster.ts), presence (awareness-relay.ts), saved notices (saved-notices.ts)
 * and compaction (compaction.ts), all timed by `RoomTimings` (room-timings.ts). The writer
 * persists accepted updates; the projector derives SQL rows.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
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
	readonly timings: RoomTimings;
	destroyed = false;
	/** The room takes no one new and is unloading for good (set by the registry, e.g. when its document was deleted). */
	poisoned = false;
	private readonly broadcaster: Broadcaster;
	private readonly presence: AwarenessRelay;
	private readonly saved: SavedNotices;
	private readonly compaction: Compaction;
	private staged: Uint8Array[] = [];
	/** Whether the staged update of the same index changed the document's content (not only comments). */
	private stagedContent: boolean[] = [];
	private resyncTimer: NodeJS.Timeout | null = null;
	/**
	 * The whole document as a sync step 2, for clients that have nothing yet (a fresh tab, a new
	 * device): several of them opening a document at once share one encoding. Dropped on change.
	 */
	private fullStateMessage: Uint8Array | null = null;

	private constructor(
		readonly documentId: string,
		readonly orgId: string,
		store: SyncStore,
		settings: SyncSettings,
		private readonly events: SyncEvents,
		loadedRows: number,
		private readonly onIdle: (room: Room) => void,
		limits: ParkingLimits = parkingLimits(settings.maxMessageBytes)
	) {
		this.timings = roomTimings(settings.roomTimings);
		this.parking = new Parking(limits);
		const fanout = () => this.fanout;
		this.broadcaster = new Broadcaster(this.doc, this.connections, fanout, this.timings);
		this.presence = new AwarenessRelay(
			this.doc,
			this.connections,
			fanout,
			settings.maxAwarenessBytes,
			this.timings,
			(conn, clientId) => this.mayPin(conn, clientId),
			(conn) => {
				if (this.synced.has(conn)) this.markSynced(conn);
			}
		);
		this.saved = new SavedNotices(Y.encodeStateVector(this.doc), this.connections, this.timings);
		this.writer = new DocumentWriter(
			documentId,
			store,
			{
				stateVector: () => Y.encodeStateVector(this.doc),
				encodeSince: (sv) => encodeIntegrated(this.doc, sv),
				onSaved: (sv) => this.markSaved(sv, true),
				onError: (error, attempt) => this.events.emit('save-failed', { documentId, error, attempt }),
				onCompactionDue: () => this.compaction.whenQuiet()
			},
			settings.compactAfterRows,
			loadedRows
		);
		this.compaction = new Compaction(documentId, store, () => this.writer, events, settings.compactAfterRows, this.timings);
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
		this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) =>
			this.onDocUpdate(update, origin, transaction)
		);
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
		room.saved.reset(Y.encodeStateVector(room.doc));
		room.writer.markBaseline();
		return room;
	}

	/** The room's presence (one Awareness for all its sockets). */
	get awareness() {
		return this.presence.awareness;
	}

	get savedState(): Uint8Array {
		return this.saved.state;
	}

	/**
	 * Everything up to `stateVector` is committed — by this instance (`local`) or, with Redis,
	 * by another one. Saved state only grows (per-client maximum), and the room is told.
	 */
	markSaved(stateVector: Uint8Array, local: boolean): void {
		let grew: boolean;
		try {
			grew = this.saved.merge(stateVector);
		} catch (error) {
			this.events.emit('fanout-error', { error });
			return;
		}
		if (!grew && !local) return;
		this.saved.notify();
		if (local) {
			this.fanout?.publishSaved(stateVector);
			this.events.emit('saved', { documentId: this.documentId });
		}
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
		this.presence.welcome(conn);
		this.saved.welcome(conn);
	}

	/** An upgrade that held the room failed before its socket joined. */
	abandonJoin(): void {
		this.pendingJoins -= 1;
		this.checkIdle();
	}

	private leave(conn: Connection): void {
		if (!this.connections.delete(conn)) return;
		this.parking.drop(conn);
		this.presence.remove(conn);
		// A client id that wrote nothing has nothing to protect: forgetting it keeps the owners
		// bounded by the document's authors, however many sockets come and go.
		if (conn.clientId !== null && this.clientOwners.get(conn.clientId) === conn.userId && Y.getState(this.doc.store, conn.clientId) === 0)
			this.clientOwners.delete(conn.clientId);
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
	 * update touches the document. A step 2 is the client's whole state, which after a server
	 * crash can hold others' edits the server lost: what of it the sender may not write under
	 * others' client ids is left out (their authors send it again) and the rest applies; a step 2
	 * the sender itself wrote out of scope is dropped rather than answered with a close. An update that depends on
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
		// A step 2 is the sender's whole state: what it relays but may not write is left out.
		const verdict = validateUpdate(this.doc, update, this.authorOf(conn), { relayed: subType === SYNC_STEP2 ? 'drop' : 'deny' });
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
				// Like a denied step 2, a step 2 whose own comment writes break the rules is dropped
				// without a close: one made before a role changed (an editor's resolve on another's
				// thread) would otherwise shut the user out of the document on every reconnect.
				case 'comment':
					if (subType !== SYNC_STEP2) conn.close(CloseCode.CommentRejected, 'comment rejected');
					break;
				case 'unresolved':
					this.park(conn, verdict.update ?? update, subType, verdict.waitsFor);
					break;
			}
			return [];
		}
		if (!this.apply(conn, verdict.update ?? update)) return [];
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
		this.stagedContent = [];
		this.broadcaster.markTurnStart();
		let failure: unknown = null;
		try {
			Y.applyUpdate(this.doc, update, conn);
		} catch (error) {
			failure = error;
		}
		const changes = this.staged;
		const content = this.stagedContent;
		this.staged = [];
		this.stagedContent = [];
		for (let i = 0; i < changes.length; i++) this.accept(changes[i], conn, content[i]);
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

	private onDocUpdate(update: Uint8Array, origin: unknown, transaction?: Y.Transaction): void {
		this.fullStateMessage = null;
		if (origin === LOAD_ORIGIN) return;
		if (origin === REMOTE_ORIGIN) {
			// Another instance stores it; here it is only relayed.
			this.broadcaster.push(update, null);
			this.projector.touch();
			return;
		}
		this.staged.push(update);
		this.stagedContent.push(transaction !== undefined && changesContent(transaction));
	}

	/** `content`: it changed the title or body, so it counts as its sender's edit of the day. */
	private accept(update: Uint8Array, from: Connection, content: boolean): void {
		this.writer.enqueue(update, false, content ? from.userId : null);
		this.broadcaster.push(update, from);
		this.projector.touch();
	}

	/** An awareness message from a client (awareness-relay.ts). */
	receiveAwareness(conn: Connection, update: Uint8Array): void {
		this.presence.receive(conn, update);
	}

	/**
	 * Whether `conn` may pin `clientId` as its own: no other socket here speaks for it, and no
	 * other user synced under it (its content would then be theirs to write).
	 */
	private mayPin(conn: Connection, clientId: number): boolean {
		for (const other of this.connections) if (other !== conn && other.clientId === clientId) return false;
		const owner = this.clientOwners.get(clientId);
		return owner === undefined || owner === conn.userId;
	}

	/** Everyone's awareness, for a query-awareness message. */
	answerAwarenessQuery(conn: Connection): void {
		this.presence.answerQuery(conn);
	}

	// --- from other instances --------------------------------------------------------------

	applyRemoteUpdate(update: Uint8Array): void {
		this.broadcaster.markTurnStart();
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
			this.presence.applyRemote(update);
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
			const own = this.presence.encodeOwn();
			if (own) fanout.publishAwareness(own);
			fanout.publishSaved(this.saved.state);
		};
		resync();
		this.resyncTimer = setInterval(resync, resyncMs);
		this.resyncTimer.unref();
	}

	// --- maintenance ---------------------------------------------------------------------

	/** Folds the log into the stored state now (compaction.ts). */
	compact(): Promise<void> {
		return this.compaction.run();
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
		this.broadcaster.stop();
		this.saved.stop();
		this.compaction.stop();
		this.presence.stop();
		this.fanout?.close();
		this.doc.destroy();
	}
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
	if (a === b) return true;
	if (a === null || b === null || a.byteLength !== b.byteLength) return false;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
	return true;
}
