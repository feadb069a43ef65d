import type * as Y from 'yjs';
import { walkDocument } from '../../src/lib/projection/walk';
import type { SyncStore } from './store';

/** Writes `document_projections.stale = true` for a document (projections.ts). */
export type StaleMarker = (documentId: string) => Promise<void>;

/**
 * A failed stale mark is retried this many times, also after the room unloaded: a room whose
 * projection failed at unload relies on the mark for the catch-up to find it.
 */
const MARK_ATTEMPTS = 8;

/**
 * Projects a room's document into SQL after changes settle: `debounceMs` after the last change,
 * at most `maxWaitMs` after the first unprojected one, and on unload (`flush`). A failed write
 * is retried later; the document stays the source of truth either way.
 *
 * With a stale marker (`markStaleWith`), the first change after a successful projection also
 * marks the SQL projection stale, so a crash or a projection that never succeeds leaves a trace
 * the catch-up (projection-catch-up.ts) follows. The projection's own transaction clears it.
 */
export class Projector {
	private dirty = false;
	private debounce: NodeJS.Timeout | null = null;
	private maxWait: NodeJS.Timeout | null = null;
	private running: Promise<void> | null = null;
	private failures = 0;
	private stopped = false;

	private marker: { write: StaleMarker; onError: (error: unknown) => void } | null = null;
	/**
	 * Whether SQL must say stale because of changes this room has not projected: 'none' (SQL is
	 * up to date as far as this room knows), 'pending' (a mark is needed and not yet written) or
	 * 'written'.
	 */
	private stale: 'none' | 'pending' | 'written' = 'none';
	private marking: Promise<void> | null = null;
	private markRetry: NodeJS.Timeout | null = null;
	private markFailures = 0;
	/** The lesson and process-change rows of the last projection this room wrote (JSON). */
	private writtenRows: string | null = null;
	/** The comment threads and messages of the last projection this room wrote (JSON). */
	private writtenComments: string | null = null;

	constructor(
		private readonly documentId: string,
		private readonly orgId: string,
		private readonly doc: Y.Doc,
		private readonly store: SyncStore,
		private readonly debounceMs: number,
		private readonly maxWaitMs: number,
		private readonly onError: (error: unknown) => void,
		private readonly onProjected: () => void
	) {}

	/** Enables stale marks; set by the registry right after the room loaded, before any change. */
	markStaleWith(write: StaleMarker, onError: (error: unknown) => void): void {
		this.marker = { write, onError };
	}

	/** The document changed. */
	touch(): void {
		if (this.stopped) return;
		this.dirty = true;
		if (this.stale === 'none') {
			this.stale = 'pending';
			this.writeMark();
		}
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = null;
		this.runAfter('debounce', this.debounceMs);
		// Jittered (never later than maxWaitMs): rooms that started together must not all walk
		// and write their projection in the same turn.
		this.runAfter('maxWait', this.maxWaitMs * (1 - 0.4 * Math.random()));
	}

	/** Projects now if anything changed since the last projection; resolves when written. */
	async flush(): Promise<void> {
		if (this.running) await this.running;
		if (this.dirty) await this.run();
	}

	stop(): void {
		this.stopped = true;
		this.clearTimers();
	}

	/** Runs after `ms` unless that timer is already set; a fired timer forgets itself. */
	private runAfter(timer: 'debounce' | 'maxWait', ms: number): void {
		this[timer] ??= setTimeout(() => {
			this[timer] = null;
			void this.run();
		}, ms);
	}

	private clearTimers(): void {
		if (this.debounce) clearTimeout(this.debounce);
		if (this.maxWait) clearTimeout(this.maxWait);
		this.debounce = null;
		this.maxWait = null;
	}

	private run(): Promise<void> {
		if (this.running) return this.running;
		this.clearTimers();
		if (!this.dirty) return Promise.resolve();
		this.running = this.project().finally(() => {
			this.running = null;
			// Changed while this write ran: the timers of that change may have fired into it.
			if (this.dirty && !this.stopped && !this.debounce && !this.maxWait) this.runAfter('debounce', this.debounceMs);
		});
		return this.running;
	}

	private async project(): Promise<void> {
		// The mark must commit before this projection clears it, not after: a late mark would
		// leave a projected document flagged.
		if (this.marking) await this.marking;
		// Unloaded meanwhile: the document is gone from memory; the stale flag stays for the catch-up.
		if (this.stopped) return;
		this.dirty = false;
		const projection = walkDocument(this.doc);
		// The refs and action items too: an edit that only adds or removes a lessonRef, or ticks an
		// action done, must write their rows.
		const rows = JSON.stringify([projection.lessons, projection.processChanges, projection.lessonRefs, projection.actionItems]);
		const comments = JSON.stringify(projection.comments);
		try {
			await this.store.project(this.documentId, this.orgId, projection, {
				rowsUnchanged: rows === this.writtenRows,
				commentsUnchanged: comments === this.writtenComments
			});
			this.writtenRows = rows;
			this.writtenComments = comments;
		} catch (error) {
			// The write may have committed before it failed to answer: write every row next time.
			this.writtenRows = null;
			this.writtenComments = null;
			this.failures += 1;
			this.onError(error);
			// Still the latest content to project: try again after a while.
			this.dirty = true;
			if (!this.stopped) this.runAfter('maxWait', Math.min(30_000, 500 * 2 ** this.failures));
			if (this.stale === 'pending') this.writeMark();
			return;
		}
		this.failures = 0;
		this.markFailures = 0;
		if (this.dirty) {
			// Changed while the projection was written: it cleared the flag, but SQL is behind again.
			this.stale = 'pending';
			this.writeMark();
		} else this.stale = 'none';
		this.onProjected();
	}

	/** One mark at a time; failures retry with backoff until written or no longer needed. */
	private writeMark(): void {
		const marker = this.marker;
		if (!marker || this.marking || this.markRetry) return;
		this.marking = marker
			.write(this.documentId)
			.then(
				() => {
					this.markFailures = 0;
					if (this.stale === 'pending') this.stale = 'written';
				},
				(error: unknown) => {
					this.markFailures += 1;
					marker.onError(error);
					if (this.markFailures >= MARK_ATTEMPTS) return;
					this.markRetry = setTimeout(() => {
						this.markRetry = null;
						// A projection running now settles it: written, or it asks again on failure.
						if (this.stale === 'pending' && !this.running) this.writeMark();
					}, Math.min(30_000, 500 * 2 ** this.markFailures));
					this.markRetry.unref();
				}
			)
			.finally(() => {
				this.marking = null;
			});
	}
}
