/**
 * `npm run seed:demo [-- --reset] [-- --force]`: fills the demo organisation on the configured
 * database — DATABASE_URL's PostgreSQL, or else the embedded PGlite in DATA_DIR (./data) — opened
 * exactly as the app opens it (migrations applied), so `npm start` afterwards shows it.
 */
import path from 'node:path';
import { ConfigError, getConfig } from '../../src/lib/server/config';
import { closeDatabase, getDatabase } from '../../src/lib/server/db';
import { embeddedDatabaseUse } from './embedded-lock';
import { DemoConflictError, seedDemo } from './seed';
import { DEMO_ORG_NAME, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAMS } from './content/people';

const USAGE = `Usage: npm run seed:demo [-- --reset] [-- --force]
  --reset  delete the demo organisation and its accounts, then write them again
  --force  seed the embedded database even though it looks in use (only when you are sure no server runs)`;

/** Exit codes: 0 done (or already there), 1 failed, 2 the embedded database is in use, 64 bad usage. */
async function main(): Promise<number> {
	const started = performance.now();
	// npm passes what follows `--`; a `--` reaching here (tsx run directly) separates nothing.
	const args = process.argv.slice(2).filter((a) => a !== '--');
	const unknown = args.filter((a) => !['--reset', '--force', '--help', '-h'].includes(a));
	if (args.includes('--help') || args.includes('-h') || unknown.length > 0) {
		if (unknown.length > 0) console.error(`Unknown option: ${unknown.join(' ')}`);
		console.error(USAGE);
		return unknown.length > 0 ? 64 : 0;
	}
	const reset = args.includes('--reset');
	const force = args.includes('--force');

	let config;
	try {
		config = getConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			return 1;
		}
		throw error;
	}
	const embedded = !config.DATABASE_URL;
	if (embedded && !config.DATA_DIR.startsWith('memory://') && !force) {
		const use = embeddedDatabaseUse(config.DATA_DIR);
		if (use.inUse) {
			const who = use.inUse === true ? ` by process ${use.pid}${use.command ? ` (${use.command})` : ''}` : '';
			console.error(
				`The embedded database in ${path.resolve(config.DATA_DIR)} is in use${who}.\n` +
					'PGlite allows one process at a time: stop the server first (Ctrl+C in its terminal), then run `npm run seed:demo` again.' +
					(use.inUse === 'unknown' ? '\nIf no server is running (it was killed and left its lock file behind), add `-- --force`.' : '')
			);
			return 2;
		}
	}

	const where = embedded ? `embedded PGlite in ${path.resolve(config.DATA_DIR)}` : 'PostgreSQL (DATABASE_URL)';
	const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
	const log = (line: string) => console.log(`[${elapsed()}] ${line}`);
	log(`Opening the database: ${where} (applying migrations)…`);
	const database = await getDatabase();
	try {
		const summary = await seedDemo(database.db, { reset, log });
		if (summary.status === 'exists') {
			console.log(
				`\nThe demo organisation "${DEMO_ORG_NAME}" is already there; nothing was changed.\n` +
					'Run `npm run seed:demo -- --reset` to delete it and write it again.'
			);
		} else {
			const c = summary.counts;
			console.log(
				`\nDone in ${elapsed().trim()}: "${DEMO_ORG_NAME}" with ${c.teams} teams, ${c.users} accounts, ${c.documents} documents, ` +
					`${c.lessons} lessons (${c.published} published), ${c.reuses} reuses, ${c.processChanges} process changes with ` +
					`${c.measurements} measurements, ${c.comments} comments, ${c.editDays} edit days, ${c.trainingRecords} training records.`
			);
			if (summary.actionItems === 'list') console.log('Action items are written as plain lists: this editor has no action items yet.');
		}
		printLogins();
		console.log('\nStart the app with `npm start` and sign in at http://localhost:3000.');
		return 0;
	} finally {
		await closeDatabase();
	}
}

function printLogins(): void {
	const teamNames = new Map(DEMO_TEAMS.map((t) => [t.key, t.name]));
	const role = (p: (typeof DEMO_PEOPLE)[number]) => {
		if (p.orgRole === 'admin') return 'admin';
		if (p.orgRole === 'knowledge_manager') return 'knowledge manager';
		const teams = Object.entries(p.teams).map(([key, r]) => `${r === 'mentor' ? 'mentor' : 'member'}, ${teamNames.get(key)}`);
		return teams.join('; ');
	};
	console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
	for (const person of DEMO_PEOPLE) console.log(`  ${person.email.padEnd(24)} ${person.name.padEnd(22)} ${role(person)}`);
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		if (error instanceof DemoConflictError) {
			console.error(error.message);
			process.exit(1);
		}
		console.error('Seeding the demo failed; nothing was written (it runs in one transaction).');
		console.error(error);
		process.exit(1);
	}
);
