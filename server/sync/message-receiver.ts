import * as decoding from 'lib0/decoding';
import { CloseCode } from '../../src/lib/sync/close-codes';
import {
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	SYNC_STEP1,
	SYNC_STEP2,
	SYNC_UPDATE
} from '../../src/lib/sync/protocol';
import type { Connection } from './connection';
import type { Room } from './room';

/**
 * Reads one y-websocket message from a client and hands it to the room. Size and rate are
 * checked first; anything that does not decode, has trailing bytes or is of a type a client
 * must not send closes this connection only (InvalidMessage), never the room.
 */
export function receiveMessage(room: Room, conn: Connection, data: Uint8Array, maxBytes: number): void {
	if (conn.closed) return;
	if (!conn.takeToken()) {
		conn.close(CloseCode.RateLimited, 'too many messages');
		return;
	}
	if (data.byteLength > maxBytes) {
		conn.close(CloseCode.MessageTooLarge, 'message too large');
		return;
	}
	let type: number;
	let subType = -1;
	let payload: Uint8Array | null = null;
	try {
		const decoder = decoding.createDecoder(data);
		type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			subType = decoding.readVarUint(decoder);
			payload = decoding.readVarUint8Array(decoder);
		} else if (type === MESSAGE_AWARENESS) {
			payload = decoding.readVarUint8Array(decoder);
		}
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
	} catch {
		conn.close(CloseCode.InvalidMessage, 'malformed message');
		return;
	}
	try {
		switch (type) {
			case MESSAGE_SYNC:
				if (subType === SYNC_STEP1) room.answerStep1(conn, payload as Uint8Array);
				else if (subType === SYNC_STEP2 || subType === SYNC_UPDATE) room.receiveUpdate(conn, payload as Uint8Array, subType);
				else conn.close(CloseCode.InvalidMessage, 'unknown sync message');
				return;
			case MESSAGE_AWARENESS:
				room.receiveAwareness(conn, payload as Uint8Array);
				return;
			case MESSAGE_QUERY_AWARENESS:
				room.answerAwarenessQuery(conn);
				return;
			default:
				conn.close(CloseCode.InvalidMessage, 'unknown message type');
		}
	} catch {
		// e.g. a state vector that does not decode.
		conn.close(CloseCode.InvalidMessage, 'invalid message');
	}
}
