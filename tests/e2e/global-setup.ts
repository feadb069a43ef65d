import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Left-overs older than this belong to finished runs (a run takes minutes); younger ones may be
 * a run going on now, in this checkout, with its server still using the directory.
 */
const STALE_MS = 60 * 60 * 1000;

function removeStale(parent: string, prefix: string, keep: string | null): void {
	if (!existsSync(parent)) return;
	const now = Date.now();
	for (const entry of readdirSync(parent)) {
		const dir = path.join(parent, entry);
		if (!entry.startsWith(prefix) || dir === keep) continue;
		try {
			if (now - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true });
		} catch {
			// Removed by someone else meanwhile: fine.
		}
	}
}

/**
 * Each run's server gets a fresh embedded database in `.tmp/e2e-<run>` and writes its artefacts
 * to `test-results/e2e-<run>` (playwright.config.ts). Remove what earlier runs left behind.
 */
export default function globalSetup(): void {
	const dataDir = process.env.ALUR_E2E_DATA_DIR ? path.resolve(process.env.ALUR_E2E_DATA_DIR) : null;
	removeStale(path.resolve('.tmp'), 'e2e-', dataDir);
	const run = process.env.ALUR_E2E_RUN;
	removeStale(path.resolve('test-results'), 'e2e-', run ? path.resolve('test-results', `e2e-${run}`) : null);
}
