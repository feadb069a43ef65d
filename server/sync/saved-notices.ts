import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MESSAGE_SAVED } from '../../src/lib/sync/protocol';
import type { Connection } from './connection';
import { encodeMessage } from './room-messages';
import type { RoomTimings } from './room-timings';

/**
 * What a room has saved (a state vector that only grows, per client the maximum) and the
 * `MESSAGE_SAVED` notices its sockets get: at once, then at most every `savedNotifyMs` while
 * saves keep coming — under load one write commits per turn, and telling every socket each time
 * would double the traffic for a status label — and once more after the last one.
 */
export class SavedNotices {
	private stateVector: Uint8Array;
	private timer: NodeJS.Timeout | null = null;
	private pending = false;
	private stopped = false;

	constructor(
		initial: Uint8Array,
		private readonly connections: ReadonlySet<Connection>,
		private readonly timings: RoomTimings
	) {
		this.stateVector = initial;
	}

	get state(): Uint8Array {
		return this.stateVector;
	}

	/** Starts over from what a load read (nothing to tell: sockets join after it). */
	reset(stateVector: Uint8Array): void {
		this.stateVector = stateVector;
	}

	/** Merges `stateVector` in; whether it grew. Throws on one that does not decode. */
	merge(stateVector: Uint8Array): boolean {
		const merged = Y.decodeStateVector(this.stateVector);
		let grew = false;
		for (const [client, clock] of Y.decodeStateVector(stateVector)) {
			if (clock > (merged.get(client) ?? 0)) {
				merged.set(client, clock);
				grew = true;
			}
		}
		if (!grew) return false;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, merged.size);
		for (const [client, clock] of merged) {
			encoding.writeVarUint(encoder, client);
			encoding.writeVarUint(encoder, clock);
		}
		this.stateVector = encoding.toUint8Array(encoder);
		return true;
	}

	/** The current saved state, for a socket that just joined. */
	welcome(conn: Connection): void {
		conn.send(encodeMessage(MESSAGE_SAVED, this.stateVector));
	}

	/** Tells the room what is saved, at most every `savedNotifyMs`. */
	notify(): void {
		if (this.stopped) return;
		if (this.timer) {
			this.pending = true;
			return;
		}
		const message = encodeMessage(MESSAGE_SAVED, this.stateVector);
		for (const conn of this.connections) conn.send(message);
		this.timer = setTimeout(() => {
			this.timer = null;
			if (this.pending) {
				this.pending = false;
				this.notify();
			}
		}, this.timings.savedNotifyMs);
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
	}
}
