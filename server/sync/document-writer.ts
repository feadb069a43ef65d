import * as Y from 'yjs';
import type { SyncStore } from './store';
import { EditTally } from './edit-tally';

/**
 * Appends a room's accepted updates to the log. Updates accepted in one event-loop turn (and
 * while a write is in flight) become one row. Once a row commits, `onSaved` gets the room's
 * state vector as it was when the batch was taken: everything in it is in committed rows
 * (durability contract §1). When the database is down the batch stays in memory and is retried
 * with backoff; the room keeps working and nothing is reported saved until it is. When the
 * document row itself is gone, no retry can succeed: see `onDocumentGone`.
 */
export interface WriterHooks {
	stateVector(): Uint8Array;
	/** Everything the document gained since `stateVector` (one compact update). */
	encodeSince(stateVector: Uint8Array): Uint8Array;
	onSaved(stateVector: Uint8Array): void;
	onError(error: unknown, attempt: number): void;
	/** Rows appended since the last compaction passed the threshold. */
	onCompactionDue(): void;
}

/**
 * Batches up to this many updates are merged into one row with `Y.mergeUpdates`; that function
 * grows much faster than linearly with the number of inputs, so a bigger batch (a burst of
 * keystrokes) is written as what the document gained since the previous batch — one compact
 * row, items already merged — plus any raw updates whose structs are still pending.
 */
export const MERGE_LIMIT = 16;

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Whether an append failed because the document row is gone (deleted permanently, or with its
 * team): the log's only foreign key is the document's. Drizzle wraps the driver's error, so the
 * code may sit on a cause; both drivers (postgres.js, PGlite) put PostgreSQL's code in `code`.
 */
export function isDocumentGoneError(error: unknown): boolean {
	for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		if ('code' in e && e.code === FOREIGN_KEY_VIOLATION) return true;
	}
	return false;
}

export class DocumentWriter {
	private queue: Uint8Array[] = [];
	/** Queue entries that are not in the document's integrated state (pending structs, retries). */
	private raw = new Set<Uint8Array>();
	/** Who the queued updates came from, per day: written with them (edit-tally.ts). */
	private readonly edits = new EditTally();
	/** The document's state vector when the previous batch was taken. */
	private lastTake: Uint8Array;
	private writing = false;
	private scheduled: NodeJS.Immediate | null = null;
	private retryTimer: NodeJS.Timeout | null = null;
	private attempt = 0;
	private idleWaiters: (() => void)[] = [];
	private stopped = false;
	private abandoned = false;
	/** Rows in the log not yet folded into the state (as far as this instance knows). */
	rowsSinceCompaction: number;
	/**
	 * Called instead of retrying when an append failed because the document row is gone: no
	 * retry can succeed, so the owner ends the room (room-registry.ts `discard`). Without one,
	 * such a failure is retried like any other.
	 */
	onDocumentGone: ((error: unknown) => void) | null = null;

	constructor(
		private readonly documentId: string,
		private readonly store: SyncStore,
		private readonly hooks: WriterHooks,
		private readonly compactAfterRows: number,
		initialRows: number
	) {
		this.rowsSinceCompaction = initialRows;
		this.lastTake = hooks.stateVector();
	}

	get idle(): boolean {
		return !this.writing && this.queue.length === 0;
	}

	/** True while a save is failing and being retried. */
	get failing(): boolean {
		return this.attempt > 0;
	}

	/** The document now holds exactly what is stored (after a load): later batches start here. */
	markBaseline(): void {
		this.lastTake = this.hooks.stateVector();
	}

	/**
	 * Queues an update; `raw` when its content is not (yet) integrated into the document;
	 * `editor`, the user whose connection sent it (counted in `document_edit_days`).
	 */
	enqueue(update: Uint8Array, raw = false, editor: string | null = null): void {
		this.queue.push(update);
		if (raw) this.raw.add(update);
		if (editor !== null) this.edits.add(editor);
		if (this.writing || this.scheduled || this.retryTimer || this.stopped) return;
		this.scheduled = setImmediate(() => {
			this.scheduled = null;
			void this.run();
		});
	}

	/** Retries now instead of waiting for the backoff (shutdown, database back). */
	flushNow(): void {
		if (this.retryTimer) {
			clearTimeout(this.retryTimer);
			this.retryTimer = null;
		}
		if (!this.writing && this.queue.length > 0) void this.run();
	}

	/** Resolves when everything queued so far (and after) is committed. */
	whenIdle(): Promise<void> {
		if (this.idle) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/**
	 * The document is gone: drop everything queued (nothing can be saved any more), answer every
	 * `whenIdle` waiter so an unload waiting on the queue goes ahead, and ignore an append still
	 * in flight.
	 */
	abandon(): void {
		this.abandoned = true;
		this.stop();
		this.queue = [];
		this.raw.clear();
		this.edits.clear();
		this.writing = false;
		this.resolveIdleWaiters();
	}

	stop(): void {
		this.stopped = true;
		if (this.scheduled) clearImmediate(this.scheduled);
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.scheduled = null;
		this.retryTimer = null;
	}

	private async run(): Promise<void> {
		if (this.writing) return;
		this.writing = true;
		while (this.queue.length > 0) {
			const batch = this.queue;
			this.queue = [];
			const stateVector = this.hooks.stateVector();
			let rows: Uint8Array[];
			if (batch.length === 1) rows = batch;
			else if (batch.length <= MERGE_LIMIT) rows = [Y.mergeUpdates(batch)];
			else rows = [this.hooks.encodeSince(this.lastTake), ...batch.filter((u) => this.raw.has(u))];
			this.raw.clear();
			this.lastTake = stateVector;
			const edits = this.edits.take();
			try {
				await this.store.append(this.documentId, rows, edits);
			} catch (error) {
				if (this.abandoned) return;
				if (this.onDocumentGone && isDocumentGoneError(error)) {
					// Terminal: retrying would keep the room in memory for good, and each retry
					// would break up the shared log statement for every other room (log-batcher.ts).
					this.writing = false;
					this.onDocumentGone(error);
					return;
				}
				// Kept as they are: they no longer follow from `lastTake`.
				this.queue.unshift(...rows);
				for (const row of rows) this.raw.add(row);
				this.edits.restore(edits);
				this.attempt += 1;
				this.writing = false;
				this.hooks.onError(error, this.attempt);
				if (!this.stopped) {
					const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** (this.attempt - 1));
					this.retryTimer = setTimeout(() => {
						this.retryTimer = null;
						void this.run();
					}, delay);
				}
				return;
			}
			if (this.abandoned) return;
			this.attempt = 0;
			this.rowsSinceCompaction += rows.length;
			this.hooks.onSaved(stateVector);
		}
		this.writing = false;
		if (this.rowsSinceCompaction >= this.compactAfterRows) this.hooks.onCompactionDue();
		this.resolveIdleWaiters();
	}

	private resolveIdleWaiters(): void {
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}
}
