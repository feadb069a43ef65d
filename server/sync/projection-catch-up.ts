import * as Y from 'yjs';
import { walkDocument, type DocumentProjection } from '../../src/lib/projection/walk';
import type { StoredDocument } from '../../src/lib/server/repositories/document-log';
import type { SyncEvents } from './events';
import { applyStoredDocument } from '../../src/lib/sync/integrated-state';

/** What the catch-up needs from the database and the room registry. */
export interface CatchUpSource {
	/** Documents whose projection is marked stale, oldest projection first, none of `excluding`. */
	listStale(limit: number, excluding: readonly string[]): Promise<{ documentId: string; orgId: string }[]>;
	/** The stored document (state and log), read only. */
	load(documentId: string): Promise<StoredDocument>;
	project(documentId: string, orgId: string, projection: DocumentProjection): Promise<void>;
	/** Documents this instance has in memory: their room's projector is in charge of them. */
	openDocuments(): string[];
}

/** With a full batch (a backlog) the next round comes this soon instead of after the interval. */
const BACKLOG_PAUSE_MS = 1000;
/** A document whose catch-up failed waits at most this long before the next attempt. */
const MAX_RETRY_MS = 30 * 60_000;

/**
 * Projects documents whose SQL projection was left behind their content — the process died
 * before the room projected, or the projection still failed when the room unloaded — which
 * otherwise stay behind until someone opens them again. The server's scheduler runs a round on
 * start and then every `intervalMs`: it takes up to `batch` stale documents that no room here
 * has open, rebuilds each from the log in a scratch Y.Doc, walks it and writes the projection
 * (which clears the flag). One document at a time, yielding in between, so a backlog never
 * stalls the event loop; a document that fails is retried with backoff rather than every round.
 */
export class ProjectionCatchUp {
	private stopped = false;
	private readonly failing = new Map<string, { until: number; failures: number }>();
	/** The document being caught up, and whether a room opened it meanwhile. */
	private current: { documentId: string; reopened: boolean } | null = null;

	constructor(
		private readonly source: CatchUpSource,
		private readonly events: SyncEvents,
		readonly intervalMs: number,
		private readonly batch: number
	) {
		events.on('room-loaded', this.onRoomLoaded);
	}

	/** Stops taking documents; the scheduler waits for the round in progress. */
	stop(): void {
		this.stopped = true;
		this.events.off('room-loaded', this.onRoomLoaded);
	}

	/** One round; resolves with the delay before the next (sooner when a full batch left more). */
	async round(): Promise<number> {
		let full = false;
		try {
			full = await this.catchUp();
		} catch (error) {
			this.events.emit('projection-catch-up-failed', { error });
		}
		return full ? Math.min(this.intervalMs, BACKLOG_PAUSE_MS) : this.intervalMs;
	}

	private onRoomLoaded = ({ documentId }: { documentId: string }): void => {
		if (this.current?.documentId === documentId) this.current.reopened = true;
	};

	/** Returns whether the batch was full (more may be waiting). */
	private async catchUp(): Promise<boolean> {
		const now = Date.now();
		for (const [documentId, entry] of this.failing) if (entry.until + MAX_RETRY_MS < now) this.failing.delete(documentId);
		const waiting = [...this.failing].filter(([, entry]) => entry.until > now).map(([documentId]) => documentId);
		let stale: { documentId: string; orgId: string }[];
		try {
			stale = await this.source.listStale(this.batch, [...this.source.openDocuments(), ...waiting]);
		} catch (error) {
			this.events.emit('projection-catch-up-failed', { error });
			return false;
		}
		for (const { documentId, orgId } of stale) {
			if (this.stopped) break;
			await this.projectOne(documentId, orgId);
			// Each document is a synchronous rebuild and walk: let sockets be served in between.
			await new Promise<void>((resolve) => setImmediate(resolve));
		}
		return stale.length >= this.batch;
	}

	private isOpen(documentId: string): boolean {
		return this.source.openDocuments().includes(documentId);
	}

	private async projectOne(documentId: string, orgId: string): Promise<void> {
		if (this.isOpen(documentId)) return;
		this.current = { documentId, reopened: false };
		try {
			const stored = await this.source.load(documentId);
			const projection = project(stored);
			// A room that opened meanwhile has the newer content and projects it itself; writing
			// this older walk could overwrite its projection.
			if (this.current.reopened || this.isOpen(documentId)) return;
			await this.source.project(documentId, orgId, projection);
			this.failing.delete(documentId);
			this.events.emit('projection-caught-up', { documentId });
		} catch (error) {
			const failures = (this.failing.get(documentId)?.failures ?? 0) + 1;
			this.failing.set(documentId, { failures, until: Date.now() + Math.min(MAX_RETRY_MS, this.intervalMs * 2 ** (failures - 1)) });
			this.events.emit('projection-failed', { documentId, error, stage: 'catch-up' });
		} finally {
			this.current = null;
		}
	}
}

/** The walk of a stored document, rebuilt in a scratch Y.Doc the way a room loads it. */
function project(stored: StoredDocument): DocumentProjection {
	const doc = new Y.Doc({ gc: true });
	try {
		applyStoredDocument(doc, stored);
		return walkDocument(doc);
	} finally {
		doc.destroy();
	}
}
