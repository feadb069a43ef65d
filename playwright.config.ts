import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: real Chromium (Debian's, Playwright's own download does not work here), the
 * real production server (`server/index.ts` serving `build/`) and the real embedded database
 * (PGlite) in a fresh data directory per run. `npm run test:e2e` checks for Chromium and builds
 * first; see tests/e2e/README.md.
 */

/**
 * 4173 when it is free, else any free port: several runs on one machine (other checkouts, a
 * colleague's run) must not meet each other's server. Asked once, in a child process because
 * the config is synchronous.
 */
function freePort(preferred: number): number {
	const probe = `const net = require('node:net');
const tryPort = (port, next) => { const s = net.createServer(); s.once('error', next);
  s.listen(port, '127.0.0.1', () => { const p = s.address().port; s.close(() => console.log(p)); }); };
tryPort(${preferred}, () => tryPort(0, (e) => { throw e; }));`;
	return Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim());
}

// Playwright loads this file in the runner and again in every worker: the first load picks the
// port, the data directory and the output directory, and the workers inherit them through the
// environment, so all agree.
const runId = (process.env.ALUR_E2E_RUN ??= `${Date.now()}-${process.pid}`);
process.env.E2E_PORT ??= String(freePort(4173));
process.env.ALUR_E2E_DATA_DIR ??= path.resolve('.tmp', `e2e-${runId}`);
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;
const dataDir = process.env.ALUR_E2E_DATA_DIR;

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless on these machines: no sandbox as root, and none of Chromium's calls home (refused here). */
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	globalSetup: './tests/e2e/global-setup.ts',
	// Every test makes its own users and organisations, so tests of one file may run side by side.
	fullyParallel: true,
	// Two cores: the server (argon2, PGlite) needs one of them.
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	// Generous: a loaded two-core CI machine (argon2, PGlite, two Chromiums) triples step times.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
	// Per run: Playwright empties its output directory at start, which must not hit another run.
	outputDir: `test-results/e2e-${runId}`,
	use: {
		baseURL,
		locale: 'id-ID',
		timezoneId: 'Asia/Jakarta',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		actionTimeout: 10_000,
		navigationTimeout: 15_000,
		launchOptions: {
			executablePath: chromiumPath,
			args: chromiumArgs
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'npx tsx server/index.ts',
		url: `${baseURL}/healthz`,
		// Start-up (tsx, PGlite, migrations) takes 5–10 s idle, far more on a busy machine.
		timeout: 120_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			NODE_ENV: 'production',
			// No ORIGIN, as in the README's quick start: the origin comes from the request.
			ORIGIN: '',
			// Always the embedded database, even when the shell has these set for other tests.
			DATABASE_URL: '',
			REDIS_URL: ''
		}
	}
});
