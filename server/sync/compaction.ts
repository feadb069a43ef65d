import type { DocumentWriter } from './document-writer';
import type { SyncEvents } from './events';
import type { RoomTimings } from './room-timings';
import type { SyncStore } from './store';

/**
 * When a room folds its log into the stored state. A compaction stalls the event loop for tens
 * of milliseconds, so once the log passed the threshold it waits until writes pause for
 * `compactQuietMs` (each new row restarts the wait), unless the log is `compactForceFactor`
 * times over the threshold. Never two at once.
 */
export class Compaction {
	private running = false;
	private timer: NodeJS.Timeout | null = null;
	private stopped = false;

	constructor(
		private readonly documentId: string,
		private readonly store: SyncStore,
		private readonly writer: () => DocumentWriter,
		private readonly events: SyncEvents,
		private readonly compactAfterRows: number,
		private readonly timings: RoomTimings
	) {}

	/** The log passed the threshold: compact once writes pause. */
	whenQuiet(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (this.stopped) return;
		if (this.writer().rowsSinceCompaction >= this.compactAfterRows * this.timings.compactForceFactor) {
			void this.run();
			return;
		}
		this.timer = setTimeout(() => {
			this.timer = null;
			if (!this.stopped) void this.run();
		}, this.timings.compactQuietMs);
	}

	async run(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			const rows = await this.store.compact(this.documentId);
			const writer = this.writer();
			writer.rowsSinceCompaction = Math.max(0, writer.rowsSinceCompaction - rows);
			this.events.emit('compacted', { documentId: this.documentId, rows });
		} catch (error) {
			this.events.emit('compaction-failed', { documentId: this.documentId, error });
		} finally {
			this.running = false;
		}
	}

	/** The room unloads; a compaction already running finishes (the registry awaits `run`). */
	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
	}
}
