import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '../../src/lib/server/db';
import { SESSION_COOKIE, type ValidSession } from '../../src/lib/server/auth/session';
import type { StoredDocument } from '../../src/lib/server/repositories/document-log';
import { loadUpgradeAccess } from '../../src/lib/server/repositories/upgrade-access';
import type { DocumentRole } from '../../src/lib/roles';
import { splitToken } from '../../src/lib/server/auth/tokens';
import { isUuid } from '../../src/lib/ids';
import type { SyncSettings } from './settings';
import type { UpgradeLimits } from './upgrade-limits';

/**
 * Decides an upgrade before it completes (the seam y-websocket-server leaves open): the path
 * names a document, the Origin is ours, the session cookie is valid, and the user has a role on
 * that document. Failures answer plain HTTP: 403 wrong or missing Origin, 401 no or invalid
 * session, 404 anything about the document (outsiders must not learn it exists), 409 a socket
 * opened for another user than the cookie's (`?user=`, expectedUserId), 429 over a throttle
 * (upgrade-limits.ts).
 */
export type UpgradeDecision =
	| { ok: true; documentId: string; orgId: string; session: ValidSession; role: DocumentRole; stored?: StoredDocument }
	/** `retryAfter` (seconds) with 429. */
	| { ok: false; status: 401 | 403 | 404 | 409 | 429 | 503; code: string; message: string; retryAfter?: number };

/** The answer to an upgrade over its throttle. */
export function throttled(waitSeconds: number): Extract<UpgradeDecision, { ok: false }> {
	return { ok: false, status: 429, code: 'too_many_requests', message: 'Too many connection attempts', retryAfter: Math.max(1, Math.ceil(waitSeconds)) };
}

const SYNC_PATH = /^\/sync\/([^/]+)\/?$/;

function documentIdFromPath(url: string | undefined): string | null {
	const pathname = new URL(url ?? '/', 'http://localhost').pathname;
	const match = SYNC_PATH.exec(pathname);
	return match ? decodeURIComponent(match[1]) : null;
}

/**
 * The user a browser's Y.Doc belongs to (`?user=<id>`). The cookie is the browser's, not the
 * tab's: after another person signs in on the same PC, a tab still open for the previous one
 * would reconnect under the new session and send the previous person's unsent edits. Alur's
 * editor always names its user; a client that names none is checked by its cookie alone.
 */
export function expectedUserId(url: string | undefined): string | null {
	return new URL(url ?? '/', 'http://localhost').searchParams.get('user');
}

/** The path's document id in canonical (lower-case) form, or null when it names no UUID. */
export function requestedDocumentId(url: string | undefined): string | null {
	const id = documentIdFromPath(url);
	return id && isUuid(id) ? id.toLowerCase() : null;
}

export function isSyncPath(url: string | undefined): boolean {
	return new URL(url ?? '/', 'http://localhost').pathname.startsWith('/sync/');
}

/** A dot segment (`.`, `..`, also percent-encoded) anywhere in a raw path. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$|\?)/i;

/**
 * The answer to an upgrade no listener takes: 400 for a target that is not a plain path (dot
 * segments such as `/sync/../x`, or not origin-form), 404 for any other path. Answered rather
 * than left hanging: an unanswered upgrade holds its socket (and a file descriptor) until the
 * client gives up.
 */
export function unclaimedUpgradeStatus(url: string | undefined): 400 | 404 {
	if (!url || !url.startsWith('/') || url.startsWith('//') || DOT_SEGMENT.test(url)) return 400;
	return 404;
}

export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() !== name) continue;
		const value = part.slice(eq + 1).trim();
		try {
			return decodeURIComponent(value);
		} catch {
			return null;
		}
	}
	return null;
}

/**
 * The Origin must be the host the request came to, ORIGIN, or a listed extra origin. Browsers
 * always send it on a WebSocket, so a missing one is refused too: a request without it comes
 * from a script, not from Alur's page (other clients could forge it anyway, but then they need
 * a session cookie they did not get through a browser).
 */
export function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
	const origin = req.headers.origin;
	if (!origin) return false;
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		return false;
	}
	if (allowed.has(parsed.origin)) return true;
	const host = req.headers.host;
	return !!host && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === host.toLowerCase();
}

/**
 * `documentId`: the path's, from requestedDocumentId(); `withDocument`: also read the stored
 * document (for one not in memory) in the same query. Everything that needs no database —
 * Origin, a cookie of the right shape, a path naming a document, the user throttle of a session
 * seen before — is decided before the query; the user throttle of a new session after it.
 */
export async function authorizeUpgrade(
	db: Db,
	req: IncomingMessage,
	settings: SyncSettings,
	request: { documentId: string | null; withDocument: boolean },
	limits: UpgradeLimits
): Promise<UpgradeDecision> {
	if (!originAllowed(req, settings.allowedOrigins)) return { ok: false, status: 403, code: 'forbidden_origin', message: 'Origin not allowed' };
	const token = readCookie(req.headers.cookie, SESSION_COOKIE);
	const parts = token ? splitToken(token) : null;
	if (!token || !parts) return { ok: false, status: 401, code: 'unauthenticated', message: 'Sign in first' };
	const wait = limits.userWaitBySession(parts.id);
	if (wait > 0) return throttled(wait);
	if (!request.documentId) return { ok: false, status: 404, code: 'not_found', message: 'Not found' };
	try {
		const access = await loadUpgradeAccess(db, token, request.documentId, settings.sessionPolicy, {
			withDocument: request.withDocument
		});
		if (access.status === 'signed-out') return { ok: false, status: 401, code: 'unauthenticated', message: 'Sign in first' };
		// Refused upgrades count against the address (index.ts), accepted ones against the user.
		if (access.status === 'no-access') return { ok: false, status: 404, code: 'not_found', message: 'Not found' };
		const expected = expectedUserId(req.url);
		if (expected !== null && expected !== access.session.user.id) {
			return { ok: false, status: 409, code: 'user_changed', message: 'Signed in as another user' };
		}
		const userWait = limits.admitUser(parts.id, access.session.user.id);
		if (userWait > 0) return throttled(userWait);
		return {
			ok: true,
			documentId: access.documentId,
			orgId: access.orgId,
			session: access.session,
			role: access.role,
			...(access.stored ? { stored: access.stored } : {})
		};
	} catch {
		return { ok: false, status: 503, code: 'unavailable', message: 'Try again later' };
	}
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	429: 'Too Many Requests',
	503: 'Service Unavailable'
};

/**
 * Answers an upgrade request with a plain HTTP error (JSON `{code, message}`, and `Retry-After`
 * when given, in seconds) and hangs up.
 */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string, retryAfter?: number): void {
	if (socket.destroyed) return;
	const body = JSON.stringify({ code, message });
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
			'Connection: close\r\n' +
			(retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`) +
			'Content-Type: application/json\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n` +
			'\r\n' +
			body
	);
	setTimeout(() => socket.destroy(), 1000).unref();
}
