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
	INVITATION_DAYS: z.coerce.number().positive().max(90).default(7)
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
