/**
 * A room's timings, in one place so tests can shorten them and wait on conditions instead of
 * real seconds (`SyncSettings.roomTimings`). The defaults are what production runs.
 */
export interface RoomTimings {
	/**
	 * Saved notifications to a room are at most this frequent (the first one is immediate, the
	 * last one of a busy spell leaves when the interval ends): a status label needs no more.
	 */
	savedNotifyMs: number;
	/**
	 * Awareness (carets, presence) leaves a room at most this often; a change after a quiet spell
	 * leaves at once. Every provider re-broadcasts each remote awareness change it receives, so
	 * each broadcast comes back from every client: at a keystroke's pace in a busy room that echo,
	 * not the text, would be most of the traffic. Carets are anchored to relative positions, so
	 * they stay right while text arrives in between (Liveblocks throttles presence to 100 ms too).
	 */
	awarenessIntervalMs: number;
	/**
	 * y-websocket's provider reconnects after 30 s without any message; its own awareness renewal
	 * (every 15 s) echoed back is what keeps a lone client's socket alive. Well inside both: a
	 * socket that got nothing for this long still gets its own state back.
	 */
	ownEchoSkipMs: number;
	/**
	 * A compaction (a transaction plus a rebuild of the document from every row) stalls the event
	 * loop for tens of milliseconds, so while a room is busy it waits until writes pause this
	 * long; only a log `compactForceFactor` times over the threshold is compacted regardless.
	 */
	compactQuietMs: number;
	compactForceFactor: number;
	/**
	 * A room of at least `largeRoom` clients is "large": each broadcast costs every client a
	 * message to decode and a Yjs transaction, so after one leaves, updates gather
	 * `largeRoomCoalesceMs` before the next (the first after a pause still leaves at the end of its
	 * turn), and awareness leaves at most every `largeRoomAwarenessMs`. Smaller rooms — most
	 * teams — broadcast every turn.
	 */
	largeRoom: number;
	largeRoomCoalesceMs: number;
	largeRoomAwarenessMs: number;
}

export const DEFAULT_ROOM_TIMINGS: Readonly<RoomTimings> = {
	savedNotifyMs: 500,
	awarenessIntervalMs: 100,
	ownEchoSkipMs: 5000,
	compactQuietMs: 3000,
	compactForceFactor: 10,
	largeRoom: 50,
	largeRoomCoalesceMs: 16,
	largeRoomAwarenessMs: 200
};

export function roomTimings(overrides: Partial<RoomTimings> = {}): RoomTimings {
	return { ...DEFAULT_ROOM_TIMINGS, ...overrides };
}
