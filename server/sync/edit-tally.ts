import * as Y from 'yjs';
import { COMMENTS_MAP } from '../../src/lib/document-contract';

/**
 * Who edited this room's document on which day (the "70" of 70:20:10, `document_edit_days`),
 * counted in memory as updates are accepted and handed to the log writer with the batch they
 * belong to: the counts reach the database in the same statement as the updates
 * (document-log.ts `appendDocumentUpdatesOfMany`), so an edit day exists exactly when an edit of
 * that person is saved — no round trip per keystroke, nothing counted for an update never saved.
 */
export interface EditCount {
	userId: string;
	/** `YYYY-MM-DD` in Asia/Jakarta (UTC+7, no daylight saving). */
	day: string;
	updates: number;
}

/**
 * Whether a transaction changed the document's content (title or body) rather than only its
 * comment threads: writing comments is social learning, counted from `comment_messages`, not an
 * edit of the document.
 */
export function changesContent(transaction: Y.Transaction): boolean {
	for (const type of transaction.changed.keys()) {
		let root = type;
		while (root._item !== null) root = root._item.parent as typeof type;
		if (Y.findRootTypeKey(root) !== COMMENTS_MAP) return true;
	}
	return false;
}

const JAKARTA_OFFSET_MS = 7 * 3600_000;

/** The Asia/Jakarta calendar day of an instant. */
export function jakartaDay(at: number): string {
	return new Date(at + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

export class EditTally {
	private counts = new Map<string, EditCount>();

	constructor(private readonly now: () => number = Date.now) {}

	/** One accepted update of `userId`, on the day it was accepted. */
	add(userId: string, updates = 1): void {
		this.merge({ userId, day: jakartaDay(this.now()), updates });
	}

	get size(): number {
		return this.counts.size;
	}

	/** Everything counted so far, for the batch being written; the tally starts empty again. */
	take(): EditCount[] {
		const taken = [...this.counts.values()];
		this.counts = new Map();
		return taken;
	}

	/** A batch that failed to write gives its counts back, to go out with the retry. */
	restore(counts: readonly EditCount[]): void {
		for (const count of counts) this.merge(count);
	}

	clear(): void {
		this.counts.clear();
	}

	private merge(count: EditCount): void {
		const key = `${count.userId}|${count.day}`;
		const existing = this.counts.get(key);
		if (existing) existing.updates += count.updates;
		else this.counts.set(key, { ...count });
	}
}
