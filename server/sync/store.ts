import * as Y from 'yjs';
import type { Db } from '../../src/lib/server/db';
import type { SessionPolicy } from '../../src/lib/server/auth/session';
import type { DocumentProjection } from '../../src/lib/projection/walk';
import {
	appendDocumentUpdatesOfMany,
	compactDocumentLog,
	loadDocumentLog,
	type StoredDocument
} from '../../src/lib/server/repositories/document-log';
import { checkSessionsAccess, type SessionAccess } from '../../src/lib/server/repositories/sync-access';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { applyStoredDocument, encodeIntegrated } from '../../src/lib/sync/integrated-state';
import { LogBatcher } from './log-batcher';
import type { EditCount } from './edit-tally';

/**
 * Everything the sync server asks of the database, behind one small interface (y-sweet's
 * `store/mod.rs` is the model): rooms never see SQL, and tests wrap it to simulate an outage.
 */
export interface SyncStore {
	load(documentId: string): Promise<StoredDocument>;
	/**
	 * Resolves once the rows are committed (one transaction): from then on the updates count as
	 * saved. `edits` (who sent them, per day) are counted into `document_edit_days` in the same
	 * statement.
	 */
	append(documentId: string, updates: readonly Uint8Array[], edits?: readonly EditCount[]): Promise<void>;
	/** Folds the log into the state; returns how many rows it folded. */
	compact(documentId: string): Promise<number>;
	/**
	 * `rowsUnchanged`: this writer wrote the same lesson and process-change rows last time;
	 * `commentsUnchanged`: the same comment threads and messages.
	 */
	project(
		documentId: string,
		orgId: string,
		projection: DocumentProjection,
		options?: { rowsUnchanged?: boolean; commentsUnchanged?: boolean }
	): Promise<void>;
	/** Session validity and current role, per document and session id, in one round of queries. */
	checkAccess(rooms: ReadonlyMap<string, readonly string[]>): Promise<Map<string, Map<string, SessionAccess>>>;
}

/** The pending parts of a document (Yjs keeps them in the V2 format), as V1 updates. */
function pendingParts(doc: Y.Doc): Uint8Array[] {
	const parts: Uint8Array[] = [];
	if (doc.store.pendingStructs) parts.push(Y.convertUpdateFormatV2ToV1(doc.store.pendingStructs.update));
	if (doc.store.pendingDs) parts.push(Y.convertUpdateFormatV2ToV1(doc.store.pendingDs));
	return parts;
}

/**
 * Merges a stored state and log rows into one update (compaction). A Y.Doc (rather than
 * `Y.mergeUpdates`) garbage-collects deleted content.
 *
 * Structs and deletes still waiting for a missing dependency are never reported saved (the
 * saved state vector counts integrated content only), but a row of this round can wait for a
 * row another instance commits a moment later, so pending content from this round's rows is
 * merged back in. Pending content that was already pending in the stored state — it waited a
 * whole compaction cycle and every row since — is dropped: rooms no longer accept updates that
 * would leave any (validate-update.ts), so it is garbage from before that, which every load
 * would otherwise replay forever. Its authors still hold it and send it again if it was theirs.
 */
export function mergeStoredUpdates(state: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
	const rows = updates.map((data) => ({ data }));
	const doc = new Y.Doc({ gc: true });
	try {
		applyStoredDocument(doc, { state, updates: rows });
		if (!doc.store.pendingStructs && !doc.store.pendingDs) return Y.encodeStateAsUpdate(doc);
		const integrated = encodeIntegrated(doc);
		// Pending content of this round's rows alone: the state without its pending part, then the rows.
		const fresh = new Y.Doc({ gc: true });
		try {
			if (state) Y.applyUpdate(fresh, state);
			fresh.store.pendingStructs = null;
			fresh.store.pendingDs = null;
			applyStoredDocument(fresh, { state: null, updates: rows });
			const parts = pendingParts(fresh);
			return parts.length === 0 ? integrated : Y.mergeUpdates([integrated, ...parts]);
		} finally {
			fresh.destroy();
		}
	} finally {
		doc.destroy();
	}
}

/** Log statements start at least this far apart (log-batcher.ts). */
const LOG_STATEMENT_INTERVAL_MS = 100;

export function databaseStore(db: Db, policy: SessionPolicy): SyncStore {
	// One writer for every room: their rows share statements (log-batcher.ts).
	const log = new LogBatcher((rows, edits) => appendDocumentUpdatesOfMany(db, rows, edits), LOG_STATEMENT_INTERVAL_MS);
	return {
		load: (documentId) => loadDocumentLog(db, documentId),
		append: (documentId, updates, edits) => log.append(documentId, updates, edits),
		compact: (documentId) => compactDocumentLog(db, documentId, mergeStoredUpdates),
		project: (documentId, orgId, projection, options) =>
			writeDocumentProjection(db, {
				documentId,
				orgId,
				projection,
				rowsUnchanged: options?.rowsUnchanged,
				commentsUnchanged: options?.commentsUnchanged
			}),
		checkAccess: (rooms) => checkSessionsAccess(db, rooms, policy)
	};
}
