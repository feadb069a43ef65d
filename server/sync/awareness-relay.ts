import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../../src/lib/sync/close-codes';
import { MESSAGE_AWARENESS } from '../../src/lib/sync/protocol';
import { AwarenessMessageError, encodeAwarenessEntries, parseAwarenessUpdate } from './awareness-message';
import type { Connection } from './connection';
import { encodeMessage, type RoomFanout } from './room-messages';
import type { RoomTimings } from './room-timings';

/** Origin of awareness changes relayed from another instance. */
export const REMOTE_AWARENESS = Symbol('remote-awareness');

/**
 * A room's presence: one `Awareness` (stale clocks dropped), entries taken only for a socket's
 * own client id with `user` from the session, sent at most every `awarenessIntervalMs`
 * (`largeRoomAwarenessMs` in a large room), the first change after a pause at once.
 */
export class AwarenessRelay {
	readonly awareness: awarenessProtocol.Awareness;
	private readonly changed = new Set<number>();
	/** Changes of this instance's own sockets, for the other instances. */
	private readonly toPublish = new Set<number>();
	private flushScheduled = false;
	private timer: NodeJS.Timeout | null = null;
	private stopped = false;

	constructor(
		doc: Y.Doc,
		private readonly connections: ReadonlySet<Connection>,
		private readonly fanout: () => RoomFanout | null,
		private readonly maxAwarenessBytes: number,
		private readonly timings: RoomTimings,
		/** Whether `conn` may pin `clientId` as its own (the room's rules on client ids). */
		private readonly mayPin: (conn: Connection, clientId: number) => boolean,
		/** `conn` pinned its client id. */
		private readonly onPinned: (conn: Connection) => void
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		// The server is not a participant: no local state of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.onUpdate);
	}

	/** Everyone's state, for a socket that just joined (nothing when nobody is here). */
	welcome(conn: Connection): void {
		if (this.awareness.getStates().size === 0) return;
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]);
		conn.send(encodeMessage(MESSAGE_AWARENESS, update));
	}

	/**
	 * An awareness message from a client: only the entry for the connection's own client id is
	 * taken (the provider also relays everyone else's, which are dropped), its `user` replaced by
	 * the session's identity; the Awareness keeps it only if its clock is newer.
	 */
	receive(conn: Connection, update: Uint8Array): void {
		let entries;
		try {
			entries = parseAwarenessUpdate(update, this.maxAwarenessBytes, conn.clientId);
		} catch (error) {
			const tooLarge = error instanceof AwarenessMessageError && error.tooLarge;
			conn.close(tooLarge ? CloseCode.InvalidAwareness : CloseCode.InvalidMessage, 'invalid awareness');
			return;
		}
		const accepted = [];
		for (const entry of entries) {
			if (conn.clientId === null) {
				// Pin the first id that nobody in the room speaks for yet (and the room allows).
				if (entry.state === null || this.awareness.getStates().has(entry.clientId) || !this.mayPin(conn, entry.clientId)) continue;
				conn.clientId = entry.clientId;
				this.onPinned(conn);
			}
			if (entry.clientId !== conn.clientId) continue;
			accepted.push({
				...entry,
				state: entry.state === null ? null : { ...entry.state, user: conn.identity.user }
			});
		}
		if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
	}

	/** Everyone's awareness, for a query-awareness message. */
	answerQuery(conn: Connection): void {
		const ids = [...this.awareness.getStates().keys()];
		conn.send(encodeMessage(MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
	}

	/** The connection left: its state goes. */
	remove(conn: Connection): void {
		if (conn.clientId !== null && this.awareness.getStates().has(conn.clientId)) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [conn.clientId], conn);
		}
	}

	/** States relayed from another instance; throws on bytes that do not decode. */
	applyRemote(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_AWARENESS);
	}

	/** The states of this instance's own sockets, for another instance that may have missed them. */
	encodeOwn(): Uint8Array | null {
		const own = [...this.connections].map((c) => c.clientId).filter((id): id is number => id !== null && this.awareness.getStates().has(id));
		return own.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, own) : null;
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.awareness.off('update', this.onUpdate);
		this.awareness.destroy();
	}

	private onUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		for (const id of [...added, ...updated, ...removed]) {
			this.changed.add(id);
			if (origin !== REMOTE_AWARENESS) this.toPublish.add(id);
		}
		if (this.timer || this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(this.flush);
	};

	/** Sends the changes gathered since the last send, then waits the interval. */
	private flush = (): void => {
		this.flushScheduled = false;
		if (this.stopped || this.changed.size === 0) return;
		const ids = [...this.changed];
		this.changed.clear();
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
		const message = encodeMessage(MESSAGE_AWARENESS, update);
		// A client's own state alone is news only to the others. The provider's watchdog counts
		// that echo as a sign of life, though, so a socket that got nothing lately still gets it.
		const onlyFrom = ids.length === 1 ? ids[0] : null;
		for (const conn of this.connections) {
			if (conn.clientId === onlyFrom && conn.sentWithin(this.timings.ownEchoSkipMs)) continue;
			conn.send(message);
		}
		const fanout = this.fanout();
		if (fanout && this.toPublish.size > 0) fanout.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.toPublish]));
		this.toPublish.clear();
		const interval = this.connections.size >= this.timings.largeRoom ? this.timings.largeRoomAwarenessMs : this.timings.awarenessIntervalMs;
		this.timer = setTimeout(() => {
			this.timer = null;
			this.flush();
		}, interval);
	};
}
