import { CloseCode } from '../../src/lib/sync/close-codes';
import { DOCUMENT_ROLES, type DocumentRole } from '../../src/lib/roles';
import type { SyncEvents } from './events';
import type { RoomRegistry } from './room-registry';
import type { SyncStore } from './store';

const rank = (role: DocumentRole) => DOCUMENT_ROLES.indexOf(role);

/**
 * Re-checks every open socket's session and role every `intervalMs` (one batch of queries for
 * all rooms), so a removed member, a changed role or an ended session takes effect within
 * seconds (durability contract §5): ended session → SessionEnded; no role or a weaker one →
 * AccessRevoked, or DocumentArchived when archiving made it read-only (either way the client
 * stops and reloads into the page for its new role); a document whose row is gone (deleted
 * permanently, or with its team) → DocumentDeleted for every socket, and its room is discarded
 * (room-registry.ts `documentGone`); a stronger role, such as an archived
 * document's viewer socket once the document is restored, applies at once. If the database
 * does not answer, sockets keep their rights until it does.
 */
export class AccessMonitor {
	private timer: NodeJS.Timeout | null = null;
	private running = false;

	constructor(
		private readonly registry: RoomRegistry,
		private readonly store: SyncStore,
		private readonly events: SyncEvents,
		private readonly intervalMs: number
	) {}

	start(): void {
		this.timer = setInterval(() => void this.checkAll(), this.intervalMs);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	async checkAll(): Promise<void> {
		if (this.running) return;
		const rooms = [...this.registry.rooms.values()].filter((room) => room.connections.size > 0);
		if (rooms.length === 0) return;
		this.running = true;
		try {
			const connections = new Map(rooms.map((room) => [room.documentId, [...room.connections]]));
			let access;
			try {
				access = await this.store.checkAccess(
					new Map([...connections].map(([id, conns]) => [id, conns.map((c) => c.identity.sessionId)]))
				);
			} catch (error) {
				for (const room of rooms) this.events.emit('access-check-failed', { documentId: room.documentId, error });
				return;
			}
			for (const room of rooms) {
				const conns = connections.get(room.documentId) ?? [];
				const perSession = access.get(room.documentId);
				if (perSession && [...perSession.values()].some((a) => a.status === 'ok' && a.deleted)) {
					// Not a change of rights: the document is gone, for every socket, and so is
					// anything its room still meant to save.
					this.registry.documentGone(room, 'recheck');
					continue;
				}
				for (const conn of conns) {
					if (conn.closed) continue;
					const result = perSession?.get(conn.identity.sessionId);
					if (!result || result.status === 'ended') conn.close(CloseCode.SessionEnded, 'session ended');
					else if (!result.role || rank(result.role) < rank(conn.role)) {
						if (result.role && result.archived) conn.close(CloseCode.DocumentArchived, 'document archived');
						else conn.close(CloseCode.AccessRevoked, 'access changed');
					} else conn.role = result.role;
				}
			}
		} finally {
			this.running = false;
		}
	}
}
