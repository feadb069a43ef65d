import * as Y from 'yjs';

/** Applies a stored state and the log rows after it to `doc`, in one transaction. */
export function applyStoredDocument(
	doc: Y.Doc,
	stored: { state: Uint8Array | null; updates: readonly { data: Uint8Array }[] },
	origin: unknown = null
): void {
	Y.transact(
		doc,
		() => {
			if (stored.state) Y.applyUpdate(doc, stored.state, origin);
			for (const row of stored.updates) Y.applyUpdate(doc, row.data, origin);
		},
		origin
	);
}

/**
 * The document's integrated content as an update, without the structs and deletes Yjs keeps
 * pending for a missing dependency (`Y.encodeStateAsUpdate` adds those). Rooms send and store
 * only this: pending content handed to a client would come back in its sync step 2 as a gap in
 * someone else's range.
 */
export function encodeIntegrated(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
	const store = doc.store;
	const { pendingStructs, pendingDs } = store;
	if (!pendingStructs && !pendingDs) return Y.encodeStateAsUpdate(doc, stateVector);
	store.pendingStructs = null;
	store.pendingDs = null;
	try {
		return Y.encodeStateAsUpdate(doc, stateVector);
	} finally {
		store.pendingStructs = pendingStructs;
		store.pendingDs = pendingDs;
	}
}
