import type { StoredDocument } from '../../src/lib/server/repositories/document-log';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { SyncEvents } from './events';
import type { StaleMarker } from './projector';
import type { RedisFanout } from './redis-fanout';
import { DocumentSize } from './document-size';
import { Room } from './room';
import type { SyncSettings } from './settings';
import type { SyncStore } from './store';

/**
 * A load whose stored document is read elsewhere: the upgrade's access query reads it in the
 * same round trip (repositories/upgrade-access.ts). While held, every other socket for the
 * document waits for it, exactly as for a load the registry runs itself.
 */
export interface LoadReservation {
	/** Builds the room from the document read while this reservation was held. */
	fulfil(orgId: string, stored: StoredDocument): void;
	/** Gives the load up (the upgrade was refused, or failed): the next socket loads it itself. */
	release(): void;
}

/**
 * The rooms of this instance: one per open document, loaded once however many sockets ask at
 * the same time, unloaded after the last socket left and the last save (and projection)
 * finished — never before, so an unsaved update is not dropped with the room.
 */
export class RoomRegistry {
	readonly rooms = new Map<string, Room>();
	/** Resolves with null when a reservation was released: the waiter then loads it itself. */
	private readonly loading = new Map<string, Promise<Room | null>>();
	private readonly unloading = new Set<Room>();

	constructor(
		private readonly store: SyncStore,
		private readonly settings: SyncSettings,
		private readonly events: SyncEvents,
		private readonly fanout: RedisFanout | null,
		/** Marks a document's SQL projection stale when its room first changes after a projection. */
		private readonly markStale: StaleMarker | null = null
	) {}

	/** Every document this instance has in memory (loading, open or unloading). */
	documentIds(): string[] {
		return [...new Set([...this.rooms.keys(), ...this.loading.keys(), ...[...this.unloading].map((room) => room.documentId)])];
	}

	/** A room for the document with one pending join reserved; rejects when it cannot load. */
	async acquire(documentId: string, orgId: string): Promise<Room> {
		for (;;) {
			const existing = this.rooms.get(documentId);
			if (existing && !existing.poisoned) {
				existing.pendingJoins += 1;
				return existing;
			}
			let loading = this.loading.get(documentId);
			if (!loading) {
				loading = this.load(documentId, orgId, this.store.load(documentId));
				this.loading.set(documentId, loading);
			}
			const room = await loading;
			if (room && !room.destroyed && !room.poisoned) {
				room.pendingJoins += 1;
				return room;
			}
		}
	}

	/**
	 * Reserves the load of a document that is not in memory, for a caller that reads it itself;
	 * null when it is in memory or already loading (then only `acquire` is needed).
	 */
	reserveLoad(documentId: string): LoadReservation | null {
		if (this.rooms.has(documentId) || this.loading.has(documentId)) return null;
		let settle!: (read: { orgId: string; stored: StoredDocument } | null) => void;
		const read = new Promise<{ orgId: string; stored: StoredDocument } | null>((resolve) => (settle = resolve));
		const loading = read.then((r) => {
			if (r) return this.load(documentId, r.orgId, r.stored);
			this.loading.delete(documentId);
			return null;
		});
		// A failed load reaches whoever acquires it (and is reported by load()); the reservation's
		// own chain must not count as an unhandled rejection.
		loading.catch(() => {});
		this.loading.set(documentId, loading);
		return { fulfil: (orgId, stored) => settle({ orgId, stored }), release: () => settle(null) };
	}

