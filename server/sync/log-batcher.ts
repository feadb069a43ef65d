/**
 * One log writer for all rooms of this instance (group commit). Each room's DocumentWriter has
 * at most one append in flight; the batcher gathers the appends of every room that arrive
 * within one event-loop turn (and while the previous write runs) into ONE INSERT, and
 * resolves each room's promise only after that statement committed — "saved" still means
 * committed (durability contract §1). Under load this turns ~1000 single-row INSERTs per
 * second into a few dozen statements, which matters most for PGlite: it runs on the event loop.
 *
 * If a combined write fails, each room's rows are retried on their own, so one room whose rows
 * cannot be written (say its document was deleted) does not hold up the others; a room whose
 * write still fails gets the error and retries with its own backoff.
 */
export type WriteRows = (rows: readonly { documentId: string; data: Uint8Array }[]) => Promise<void>;

interface Pending {
	documentId: string;
	updates: readonly Uint8Array[];
	resolve: () => void;
	reject: (error: unknown) => void;
}

export class LogBatcher {
	private pending: Pending[] = [];
	private writing = false;
	private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

	constructor(
		private readonly write: WriteRows,
		/**
		 * How long the first append after a quiet spell waits for others to join its statement.
		 * 0 (the default) = the end of the current event-loop turn: under load the statement in
		 * flight already gathers the next batch, and every extra millisecond here delays "saved".
		 */
		private readonly windowMs = 0
	) {}

	append(documentId: string, updates: readonly Uint8Array[]): Promise<void> {
		return new Promise((resolve, reject) => {
			this.pending.push({ documentId, updates, resolve, reject });
			if (this.writing || this.timer) return;
			const run = () => {
				this.timer = null;
				void this.flush();
			};
			this.timer = this.windowMs > 0 ? setTimeout(run, this.windowMs) : setImmediate(run);
		});
	}

	private async flush(): Promise<void> {
		this.writing = true;
		try {
			// Appends that arrived while a write ran go out as soon as it finishes.
			while (this.pending.length > 0) {
				const batch = this.pending;
				this.pending = [];
				try {
					await this.write(rowsOf(batch));
					for (const entry of batch) entry.resolve();
				} catch (error) {
					if (batch.length === 1) {
						batch[0].reject(error);
						continue;
					}
					for (const entry of batch) {
						try {
							await this.write(rowsOf([entry]));
							entry.resolve();
						} catch (own) {
							entry.reject(own);
						}
					}
				}
			}
		} finally {
			this.writing = false;
		}
	}
}

function rowsOf(batch: readonly Pending[]): { documentId: string; data: Uint8Array }[] {
	const rows = [];
	for (const entry of batch) for (const data of entry.updates) rows.push({ documentId: entry.documentId, data });
	return rows;
}
