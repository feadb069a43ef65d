import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { DatabaseKind } from '../../../src/lib/server/db/client';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { MESSAGE_SAVED } from '../../../src/lib/sync/protocol';
import { connectClient, synced, waitFor, type Client, type Member } from './harness';

const CHILD = path.resolve('tests/integration/sync/fixtures/child-server.ts');

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
	// `--import tsx` runs the TypeScript in this one process: the tsx CLI would fork a grandchild
	// that a SIGKILL of its parent leaves running.
	const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout?.on('data', (d: Buffer) => {
			out += d.toString();
			const match = /READY (\d+)/.exec(out);
			if (match) resolve({ child, port: Number(match[1]) });
		});
		child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
	});
}

/**
 * Starts the child on a port outside the ephemeral range (so no outgoing connection can hold it
 * while the child is down), retrying when the port is taken.
 */
async function startChildOnFreePort(env: Record<string, string>, port?: number): Promise<{ child: ChildProcess; port: number }> {
	for (let attempt = 0; ; attempt++) {
		const candidate = port ?? 20_000 + Math.floor(Math.random() * 10_000);
		try {
			return await startChild({ ...env, PORT: String(candidate) });
		} catch (error) {
			if (attempt >= 5 || !String(error).includes('EADDRINUSE')) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}

interface Typist {
	client: Client;
	tokens: string[];
	/** The typist's own clock after each token: the token is saved once the saved state vector reaches it. */
	ends: number[];
	/** How many of `tokens` the server had reported saved. */
	confirmed: number;
}

/** Tracks which of a typist's inserts the server confirmed as saved (MESSAGE_SAVED covers them). */
function track(client: Client): Typist {
	const typist: Typist = { client, tokens: [], ends: [], confirmed: 0 };
	const original = client.provider.messageHandlers[MESSAGE_SAVED];
	client.provider.messageHandlers[MESSAGE_SAVED] = (encoder, decoder, provider, emitSynced, type) => {
		original(encoder, decoder, provider, emitSynced, type);
		const savedClock = client.saved()?.get(client.doc.clientID) ?? 0;
		while (typist.confirmed < typist.ends.length && typist.ends[typist.confirmed] <= savedClock) typist.confirmed += 1;
	};
	return typist;
}

describe.each(testDatabases)('sync server killed with SIGKILL on %s', (kind: DatabaseKind) => {
	let database: TestDatabase | null = null;
	let dataDir = '';
	let env: Record<string, string>;
	let child: ChildProcess | null = null;

	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'alur-crash-'));
		if (kind === 'postgres') {
			database = await createTestDatabase('postgres');
			env = { DATABASE_URL: database.url ?? '' };
		} else {
			// PGlite on disk, owned by the child process (which seeds it, see SEED_FILE).
			env = { DATA_DIR: path.join(dataDir, 'db'), DATABASE_URL: '' };
		}
	}, 120_000);
	afterAll(async () => {
		child?.kill('SIGKILL');
		await database?.destroy();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	it('loses no saved update and duplicates no text when clients reconnect after a restart', { timeout: 120_000 }, async () => {
		const seedFile = path.join(dataDir, 'seed.json');
		const first = await startChildOnFreePort({ ...env, SEED_FILE: seedFile });
		child = first.child;
		const { documentId, members } = JSON.parse(readFileSync(seedFile, 'utf8')) as { documentId: string; members: Member[] };
		const base = { baseUrl: `ws://127.0.0.1:${first.port}/sync` };
		const typists = members.map((m) => track(connectClient(base, documentId, m)));
		await Promise.all(typists.map((t) => synced(t.client)));

		let typing = true;
		const loops = typists.map(async (t, c) => {
			for (let i = 0; typing; i++) {
				const token = `[${c}.${i}]`;
				t.tokens.push(token);
				const text = t.client.doc.getText('t');
				text.insert(text.length, token);
				t.ends.push(Y.getState(t.client.doc.store, t.client.doc.clientID));
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		});
		await waitFor(() => typists.every((t) => t.confirmed >= 10), 'some saves confirmed', 30_000);

		// Crash: no flush, no goodbye. The clients keep typing, offline.
		child.kill('SIGKILL');
		await new Promise((resolve) => child?.once('exit', resolve));
		for (const t of typists) t.client.provider.disconnect();
		const confirmed = typists.map((t) => t.tokens.slice(0, t.confirmed));

		const second = await startChildOnFreePort(env, first.port);
		child = second.child;
		// Before any typist returns: a fresh client must find every confirmed insert.
		const observer = connectClient(base, documentId, members[0]);
		await synced(observer);
		const recovered = observer.text();
		for (const token of confirmed.flat()) expect(recovered).toContain(token);

		for (const t of typists) t.client.provider.connect();
		await waitFor(() => typists.every((t) => t.client.provider.synced), 'typists back', 30_000);
		typing = false;
		await Promise.all(loops);
		const all = [...typists.map((t) => t.client), observer];
		await waitFor(() => all.every((c) => c.text() === all[0].text()), 'converged', 30_000);
		const text = all[0].text();
		for (const t of typists) for (const token of t.tokens) expect(text.split(token).length - 1).toBe(1);
		for (const c of all) c.destroy();
		child.kill('SIGTERM');
		await new Promise((resolve) => child?.once('exit', resolve));
		child = null;
	});
});
