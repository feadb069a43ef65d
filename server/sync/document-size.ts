import * as Y from 'yjs';

/** While a document is full, it is measured again at most this often (deletions make room). */
const FULL_REMEASURE_MS = 1000;
/**
 * Below the limit, the next measurement waits for at least this share of the limit in accepted
 * bytes: a document just under the limit is not encoded on every keystroke, and may pass the
 * limit by up to this much before it is found full.
 */
const MIN_HEADROOM_SHARE = 1 / 32;

/**
 * A room's document size against SYNC_MAX_DOCUMENT_BYTES (issue 11, defect 6). Encoding the
 * document to measure it costs O(document), so it is not done per update: every change adds its
 * own size to an estimate (O(1)), and only when the estimate reaches the limit is the document
 * measured — then the estimate restarts from the true size. An update's bytes are at least what
 * it adds to the encoded document (deletions even shrink it), so the estimate runs ahead of the
 * truth and the limit is never passed unnoticed by more than the headroom.
 *
 * A full document stays readable (sync step 1, readers, awareness) and may shrink: updates that
 * only delete are accepted, anything that adds content is refused (`refuses`).
 */
export class DocumentSize {
	private estimate: number;
	private nextMeasure: number;
	private measuredAt = Number.NEGATIVE_INFINITY;
	private changedSinceMeasure = true;
	/** The last measurement found the document at or over the limit. */
	full = false;

	constructor(
		private readonly doc: Y.Doc,
		private readonly limit: number,
		/** The stored bytes it was loaded from (state plus log rows): an upper bound of its size. */
		loadedBytes: number,
		private readonly now: () => number = () => performance.now()
	) {
		this.estimate = loadedBytes;
		this.nextMeasure = limit;
		// Loaded at or over the limit (by its stored bytes): measure now, before any update.
		if (loadedBytes >= limit) this.measure();
	}

	/** The document changed by an update of `bytes` bytes (O(1) unless a measurement is due). */
	grew(bytes: number): void {
		this.estimate += bytes;
		this.changedSinceMeasure = true;
		if (this.estimate >= this.nextMeasure) this.measure();
	}

	/** Whether `update` must be refused: the document is full and the update adds content. */
	refuses(update: Uint8Array): boolean {
		if (!this.full) return false;
		if (this.changedSinceMeasure && this.now() - this.measuredAt >= FULL_REMEASURE_MS) {
			this.measure();
			if (!this.full) return false;
		}
		return addsContent(this.doc, update);
	}

	/** The encoded size found by the last measurement, or the estimate since (tests, metrics). */
	get bytes(): number {
		return this.estimate;
	}

	private measure(): void {
		const size = Y.encodeStateAsUpdate(this.doc).byteLength;
		this.measuredAt = this.now();
		this.changedSinceMeasure = false;
		this.estimate = size;
		this.full = size >= this.limit;
		this.nextMeasure = size + Math.max(this.limit - size, this.limit * MIN_HEADROOM_SHARE);
	}
}

/**
 * Whether the update carries structs beyond the document's state (new content) — a delete-only
 * update, or one the document already has, does not. Reads only the update's clock ranges. An
 * update that does not parse is left to validation, which closes its sender.
 */
export function addsContent(doc: Y.Doc, update: Uint8Array): boolean {
	let to: Map<number, number>;
	try {
		to = Y.parseUpdateMeta(update).to;
	} catch {
		return false;
	}
	if (to.size === 0) return false;
	const have = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const [client, clock] of to) if (clock > (have.get(client) ?? 0)) return true;
	return false;
}
