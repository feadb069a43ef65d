import type { EditCount } from './edit-tally';
import type { DocumentEditCount } from '../../src/lib/server/repositories/document-log';

/**
 * One log writer for all rooms of this instance (group commit). Each room's DocumentWriter has
 * at most one append in flight; the batcher gathers the appends of every room that arrive
 * within one event-loop turn, while the previous statement runs and until its interval has
 * passed, into ONE INSERT, and resolves each room's promise only after that statement
 * committed — "saved" still means committed (durability contract §1). Under load this turns
 * ~1000 single-row INSERTs per second into about ten statements (PGlite runs them on the
 * event loop; PostgreSQL pays a commit for each).
 *
 * If a combined write fails, each room's rows are retried on their own, so one room whose rows
 * cannot be written (say its document was deleted) does not hold up the others; a room whose
 * write still fails gets the error and retries with its own backoff — except a room whose
 * document row is gone, which ends instead (document-writer.ts `onDocumentGone`), so it breaks
 * up one combined statement, not every one for the rest of the process.
 */
export type WriteRows = (
	rows: readonly { documentId: string; data: Uint8Array }[],
	edits: readonly DocumentEditCount[]
) => Promise<void>;

interface Pending {
	documentId: string;
	updates: readonly Uint8Array[];
	edits: readonly EditCount[];
	resolve: () => void;
	reject: (error: unknown) => void;
}

export class LogBatcher {
	private pending: Pending[] = [];
	private writing = false;
	private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
	private lastStart = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly write: WriteRows,
		/**
		 * Statements start at least this far apart; the first after a quiet spell leaves at the
		 * end of its turn. Under load every statement then carries what all rooms accepted in
		 * that time: fewer statements and commits for the database, at the cost of "saved"
		 * arriving up to this much later (MESSAGE_SAVED is throttled more than that anyway).
		 */
		private readonly intervalMs = 0
	) {}

	append(documentId: string, updates: readonly Uint8Array[], edits: readonly EditCount[] = []): Promise<void> {
		return new Promise((resolve, reject) => {
			this.pending.push({ documentId, updates, edits, resolve, reject });
			if (!this.writing && !this.timer) this.schedule();
		});
	}

	private schedule(): void {
		const run = () => {
			this.timer = null;
			void this.flush();
		};
		const wait = this.lastStart + this.intervalMs - performance.now();
		this.timer = wait > 0 ? setTimeout(run, wait) : setImmediate(run);
	}

	private async flush(): Promise<void> {
		this.writing = true;
		this.lastStart = performance.now();
		const batch = this.pending;
		this.pending = [];
		try {
			await this.write(rowsOf(batch), editsOf(batch));
			for (const entry of batch) entry.resolve();
		} catch (error) {
			if (batch.length === 1) batch[0].reject(error);
			else
				for (const entry of batch) {
					try {
						await this.write(rowsOf([entry]), editsOf([entry]));
						entry.resolve();
					} catch (own) {
						entry.reject(own);
					}
				}
		} finally {
			this.writing = false;
			// Appends that arrived while this statement ran go out in the next one.
			if (this.pending.length > 0) this.schedule();
		}
	}
}

function rowsOf(batch: readonly Pending[]): { documentId: string; data: Uint8Array }[] {
	const rows = [];
	for (const entry of batch) for (const data of entry.updates) rows.push({ documentId: entry.documentId, data });
	return rows;
}

function editsOf(batch: readonly Pending[]): DocumentEditCount[] {
	const edits = [];
	for (const entry of batch) for (const edit of entry.edits) edits.push({ documentId: entry.documentId, ...edit });
	return edits;
}
