/**
 * Seeds a fresh Alur database (PostgreSQL or a PGlite data directory) with real accounts through the app's own
 * repositories: one organisation, one team, users (one per `clientsPerUser` clients) who are
 * team members (so editors of the team's documents), one session per client, and documents.
 * Runs in the orchestrator process before the server starts and closes the database first
 * (PGlite is single-process; a PostgreSQL template database must have no connections).
 */
import { openDatabase, type Db } from '../../src/lib/server/db/client';
import { documents } from '../../src/lib/server/db/schema';
import { createUser } from '../../src/lib/server/repositories/users';
import { addOrgMember, createOrganization } from '../../src/lib/server/repositories/organizations';
import { createTeam, setTeamMember } from '../../src/lib/server/repositories/teams';
import { createSession, sessionPolicy, SESSION_COOKIE } from '../../src/lib/server/auth/session';
import * as documentRepository from '../../src/lib/server/repositories/documents';
import { loadDocumentLog } from '../../src/lib/server/repositories/document-log';
import { mergeStoredUpdates } from '../../server/sync/store';

export interface Seeded {
	documentIds: string[];
	/** `Cookie` header values, one per client. */
	cookies: string[];
	/** Whether documents were created through the app's createDocument (with its template). */
	viaCreateDocument: boolean;
	/**
	 * A created document's stored content (its template) as one update, base64; null without
	 * createDocument. The reference's cold document starts from it, so both hold the same content.
	 */
	templateState: string | null;
	/** Team mentors (commenters on the team's documents), one session each: the `review` point. */
	commenters: { cookie: string; userId: string }[];
}

type CreateDocument = (
	db: Db,
	input: { orgId: string; teamId: string; type: 'failure_analysis'; title: string; createdBy: string }
) => Promise<{ id: string } | string>;

export async function seedAlur(
	target: { dataDir: string } | { url: string },
	options: { clients: number; documents: number; clientsPerUser?: number; commenters?: number; migrationsDir: string }
): Promise<Seeded> {
	const database = await openDatabase({
		...('url' in target ? { url: target.url, dataDir: '' } : { dataDir: target.dataDir }),
		migrationsDir: options.migrationsDir
	});
	try {
		// One transaction: thousands of single-row commits are slow on PGlite.
		return await database.db.transaction(async (db) => seed(db as unknown as Db, options));
	} finally {
		await database.close();
	}
}

async function seed(db: Db, options: { clients: number; documents: number; clientsPerUser?: number; commenters?: number }): Promise<Seeded> {
	const perUser = options.clientsPerUser ?? 20;
	const userCount = Math.max(1, Math.ceil(options.clients / perUser));
	const users: string[] = [];
	for (let i = 0; i < userCount; i++) {
		const user = await createUser(db, {
			email: `bench-${i}@bench.example`,
			name: `Bench ${i}`,
			passwordHash: 'not-a-login-account'
		});
		users.push(user.id);
	}
	const org = await createOrganization(db, 'Bench organisation', users[0]);
	const team = await createTeam(db, org.id, { name: 'Bench team' });
	for (const userId of users) {
		if (userId !== users[0]) await addOrgMember(db, org.id, userId, 'member');
		await setTeamMember(db, team, userId, 'member');
	}
	const policy = sessionPolicy(14, 60);
	const cookies: string[] = [];
	for (let i = 0; i < options.clients; i++) {
		// Consecutive clients share a user, so every load point gets one user per `perUser` clients.
		const { token } = await createSession(db, users[Math.floor(i / perUser)], policy);
		cookies.push(`${SESSION_COOKIE}=${token}`);
	}
	const commenters: Seeded['commenters'] = [];
	for (let i = 0; i < (options.commenters ?? 0); i++) {
		const mentor = await createUser(db, { email: `bench-mentor-${i}@bench.example`, name: `Bench mentor ${i}`, passwordHash: 'not-a-login-account' });
		await addOrgMember(db, org.id, mentor.id, 'member');
		await setTeamMember(db, team, mentor.id, 'mentor');
		const { token } = await createSession(db, mentor.id, policy);
		commenters.push({ cookie: `${SESSION_COOKIE}=${token}`, userId: mentor.id });
	}
	const createDocument = (documentRepository as Record<string, unknown>).createDocument as CreateDocument | undefined;
	const documentIds: string[] = [];
	for (let i = 0; i < options.documents; i++) {
		const input = {
			orgId: org.id,
			teamId: team.id,
			type: 'failure_analysis' as const,
			title: `Bench document ${i}`,
			createdBy: users[i % userCount]
		};
		if (typeof createDocument === 'function') {
			const created = await createDocument(db, input);
			documentIds.push(typeof created === 'string' ? created : created.id);
		} else {
			const id = crypto.randomUUID();
			await db.insert(documents).values({ id, ...input });
			documentIds.push(id);
		}
	}
	let templateState: string | null = null;
	if (typeof createDocument === 'function') {
		const stored = await loadDocumentLog(db, documentIds[0]);
		templateState = Buffer.from(mergeStoredUpdates(stored.state, stored.updates.map((u) => u.data))).toString('base64');
	}
	return { documentIds, cookies, viaCreateDocument: typeof createDocument === 'function', templateState, commenters };
}