	private async load(documentId: string, orgId: string, stored: Promise<StoredDocument> | StoredDocument): Promise<Room> {
		try {
			const loaded = await stored;
			const room = Room.fromStored(documentId, orgId, loaded, this.store, this.settings, this.events, (r) => void this.idle(r));
			room.writer.onDocumentGone = () => this.documentGone(room, 'save');
			const size = new DocumentSize(room.doc, this.settings.maxDocumentBytes, storedBytes(loaded));
			// Every change after the load (local or from another instance) counts.
			room.doc.on('update', (update: Uint8Array) => size.grew(update.byteLength));
			room.size = size;
			const markStale = this.markStale;
			if (markStale) {
				room.projector.markStaleWith(markStale, (error) =>
					this.events.emit('projection-failed', { documentId, error, stage: 'stale-mark' })
				);
			}
			if (this.fanout) {
				const fanout = this.fanout.join(documentId, {
					update: (update) => room.applyRemoteUpdate(update),
					awareness: (update) => room.applyRemoteAwareness(update),
					stateVector: (sv) => room.answerRemoteStateVector(sv),
					saved: (sv) => room.markSaved(sv, false)
				});
				room.attachFanout(fanout, this.settings.redisResyncMs);
			}
			this.rooms.set(documentId, room);
			this.events.emit('room-loaded', { documentId });
			return room;
		} catch (error) {
			this.events.emit('room-load-failed', { documentId, error });
			throw error;
		} finally {
			this.loading.delete(documentId);
		}
	}

	/**
	 * The document's row is gone (deleted permanently, or with its team), as a failed save or the
	 * access re-check found: nothing of the room can be saved or projected any more. Its sockets
	 * close with DocumentDeleted, its queue is dropped and it unloads now, instead of retrying
	 * for the life of the process.
	 */
	documentGone(room: Room, detectedBy: 'save' | 'recheck'): void {
		if (room.destroyed) return;
		this.events.emit('document-gone', { documentId: room.documentId, detectedBy });
		// Takes no one new: an upgrade still holding it is turned away on join.
		room.poisoned = true;
		if (this.rooms.get(room.documentId) === room) this.rooms.delete(room.documentId);
		room.writer.abandon();
		room.closeAll(CloseCode.DocumentDeleted, 'document deleted');
		room.destroy();
		this.events.emit('room-unloaded', { documentId: room.documentId });
	}

	/** The room has no sockets (or was poisoned): save, project, then unload if still empty. */
	private async idle(room: Room): Promise<void> {
		if (room.poisoned && this.rooms.get(room.documentId) === room) this.rooms.delete(room.documentId);
		if (this.unloading.has(room)) return;
		this.unloading.add(room);
		try {
			for (;;) {
				await room.writer.whenIdle();
				await room.projector.flush();
				if (room.destroyed) return;
				if (!room.empty) return;
				if (!room.writer.idle) continue;
				break;
			}
			if (this.rooms.get(room.documentId) === room) this.rooms.delete(room.documentId);
			const compact = room.writer.rowsSinceCompaction > 1;
			room.destroy();
			this.events.emit('room-unloaded', { documentId: room.documentId });
			// The log is folded from the database alone, so this may run after the room is gone.
			if (compact) await room.compact();
		} finally {
			this.unloading.delete(room);
		}
	}

	/** Shutdown: save what can be saved within the time limit, project, close every socket. */
	async closeAll(code: number, reason: string, flushMs: number): Promise<void> {
		const rooms = [...new Set([...this.rooms.values(), ...this.unloading])];
		const flush = Promise.all(
			rooms.map(async (room) => {
				room.writer.flushNow();
				await room.writer.whenIdle();
				await room.projector.flush();
			})
		);
		const deadline = Date.now() + flushMs;
		await withinMs(flush, flushMs);
		const saved = rooms.filter((room) => room.writer.idle && !room.writer.failing);
		for (const room of rooms) {
			room.closeAll(code, reason);
			room.destroy();
		}
		this.rooms.clear();
		// Fold each saved room's log (from the database alone, after the sockets are closed) so
		// the restarted server loads one row. One transaction each: if the process stops half
		// way, that document simply keeps its log.
		const compact = (async () => {
			for (const room of saved) {
				if (room.writer.rowsSinceCompaction > 1) await room.compact();
			}
		})();
		await withinMs(compact, Math.max(0, deadline - Date.now()));
	}
}

function storedBytes(stored: StoredDocument): number {
	let bytes = stored.state?.byteLength ?? 0;
	for (const row of stored.updates) bytes += row.data.byteLength;
	return bytes;
}

async function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}
