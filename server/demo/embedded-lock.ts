import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether another process has the embedded database (PGlite in DATA_DIR) open. PGlite is one
 * PostgreSQL backend inside one process, with no lock against a second one: two processes writing
 * the same directory corrupt it. On Linux the open files decide: the process that has the
 * database open holds the directory's relation files open, and /proc shows whose descriptors
 * point into it. `postmaster.pid` cannot decide there: its pid is always -42, a killed server
 * leaves it behind, and a second process that opens and closes the same directory deletes it
 * while the first still runs. Without /proc (macOS, Windows) that file is all there is: present
 * means "maybe in use", and a stale one needs --force.
 */

export type EmbeddedDatabaseUse =
	| { inUse: false }
	| { inUse: true; pid: number; command: string }
	/** postmaster.pid is there and nothing can tell whether its process still runs. */
	| { inUse: 'unknown' };

export function embeddedDatabaseUse(dataDir: string): EmbeddedDatabaseUse {
	const dir = path.resolve(dataDir);
	if (!existsSync(dir)) return { inUse: false };
	if (!existsSync('/proc/self/fd')) return existsSync(path.join(dir, 'postmaster.pid')) ? { inUse: 'unknown' } : { inUse: false };
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
