/**
 * Run by `npm run test:e2e` before the build: the e2e suite drives Debian's Chromium (Playwright's
 * own browser download does not work on these machines), so stop early with the fix when it is
 * missing instead of failing every test with a launch error.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const fromEnv = process.env.CHROMIUM_PATH;
const chromium = fromEnv ?? '/usr/bin/chromium';

function fail(reason: string): never {
	console.error(
		[
			`E2E tests need Chromium, but ${reason}.`,
			'Fix it with one of:',
			'  apt-get update && apt-get install -y chromium      (Debian/Ubuntu, installs /usr/bin/chromium)',
			'  CHROMIUM_PATH=/path/to/chromium npm run test:e2e   (use a Chromium installed elsewhere)',
			''
		].join('\n')
	);
	process.exit(1);
}

let isFile = false;
try {
	isFile = statSync(chromium).isFile();
} catch {
	fail(`${chromium} does not exist${fromEnv ? ' (from CHROMIUM_PATH)' : ''}`);
}
if (!isFile) fail(`${chromium} is not a file${fromEnv ? ' (from CHROMIUM_PATH)' : ''}`);
try {
	accessSync(chromium, constants.X_OK);
} catch {
	fail(`${chromium} is not executable`);
}

const version = spawnSync(chromium, ['--version'], { encoding: 'utf8', timeout: 30_000 });
if (version.status !== 0) {
	fail(`${chromium} --version failed (${(version.stderr || version.error?.message || `exit ${version.status}`).trim()})`);
}
console.log(`Using ${version.stdout.trim()} (${chromium})`);
