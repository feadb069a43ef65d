import type * as Y from 'yjs';
import { walkDocument } from '../../src/lib/projection/walk';
import type { SyncStore } from './store';

/**
 * Projects a room's document into SQL after changes settle: `debounceMs` after the last change,
 * at most `maxWaitMs` after the first unprojected one, and on unload (`flush`). A failed write
 * is retried later; the document stays the source of truth either way.
 */
export class Projector {
	private dirty = false;
	private debounce: NodeJS.Timeout | null = null;
	private maxWait: NodeJS.Timeout | null = null;
	private running: Promise<void> | null = null;
	private failures = 0;
	private stopped = false;

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

	/** The document changed. */
	touch(): void {
		if (this.stopped) return;
		this.dirty = true;
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = setTimeout(() => void this.run(), this.debounceMs);
		// Jittered (never later than maxWaitMs): rooms that started together must not all walk
		// and write their projection in the same turn.
		this.maxWait ??= setTimeout(() => void this.run(), this.maxWaitMs * (1 - 0.4 * Math.random()));
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
		this.dirty = false;
		const projection = walkDocument(this.doc);
		this.running = this.store
			.project(this.documentId, this.orgId, projection)
			.then(
				() => {
					this.failures = 0;
					this.onProjected();
				},
				(error: unknown) => {
					this.failures += 1;
					this.onError(error);
					// Still the latest content to project: try again after a while.
					if (!this.stopped) {
						this.dirty = true;
						this.maxWait ??= setTimeout(() => void this.run(), Math.min(30_000, 500 * 2 ** this.failures));
					}
				}
			)
			.finally(() => {
				this.running = null;
			});
		return this.running;
	}
}
