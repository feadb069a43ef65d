import type { SyncEvents } from './events';
import type { StaleMarker } from './projector';
import type { RedisFanout } from './redis-fanout';
import { Room } from './room';
import type { SyncSettings } from './settings';
import type { SyncStore } from './store';

/**
 * The rooms of this instance: one per open document, loaded once however many sockets ask at
 * the same time, unloaded after the last socket left and the last save (and projection)
 * finished — never before, so an unsaved update is not dropped with the room.
 */
export class RoomRegistry {
	readonly rooms = new Map<string, Room>();
	private readonly loading = new Map<string, Promise<Room>>();
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
				loading = this.load(documentId, orgId);
				this.loading.set(documentId, loading);
			}
			const room = await loading;
			if (!room.destroyed && !room.poisoned) {
				room.pendingJoins += 1;
				return room;
			}
		}
	}

	private async load(documentId: string, orgId: string): Promise<Room> {
		try {
			const room = await Room.load(documentId, orgId, this.store, this.settings, this.events, (r) => void this.idle(r));
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

async function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}
