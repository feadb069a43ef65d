import * as Y from 'yjs';
import { SYNC_UPDATE } from '../../src/lib/sync/protocol';
import type { Connection } from './connection';
import { MERGE_LIMIT } from './document-writer';
import { encodeSyncMessage, type RoomFanout } from './room-messages';
import type { RoomTimings } from './room-timings';
import { encodeIntegrated } from '../../src/lib/sync/integrated-state';

interface Outgoing {
	update: Uint8Array;
	/** The connection it came from (it does not get it back); null from another instance. */
	from: Connection | null;
}

/**
 * A room's outbound document updates, coalesced per event-loop turn: everything accepted during
 * one turn leaves in one message per recipient (merged with `Y.mergeUpdates`, or in a burst the
 * document's gain since the turn began), and this instance's part goes to the other instances.
 * In a large room a broadcast waits `largeRoomCoalesceMs` after the previous one.
 */
export class Broadcaster {
	private outbox: Outgoing[] = [];
	/** The document's state vector before the first update of this turn. */
	private turnStart: Uint8Array | null = null;
	private scheduled = false;
	private lastFlush = 0;
	private timer: NodeJS.Timeout | null = null;
	private immediate: NodeJS.Immediate | null = null;
	private stopped = false;

	constructor(
		private readonly doc: Y.Doc,
		private readonly connections: ReadonlySet<Connection>,
		private readonly fanout: () => RoomFanout | null,
		private readonly timings: RoomTimings
	) {}

	/** Call before applying an update: the first of a turn records where the turn began. */
	markTurnStart(): void {
		if (this.outbox.length === 0) this.turnStart = Y.encodeStateVector(this.doc);
	}

	push(update: Uint8Array, from: Connection | null): void {
		this.outbox.push({ update, from });
		if (this.scheduled || this.stopped) return;
		this.scheduled = true;
		const wait = this.connections.size >= this.timings.largeRoom ? this.lastFlush + this.timings.largeRoomCoalesceMs - performance.now() : 0;
		if (wait > 0) this.timer = setTimeout(this.flush, wait);
		else this.immediate = setImmediate(this.flush);
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		if (this.immediate) clearImmediate(this.immediate);
	}

	private flush = (): void => {
		this.scheduled = false;
		this.timer = null;
		this.immediate = null;
		this.lastFlush = performance.now();
		if (this.stopped) return;
		const outbox = this.outbox;
		this.outbox = [];
		if (outbox.length > 0) this.send(outbox);
		this.turnStart = null;
	};

	private send(outbox: Outgoing[]): void {
		const fanout = this.fanout();
		const local = outbox.filter((o) => o.from !== null).map((o) => o.update);
		if (fanout && local.length > 0) {
			if (local.length <= MERGE_LIMIT) fanout.publishUpdate(local.length === 1 ? local[0] : Y.mergeUpdates(local));
			else for (const update of local) fanout.publishUpdate(update);
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
}
