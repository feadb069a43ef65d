/**
 * `npm start` runs this first: build the app when there is no build yet or when a source file
 * is newer than it, so a fresh clone starts with `npm install && npm start`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'build', 'handler.js');
const inputs = ['src', 'messages', 'static', 'project.inlang/settings.json', 'svelte.config.js', 'vite.config.ts', 'vite', 'package-lock.json'];
// Generated during the build itself; counting it would rebuild forever.
const ignored = new Set([path.join(root, 'src', 'lib', 'paraglide')]);

function newestMtime(target: string): number {
	if (ignored.has(target) || !existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
const sources = Math.max(...inputs.map((input) => newestMtime(path.join(root, input))));
if (built < sources) {
	console.log(built === 0 ? 'Building Alur (first start)…' : 'Sources changed since the last build: rebuilding…');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}
