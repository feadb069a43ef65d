import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { apiTokens, organizations, users } from '../db/schema';
import { newId, isUuid } from '../../ids';
import { generateSecureRandomString, hashSecret, secretMatches } from './tokens';
import type { SessionUser } from './session';
import { API_TOKEN_NAME_MAX, API_TOKENS_MAX } from '../../impact/api-token-limits';

/**
 * Personal API tokens for `GET /api/v1/metrics`: each belongs to one user and is bound to one
 * organisation, as sessions are handled (the Lucia recipe): `alur_<id>.<secret>`, the secret 120
 * bits from the CSPRNG, only its SHA-256 stored and compared in constant time. A token answers
 * for its user's current membership (checked on every request), so a member who leaves the
 * organisation takes their tokens' access with them.
 */

const PREFIX = 'alur_';
/** Writes of `last_used_at` are spaced out: a script polling every second need not write every time. */
const TOUCH_INTERVAL_MS = 60 * 1000;
export { API_TOKEN_NAME_MAX, API_TOKENS_MAX };

export interface ApiTokenListItem {
	id: string;
	orgId: string;
	orgName: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

export function parseApiToken(token: string): { id: string; secret: string } | null {
	if (!token.startsWith(PREFIX)) return null;
	const parts = token.slice(PREFIX.length).split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts;
	// The secret alphabet of generateSecureRandomString (no l, o, 0, 1).
	if (!isUuid(id) || !/^[a-km-np-z2-9]{24}$/.test(secret)) return null;
	return { id: id.toLowerCase(), secret };
}

/** The token from an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: string | null): string | null {
	if (!header) return null;
	const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
	return match ? match[1] : null;
}

export class TooManyApiTokensError extends Error {}

/** Makes a token; the whole token is returned once and never again (only its hash is kept). */
export async function createApiToken(
	db: Executor,
	input: { userId: string; orgId: string; name: string }
): Promise<{ id: string; token: string }> {
	const [{ active }] = await db
		.select({ active: count() })
		.from(apiTokens)
		.where(and(eq(apiTokens.userId, input.userId), eq(apiTokens.orgId, input.orgId), isNull(apiTokens.revokedAt)));
	if (active >= API_TOKENS_MAX) throw new TooManyApiTokensError();
	const id = newId();
	const secret = generateSecureRandomString();
	await db.insert(apiTokens).values({ id, orgId: input.orgId, userId: input.userId, name: input.name.trim(), secretHash: hashSecret(secret) });
	return { id, token: `${PREFIX}${id}.${secret}` };
}

/** The user's live tokens, newest first, with their organisation's name. */
export async function listApiTokens(db: Executor, userId: string): Promise<ApiTokenListItem[]> {
	return db
		.select({
			id: apiTokens.id,
			orgId: apiTokens.orgId,
			orgName: organizations.name,
			name: apiTokens.name,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt
		})
		.from(apiTokens)
		.innerJoin(organizations, eq(organizations.id, apiTokens.orgId))
		.where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes one of the user's own tokens; false when it is not theirs, unknown or already revoked. */
export async function revokeApiToken(db: Executor, userId: string, tokenId: string, now = new Date()): Promise<boolean> {
	if (!isUuid(tokenId)) return false;
	const rows = await db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.returning({ id: apiTokens.id });
	return rows.length > 0;
}

export interface ValidApiToken {
	tokenId: string;
	orgId: string;
	user: SessionUser;
}

/**
 * Checks a presented token. Malformed, unknown, revoked or with a wrong secret: null, all alike
 * (the caller answers 401 without saying which).
 */
export async function validateApiToken(db: Executor, token: string, now = new Date()): Promise<ValidApiToken | null> {
	const parts = parseApiToken(token);
	if (!parts) return null;
	const [found] = await db
		.select({ token: apiTokens, user: { id: users.id, email: users.email, name: users.name } })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(eq(apiTokens.id, parts.id));
	if (!found || !secretMatches(parts.secret, found.token.secretHash) || found.token.revokedAt !== null) return null;
	const last = found.token.lastUsedAt;
	if (!last || now.getTime() - last.getTime() >= TOUCH_INTERVAL_MS) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, found.token.id));
	}
	return { tokenId: found.token.id, orgId: found.token.orgId, user: found.user };
}
