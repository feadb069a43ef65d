import { z } from 'zod';

/**
 * Every setting Alur reads from the environment, parsed once at start into a typed object.
 * A bad value stops the process with every problem listed (see `loadConfig`).
 */
const configSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional(),
	DATA_DIR: z.string().min(1).default('./data'),
	MIGRATIONS_DIR: z.string().min(1).default('./drizzle'),
	/** Days a session survives without use. */
	SESSION_IDLE_DAYS: z.coerce.number().positive().max(365).default(14),
	/** Days a session survives at most, used or not. */
	SESSION_MAX_DAYS: z.coerce.number().positive().max(3650).default(60),
	/** Days an invitation link stays valid. */
	INVITATION_DAYS: z.coerce.number().positive().max(90).default(7),
	/** Redis for fan-out between several sync instances; one instance needs none. */
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
		.optional(),
	/** Extra origins allowed to open the sync socket (comma-separated), besides ORIGIN and the request's own host. */
	SYNC_ALLOWED_ORIGINS: z.string().optional(),
	/** Largest sync message (WebSocket frame) in bytes; bigger closes the connection. */
	SYNC_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
	/** Sustained messages per second per connection. */
	SYNC_MESSAGES_PER_SECOND: z.coerce.number().positive().default(300),
	/** Messages a connection may send in a burst before the sustained rate applies. */
	SYNC_MESSAGE_BURST: z.coerce.number().int().positive().default(20_000),
	/** Largest awareness state (JSON bytes) of one client. */
	SYNC_MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(8192),
	/** Send-buffer cap per connection; a slower reader is closed. */
	SYNC_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
	/** How often open sockets' sessions and roles are re-checked (ms); rights change within this. */
	SYNC_RECHECK_MS: z.coerce.number().int().min(100).default(2000),
	/** The projection runs this long after the last change (ms)… */
	SYNC_PROJECTION_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
	/** …but never later than this after the first unprojected change (ms). */
	SYNC_PROJECTION_MAX_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
	/** Compact a document's log once this many rows were appended since the last compaction. */
	SYNC_COMPACT_AFTER_ROWS: z.coerce.number().int().min(1).default(500),
	/** With Redis: how often rooms exchange state vectors to repair lost pub/sub messages (ms). */
	SYNC_REDIS_RESYNC_MS: z.coerce.number().int().min(100).default(5000),
	/** Sustained inbound bytes per second per connection; past the burst it is closed (4014). */
	SYNC_BYTES_PER_SECOND: z.coerce.number().positive().default(1024 * 1024),
	/** Inbound bytes a connection may send at once (at least SYNC_MAX_MESSAGE_BYTES is used). */
	SYNC_BYTE_BURST: z.coerce.number().int().positive().default(16 * 1024 * 1024),
	/** Sync sockets one user may hold open at once, over every document (4013 past it). */
	SYNC_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(50),
	/** Sustained sync upgrades per second per user, and the burst (429 with Retry-After past it). */
	SYNC_UPGRADES_PER_USER_PER_SECOND: z.coerce.number().positive().default(5),
	SYNC_UPGRADE_USER_BURST: z.coerce.number().int().min(1).default(100),
	/**
	 * Refused sync upgrades per second per client address (an IPv6 /64), and the burst: past it
	 * every upgrade from that address gets 429 with Retry-After, before any database query.
	 */
	SYNC_UPGRADES_PER_ADDRESS_PER_SECOND: z.coerce.number().positive().default(20),
	SYNC_UPGRADE_ADDRESS_BURST: z.coerce.number().int().min(1).default(200),
	/** A document's size (encoded Yjs state) past which it only shrinks: growth closes with 4012. */
	SYNC_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024)
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parses the given environment (default `process.env`); throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty strings mean "unset" so that `DATABASE_URL=` in a .env behaves like no value.
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const result = configSchema.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
	}
	if (result.data.SESSION_MAX_DAYS < result.data.SESSION_IDLE_DAYS) {
		throw new ConfigError(['SESSION_MAX_DAYS: must be at least SESSION_IDLE_DAYS']);
	}
	return result.data;
}

const CONFIG_KEY = Symbol.for('alur.config');
type ConfigHolder = { [CONFIG_KEY]?: Config };

/** The process-wide configuration, parsed on first use. */
export function getConfig(): Config {
	const holder = globalThis as ConfigHolder;
	holder[CONFIG_KEY] ??= parseConfig();
	return holder[CONFIG_KEY];
}
