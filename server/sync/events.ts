import { EventEmitter } from 'node:events';

/** What the sync server reports, for logs and for tests that wait on conditions. */
export interface SyncEventMap {
	/** A connection was closed by the server (or dropped by the client: code from the client). */
	'connection-closed': [{ documentId: string; userId: string; code: number; reason: string; byServer: boolean }];
	'connection-opened': [{ documentId: string; userId: string }];
	/** An update was rejected; the connection was closed or the update dropped. */
	rejected: [{ documentId: string; userId: string; reason: string; detail: string }];
	saved: [{ documentId: string }];
	'save-failed': [{ documentId: string; error: unknown; attempt: number }];
	projected: [{ documentId: string }];
	/** `stage`: marking the projection stale, or the catch-up's projection; absent for a room's own. */
	'projection-failed': [{ documentId: string; error: unknown; stage?: 'stale-mark' | 'catch-up' }];
	/** The catch-up projected a stale document that no room here had open. */
	'projection-caught-up': [{ documentId: string }];
	/** The catch-up could not list stale documents; it tries again on its next tick. */
	'projection-catch-up-failed': [{ error: unknown }];
	/** A periodic job of the server's scheduler failed (it runs again at its next interval). */
	'job-failed': [{ job: string; error: unknown }];
	'room-loaded': [{ documentId: string }];
	'room-load-failed': [{ documentId: string; error: unknown }];
	'room-unloaded': [{ documentId: string }];
	/**
	 * The document's row vanished (deleted permanently, or with its team) while its room was
	 * open: found by a failed save or by the access re-check. The room closed and unloaded.
	 */
	'document-gone': [{ documentId: string; detectedBy: 'save' | 'recheck' }];
	compacted: [{ documentId: string; rows: number }];
	'compaction-failed': [{ documentId: string; error: unknown }];
	'access-check-failed': [{ documentId: string; error: unknown }];
	'room-reset': [{ documentId: string; error: unknown }];
	'fanout-error': [{ error: unknown }];
}

export class SyncEvents extends EventEmitter<SyncEventMap> {}
