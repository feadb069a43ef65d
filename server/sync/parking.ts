import type { Connection } from './connection';
import type { Wait } from './validate-update';

/**
 * Updates that wait, outside the document, for content the room does not have yet (a reference
 * to it, a delete of it, or — for the connection's own client id — the range before it). After a
 * server crash an honest client can send such updates before the sync step 2 that carries what
 * they build on; an attacker can send them forever. So they are never applied to the Y.Doc (Yjs
 * would keep them pending, store them and replay them on every load), they count against caps
 * per connection, per user and per room, and each is tried again only when the room's state of
 * the client it waits for reaches the clock it waits for — not after every keystroke.
 */
export interface ParkedUpdate {
	readonly conn: Connection;
	readonly update: Uint8Array;
	readonly subType: number;
	readonly waitsFor: Wait;
	/** Arrival order: ready updates are tried again in it. */
	readonly seq: number;
}

export interface ParkingLimits {
	perConnection: { updates: number; bytes: number };
	perUser: { updates: number; bytes: number };
	perRoom: { updates: number; bytes: number };
}

/** Caps for a room whose messages are at most `maxMessageBytes`. */
export function parkingLimits(maxMessageBytes: number): ParkingLimits {
	return {
		perConnection: { updates: 1000, bytes: maxMessageBytes },
		perUser: { updates: 1000, bytes: 2 * maxMessageBytes },
		perRoom: { updates: 4000, bytes: 8 * maxMessageBytes }
	};
}

interface Tally {
	updates: number;
	bytes: number;
}

export type ParkResult = 'parked' | 'connection-full' | 'user-full' | 'room-full';

export class Parking {
	/** Per client waited for, in ascending order of the clock waited for. */
	private readonly byClient = new Map<number, ParkedUpdate[]>();
	private readonly byConnection = new Map<Connection, Set<ParkedUpdate>>();
	private readonly connectionTally = new Map<Connection, Tally>();
	private readonly userTally = new Map<string, Tally>();
	private readonly roomTally: Tally = { updates: 0, bytes: 0 };
	private seq = 0;

	constructor(private readonly limits: ParkingLimits) {}

	get size(): number {
		return this.roomTally.updates;
	}

	get bytes(): number {
		return this.roomTally.bytes;
	}

	/** How many updates of `userId` wait in this room. */
	countOf(userId: string): number {
		return this.userTally.get(userId)?.updates ?? 0;
	}

	park(conn: Connection, update: Uint8Array, subType: number, waitsFor: Wait): ParkResult {
		const bytes = update.byteLength;
		const connTally = this.connectionTally.get(conn) ?? { updates: 0, bytes: 0 };
		const userTally = this.userTally.get(conn.userId) ?? { updates: 0, bytes: 0 };
		const over = (t: Tally, cap: { updates: number; bytes: number }) => t.updates + 1 > cap.updates || t.bytes + bytes > cap.bytes;
		if (over(connTally, this.limits.perConnection)) return 'connection-full';
		if (over(userTally, this.limits.perUser)) return 'user-full';
		if (over(this.roomTally, this.limits.perRoom)) return 'room-full';
		const parked: ParkedUpdate = { conn, update, subType, waitsFor, seq: this.seq++ };
		for (const t of [connTally, userTally, this.roomTally]) {
			t.updates += 1;
			t.bytes += bytes;
		}
		this.connectionTally.set(conn, connTally);
		this.userTally.set(conn.userId, userTally);
		let set = this.byConnection.get(conn);
		if (!set) this.byConnection.set(conn, (set = new Set()));
		set.add(parked);
		let list = this.byClient.get(waitsFor.client);
		if (!list) this.byClient.set(waitsFor.client, (list = []));
		// Binary search for the insertion point keeps the list sorted by the clock waited for.
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (list[mid].waitsFor.clock <= waitsFor.clock) lo = mid + 1;
			else hi = mid;
		}
		list.splice(lo, 0, parked);
		return 'parked';
	}

	/**
	 * Takes out the updates waiting on `clients` whose wait is over (the room's state of that
	 * client reached the clock), in arrival order. Costs nothing for updates still waiting.
	 */
	takeReady(clients: Iterable<number>, stateOf: (client: number) => number): ParkedUpdate[] {
		const ready: ParkedUpdate[] = [];
		for (const client of clients) {
			const list = this.byClient.get(client);
			if (!list) continue;
			const state = stateOf(client);
			let n = 0;
			while (n < list.length && list[n].waitsFor.clock <= state) n++;
			if (n === 0) continue;
			for (const parked of list.splice(0, n)) {
				this.forget(parked);
				ready.push(parked);
			}
			if (list.length === 0) this.byClient.delete(client);
		}
		return ready.sort((a, b) => a.seq - b.seq);
	}

	/** The connection left: its updates stop waiting (its client sends them again on reconnect). */
	drop(conn: Connection): void {
		const set = this.byConnection.get(conn);
		if (!set) return;
		const clients = new Set<number>();
		for (const parked of [...set]) {
			clients.add(parked.waitsFor.client);
			this.forget(parked);
		}
		for (const client of clients) {
			const list = this.byClient.get(client)?.filter((p) => p.conn !== conn) ?? [];
			if (list.length === 0) this.byClient.delete(client);
			else this.byClient.set(client, list);
		}
	}

	private forget(parked: ParkedUpdate): void {
		const set = this.byConnection.get(parked.conn);
		if (!set?.delete(parked)) return;
		if (set.size === 0) this.byConnection.delete(parked.conn);
		const bytes = parked.update.byteLength;
		const connTally = this.connectionTally.get(parked.conn);
		if (connTally) {
			connTally.updates -= 1;
			connTally.bytes -= bytes;
			if (connTally.updates === 0) this.connectionTally.delete(parked.conn);
		}
		const userTally = this.userTally.get(parked.conn.userId);
		if (userTally) {
			userTally.updates -= 1;
			userTally.bytes -= bytes;
			if (userTally.updates === 0) this.userTally.delete(parked.conn.userId);
		}
		this.roomTally.updates -= 1;
		this.roomTally.bytes -= bytes;
	}
}
