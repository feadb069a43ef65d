import * as encoding from 'lib0/encoding';
import { MESSAGE_SYNC } from '../../src/lib/sync/protocol';

/** A sync message (step 1, step 2 or update) as y-websocket frames it. */
export function encodeSyncMessage(subType: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, subType);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A message of `type` carrying one byte array (awareness, saved). */
export function encodeMessage(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A room's link to other instances (redis-fanout.ts); absent with one instance. */
export interface RoomFanout {
	publishUpdate(update: Uint8Array): void;
	publishAwareness(update: Uint8Array): void;
	publishStateVector(stateVector: Uint8Array): void;
	/** This instance committed everything up to this state vector. */
	publishSaved(stateVector: Uint8Array): void;
	close(): void;
}
