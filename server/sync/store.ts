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
import { LogBatcher } from './log-batcher';

/**
 * Everything the sync server asks of the database, behind one small interface (y-sweet's
 * `store/mod.rs` is the model): rooms never see SQL, and tests wrap it to simulate an outage.
 */
export interface SyncStore {
	load(documentId: string): Promise<StoredDocument>;
	/** Resolves once the rows are committed (one transaction): from then on the updates count as saved. */
	append(documentId: string, updates: readonly Uint8Array[]): Promise<void>;
	/** Folds the log into the state; returns how many rows it folded. */
	compact(documentId: string): Promise<number>;
	/** `rowsUnchanged`: this writer wrote the same lesson and process-change rows last time. */
	project(documentId: string, orgId: string, projection: DocumentProjection, options?: { rowsUnchanged?: boolean }): Promise<void>;
	/** Session validity and current role, per document and session id, in one round of queries. */
	checkAccess(rooms: ReadonlyMap<string, readonly string[]>): Promise<Map<string, Map<string, SessionAccess>>>;
}

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
 * Merges a stored state and log rows into one update. A Y.Doc (rather than `Y.mergeUpdates`)
 * garbage-collects deleted content; structs still waiting for a missing dependency are not part
 * of the doc's encoded state, so they are merged back in explicitly — dropping them would lose
 * saved updates.
 */
export function mergeStoredUpdates(state: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc({ gc: true });
	try {
		applyStoredDocument(doc, { state, updates: updates.map((data) => ({ data })) });
		const parts = [Y.encodeStateAsUpdate(doc)];
		if (doc.store.pendingStructs) parts.push(doc.store.pendingStructs.update);
		if (doc.store.pendingDs) parts.push(doc.store.pendingDs);
		return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
	} finally {
		doc.destroy();
	}
}

/** Log statements start at least this far apart (log-batcher.ts). */
const LOG_STATEMENT_INTERVAL_MS = 100;

export function databaseStore(db: Db, policy: SessionPolicy): SyncStore {
	// One writer for every room: their rows share statements (log-batcher.ts).
	const log = new LogBatcher((rows) => appendDocumentUpdatesOfMany(db, rows), LOG_STATEMENT_INTERVAL_MS);
	return {
		load: (documentId) => loadDocumentLog(db, documentId),
		append: (documentId, updates) => log.append(documentId, updates),
		compact: (documentId) => compactDocumentLog(db, documentId, mergeStoredUpdates),
		project: (documentId, orgId, projection, options) =>
			writeDocumentProjection(db, { documentId, orgId, projection, rowsUnchanged: options?.rowsUnchanged }),
		checkAccess: (rooms) => checkSessionsAccess(db, rooms, policy)
	};
}
