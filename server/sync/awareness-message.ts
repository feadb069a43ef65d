import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Awareness updates as y-protocols encodes them — `[count, (clientID, clock, JSON state)*]` —
 * read with bounds, so the room's `Awareness` only ever sees entries the server has vetted
 * (own client id, size cap, identity from the session; see room.ts).
 */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** The parsed state; null means "this client left". */
	state: Record<string, unknown> | null;
}

export class AwarenessMessageError extends Error {
	constructor(
		message: string,
		/** True when the message was well-formed but a state exceeded the size cap. */
		readonly tooLarge = false
	) {
		super(message);
		this.name = 'AwarenessMessageError';
	}
}

/** At most this many entries in one message (the provider sends the changed clients of one event). */
const MAX_ENTRIES = 1000;

/** One decoder for every message (`fatal`: invalid UTF-8 throws; it keeps no state between calls). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every entry with bounds; states are parsed only for `onlyClientId` when given (the
 * connection's pinned id): the room drops every other entry unread anyway, and the provider
 * echoes all its peers' states, so parsing them would cost JSON work per peer per keystroke.
 */
export function parseAwarenessUpdate(update: Uint8Array, maxStateBytes: number, onlyClientId: number | null = null): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const entries: AwarenessEntry[] = [];
	try {
		const count = decoding.readVarUint(decoder);
		if (count > MAX_ENTRIES) throw new AwarenessMessageError('too many awareness entries');
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const raw = decoding.readVarUint8Array(decoder);
			if (raw.byteLength > maxStateBytes) throw new AwarenessMessageError('awareness state too large', true);
			if (onlyClientId !== null && clientId !== onlyClientId) continue;
			const state: unknown = JSON.parse(utf8.decode(raw));
			if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
				throw new AwarenessMessageError('awareness state is not an object');
			entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
		}
	} catch (error) {
		if (error instanceof AwarenessMessageError) throw error;
		throw new AwarenessMessageError(`awareness message does not decode: ${String(error)}`);
	}
	if (decoding.hasContent(decoder)) throw new AwarenessMessageError('trailing bytes after awareness update');
	return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}
