import type { WebSocket } from 'ws';
import type { DocumentRole } from '../../src/lib/roles';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { AwarenessUser } from '../../src/lib/sync/identity';
import { TokenBucket } from './rate-limit';
import type { SyncSettings } from './settings';

/**
 * One authenticated socket in one room: who it is (from the session, never from the client),
 * its role, its limits, and the only way to send to it or close it. Every limit closes only
 * this connection, with its named code.
 */
export interface ConnectionIdentity {
	userId: string;
	sessionId: string;
	user: AwarenessUser;
	role: DocumentRole;
}

/** How long a closing socket gets to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;

export class Connection {
	/** The awareness client id this socket speaks for, pinned by its first awareness state. */
	clientId: number | null = null;
	role: DocumentRole;
	closed = false;
	/** Answered the last ping. */
	alive = true;
	/** A commenter's updates that wait for content the room does not have yet (pending structs). */
	held: Uint8Array[] = [];
	heldBytes = 0;
	private lastSentAt = Number.NEGATIVE_INFINITY;
	private readonly bucket: TokenBucket;
	/** Inbound bytes: the message rate alone lets a socket send 300 messages of 8 MiB a second. */
	private readonly bytes: TokenBucket;
	private onClose: ((code: number, reason: string, byServer: boolean) => void) | null = null;

	constructor(
		readonly ws: WebSocket,
		readonly identity: ConnectionIdentity,
		private readonly settings: SyncSettings,
		/** Reports the end of the connection (logging, events). */
		private readonly onEnded: (code: number, reason: string, byServer: boolean) => void = () => {}
	) {
		this.role = identity.role;
		this.bucket = new TokenBucket(settings.messagesPerSecond, settings.messageBurst);
		this.bytes = new TokenBucket(settings.bytesPerSecond, settings.byteBurst);
		ws.on('pong', () => {
			this.alive = true;
		});
		ws.on('close', (code, reason) => this.finish(code, reason.toString(), false));
	}

	get userId(): string {
		return this.identity.userId;
	}

	/** Called once when the connection ends, whoever ended it. */
	setCloseHandler(handler: (code: number, reason: string, byServer: boolean) => void): void {
		this.onClose = handler;
	}

	/** Counts one inbound message against the rate limit; false when over it. */
	takeToken(): boolean {
		return this.bucket.take();
	}

	/** Counts an inbound message's bytes against the byte budget (O(1)); false when over it. */
	takeBytes(count: number): boolean {
		return this.bytes.take(count);
	}

	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
		this.ws.send(message);
		this.lastSentAt = performance.now();
		// A reader that stopped reading must not grow our memory without bound.
		if (this.ws.bufferedAmount > this.settings.maxBufferedBytes) this.close(CloseCode.SlowReader, 'send buffer full');
	}

	/** Whether anything was sent to this socket in the last `ms` milliseconds. */
	sentWithin(ms: number): boolean {
		return performance.now() - this.lastSentAt < ms;
	}

	close(code: number, reason = ''): void {
		if (this.closed) return;
		const ws = this.ws;
		try {
			ws.close(code, reason.slice(0, 120));
		} catch {
			ws.terminate();
		}
		// A stalled reader never reads our close frame: cut the socket after a grace period.
		setTimeout(() => ws.terminate(), code === CloseCode.SlowReader ? 100 : CLOSE_GRACE_MS).unref();
		this.finish(code, reason, true);
	}

	private finish(code: number, reason: string, byServer: boolean): void {
		if (this.closed) return;
		this.closed = true;
		this.held = [];
		this.heldBytes = 0;
		this.onClose?.(code, reason, byServer);
		this.onEnded(code, reason, byServer);
	}
}
