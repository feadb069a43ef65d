import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../../helpers/database';
import { makeWorld, rawSocket, startSync, type SyncFixture, type World } from './harness';

/**
 * A browser's Y.Doc belongs to one user and its socket says so (`?user=`); the cookie belongs to
 * the whole browser. When someone else has signed in on the same PC since the tab opened, the
 * upgrade must be refused before it completes, so not one of the first user's edits is read
 * under the second user's session (ARCHITECTURE.md, "Offline copies on a shared PC").
 */
describe.each(testDatabases)('sync upgrade for the user the socket names, on %s', (kind) => {
	let database: TestDatabase;
	let fixture: SyncFixture;
	let world: World;

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		fixture = await startSync(database);
		world = await makeWorld(database.db);
	});
	afterAll(async () => {
		await fixture.close();
		await database.destroy();
	});

	const url = (query: string) => `${fixture.baseUrl}/${world.documentId}${query}`;

	it('opens when the socket names the cookie\'s user', async () => {
		const socket = rawSocket(url(`?user=${world.editor.userId}`), { cookie: world.editor.cookie });
		await expect(socket.opened).resolves.toBeUndefined();
		socket.ws.close();
	});

	it('refuses with 409 when the cookie belongs to another user, even one with the same role on the document', async () => {
		// Budi is an editor of the same document: without the check, the upgrade would succeed.
		const budi = await world.member({ team: 'member', name: 'Budi Santoso' });
		const withBudisCookie = rawSocket(url(`?user=${world.editor.userId}`), { cookie: budi.cookie });
		const outcome = await Promise.race([withBudisCookie.refused, withBudisCookie.opened.then(() => 'opened')]);
		expect(outcome).toBe(409);
		// His own socket opens.
		const his = rawSocket(url(`?user=${budi.userId}`), { cookie: budi.cookie });
		await his.opened;
		his.ws.close();
	});

	it('checks the session and the document first: a signed-out cookie is 401, a stranger 404', async () => {
		const signedOut = rawSocket(url(`?user=${world.editor.userId}`), { cookie: 'alur_session=abc.def' });
		expect(await signedOut.refused).toBe(401);
		const other = await makeWorld(database.db);
		const stranger = rawSocket(url(`?user=${world.editor.userId}`), { cookie: other.editor.cookie });
		expect(await stranger.refused).toBe(404);
	});

	it('leaves clients that name no user to the cookie alone', async () => {
		const socket = rawSocket(url(''), { cookie: world.editor.cookie });
		await expect(socket.opened).resolves.toBeUndefined();
		socket.ws.close();
	});
});
