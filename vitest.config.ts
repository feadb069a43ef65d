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
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
