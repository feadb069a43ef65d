import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether another process has the embedded database (PGlite in DATA_DIR) open. PGlite is one
 * PostgreSQL backend inside one process, with no lock against a second one: two processes writing
 * the same directory corrupt it. While it is open, PGlite keeps `postmaster.pid` in the directory
 * (it removes it on a clean close), and the process holds the directory's relation files open.
 * The file alone cannot tell a running server from one that was killed (its pid is always -42),
 * so on Linux the open files decide: a process whose descriptors point into the directory has it
 * open. Without /proc (macOS, Windows), the file is all there is, and a stale one needs --force.
 */

export type EmbeddedDatabaseUse =
	| { inUse: false }
	| { inUse: true; pid: number; command: string }
	/** postmaster.pid is there and nothing can tell whether its process still runs. */
	| { inUse: 'unknown' };

export function embeddedDatabaseUse(dataDir: string): EmbeddedDatabaseUse {
	const dir = path.resolve(dataDir);
	if (!existsSync(path.join(dir, 'postmaster.pid'))) return { inUse: false };
	if (!existsSync('/proc/self/fd')) return { inUse: 'unknown' };
	const real = realpathSync(dir) + path.sep;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue; // another user's process, or one that just ended
		}
		for (const fd of fds) {
			let target: string;
			try {
				target = readlinkSync(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			if (target.startsWith(real)) return { inUse: true, pid: Number(entry), command: commandOf(entry) };
		}
	}
	return { inUse: false };
}

function commandOf(pid: string): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
}
