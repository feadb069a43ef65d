import type { Config } from '../../src/lib/server/config';
import { sessionPolicy, type SessionPolicy } from '../../src/lib/server/auth/session';
import type { RoomTimings } from './room-timings';

/** The sync server's settings, derived once from the validated process configuration. */
export interface SyncSettings {
	maxMessageBytes: number;
	messagesPerSecond: number;
	messageBurst: number;
	maxAwarenessBytes: number;
	maxBufferedBytes: number;
	recheckMs: number;
	projectionDebounceMs: number;
	projectionMaxWaitMs: number;
	/** How often the catch-up looks for stale projections of documents no room here has open. */
	projectionCatchUpMs: number;
	/** Stale documents projected per catch-up round. */
	projectionCatchUpBatch: number;
	/**
	 * The catch-up leaves a document alone until its log had no write for this long: another
	 * instance may have its room open and project it (within SYNC_PROJECTION_MAX_WAIT_MS).
	 */
	projectionCatchUpQuietMs: number;
	compactAfterRows: number;
	/** Origins allowed besides the request's own host (ORIGIN and SYNC_ALLOWED_ORIGINS). */
	allowedOrigins: ReadonlySet<string>;
	redisUrl?: string;
	redisResyncMs: number;
	sessionPolicy: SessionPolicy;
	/** Ping interval; a socket that did not answer the previous ping is dropped. */
	pingMs: number;
	/** Give up waiting for a save at shutdown after this long (clients still hold the updates). */
	shutdownFlushMs: number;
	/** A room's timers (room-timings.ts); tests shorten them, production runs the defaults. */
	roomTimings?: Partial<RoomTimings>;
	/** Inbound byte budget of one connection: sustained rate and burst (ByteBudgetExceeded). */
	bytesPerSecond: number;
	byteBurst: number;
	/** Sync sockets one user may hold open at once (TooManyConnections). */
	maxSocketsPerUser: number;
	/** Upgrades per user: sustained rate and burst (429). */
	upgradesPerUserPerSecond: number;
	upgradeUserBurst: number;
	/** Refused upgrades per client address: sustained rate and burst (429, before any query). */
	upgradesPerAddressPerSecond: number;
	upgradeAddressBurst: number;
	/** Encoded size past which a document takes no new content (DocumentTooLarge). */
	maxDocumentBytes: number;
}

export function syncSettings(config: Config, overrides: Partial<SyncSettings> = {}): SyncSettings {
	const origins = new Set<string>();
	if (config.ORIGIN) origins.add(new URL(config.ORIGIN).origin);
	for (const origin of (config.SYNC_ALLOWED_ORIGINS ?? '').split(',')) {
		const trimmed = origin.trim();
		if (trimmed) origins.add(new URL(trimmed).origin);
	}
	const settings: SyncSettings = {
		maxMessageBytes: config.SYNC_MAX_MESSAGE_BYTES,
		messagesPerSecond: config.SYNC_MESSAGES_PER_SECOND,
		messageBurst: config.SYNC_MESSAGE_BURST,
		maxAwarenessBytes: config.SYNC_MAX_AWARENESS_BYTES,
		maxBufferedBytes: config.SYNC_MAX_BUFFERED_BYTES,
		recheckMs: config.SYNC_RECHECK_MS,
		projectionDebounceMs: config.SYNC_PROJECTION_DEBOUNCE_MS,
		projectionMaxWaitMs: config.SYNC_PROJECTION_MAX_WAIT_MS,
		projectionCatchUpMs: 60_000,
		projectionCatchUpBatch: 5,
		projectionCatchUpQuietMs: Math.max(60_000, 3 * config.SYNC_PROJECTION_MAX_WAIT_MS),
		compactAfterRows: config.SYNC_COMPACT_AFTER_ROWS,
		allowedOrigins: origins,
		redisUrl: config.REDIS_URL,
		redisResyncMs: config.SYNC_REDIS_RESYNC_MS,
		sessionPolicy: sessionPolicy(config.SESSION_IDLE_DAYS, config.SESSION_MAX_DAYS),
		pingMs: 30_000,
		shutdownFlushMs: 5000,
		bytesPerSecond: config.SYNC_BYTES_PER_SECOND,
		byteBurst: config.SYNC_BYTE_BURST,
		maxSocketsPerUser: config.SYNC_MAX_SOCKETS_PER_USER,
		upgradesPerUserPerSecond: config.SYNC_UPGRADES_PER_USER_PER_SECOND,
		upgradeUserBurst: config.SYNC_UPGRADE_USER_BURST,
		upgradesPerAddressPerSecond: config.SYNC_UPGRADES_PER_ADDRESS_PER_SECOND,
		upgradeAddressBurst: config.SYNC_UPGRADE_ADDRESS_BURST,
		maxDocumentBytes: config.SYNC_MAX_DOCUMENT_BYTES,
		...overrides
	};
	// A burst below the largest message would refuse every message of that size, however slowly sent.
	settings.byteBurst = Math.max(settings.byteBurst, settings.maxMessageBytes);
	return settings;
}
