/**
 * Message types on the sync WebSocket. 0–3 are y-websocket's own (sync, awareness, auth,
 * query-awareness); Alur adds `saved`, which y-websocket's provider accepts through its
 * `messageHandlers` table.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Server → client: `[MESSAGE_SAVED, varUint8Array(encodedStateVector)]`. Every update covered
 * by this state vector is committed in the update log (durability contract §1). The client is
 * "Tersimpan" when its own state vector is covered by it.
 */
export const MESSAGE_SAVED = 100;

/** The WebSocket path of a document's sync room. */
export function syncPath(documentId: string): string {
	return `/sync/${documentId}`;
}

/** True when every client clock in `local` is at most the clock in `saved`. */
export function isCoveredBy(local: Map<number, number>, saved: Map<number, number>): boolean {
	for (const [client, clock] of local) {
		if ((saved.get(client) ?? 0) < clock) return false;
	}
	return true;
}

/** Sub-types of MESSAGE_SYNC (y-protocols/sync). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;
