import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run plain Node modules: no SvelteKit or Paraglide plugins (their
// watchers keep the process alive), so code under test imports by relative path or `$lib`.
export default defineConfig({
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	test: {
		expect: { requireAssertions: true },
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Vitest leaves a core free by default (one worker on CI's two); the integration suites
		// mostly wait on sockets, timers and PostgreSQL, so a worker per core takes ~35 % off the run.
		// Each suite has its own databases (tests/helpers/database.ts) and ports, so they never meet.
		maxWorkers: os.availableParallelism(),
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
