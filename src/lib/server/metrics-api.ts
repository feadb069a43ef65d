import { json } from '@sveltejs/kit';
import type { Executor } from './db';
import type { SessionUser } from './auth/session';
import { bearerToken, validateApiToken } from './auth/api-tokens';
import { apiError, apiHandler } from './api';
import { authorize, requireOrg } from './authz';
import { resolveImpactScope } from './impact-scope';
import { loadImpactDashboard } from './repositories/metrics';
import { m } from '../paraglide/messages';

/**
 * `GET /api/v1/metrics` (a personal API token; the organisation is the token's) and
 * `GET /api/v1/orgs/<orgId>/metrics` (a token of that organisation, or the session): the
 * dashboard's figures as JSON, exactly what `loadImpactDashboard` computes, with the metric
 * definitions' version. Every refusal is `{code, message}` JSON (api.ts).
 */

function unauthorized(code: 'invalid_token' | 'token_required' | 'unauthorized'): Response {
	const response = apiError(401, code, code === 'unauthorized' ? m.error_signed_out() : m.impact_api_token_invalid());
	// RFC 6750: a bearer-protected resource names its scheme; an invalid token says so.
	response.headers.set('www-authenticate', code === 'invalid_token' ? 'Bearer error="invalid_token"' : 'Bearer');
	return response;
}

interface Caller {
	user: SessionUser;
	orgId: string;
}

/**
 * Who calls: a bearer token when the request carries an Authorization header (a wrong one is a
 * 401 even if a session cookie came along, so a script never silently runs as someone else),
 * else the session when the path names the organisation.
 */
async function authenticate(db: Executor, request: Request, sessionUser: SessionUser | null, pathOrgId: string | null): Promise<Caller | Response> {
	const header = request.headers.get('authorization');
	if (header !== null) {
		const token = bearerToken(header);
		const valid = token ? await validateApiToken(db, token) : null;
		if (!valid) return unauthorized('invalid_token');
		// A token is bound to one organisation: any other is, through it, an organisation it cannot see.
		if (pathOrgId !== null && pathOrgId.toLowerCase() !== valid.orgId) return apiError(404, 'not_found', m.error_not_found());
		return { user: valid.user, orgId: valid.orgId };
	}
	if (pathOrgId !== null && sessionUser) return { user: sessionUser, orgId: pathOrgId };
	return unauthorized(pathOrgId === null ? 'token_required' : 'unauthorized');
}

export function metricsEndpoint(
	event: { request: Request; url: URL; locals: App.Locals },
	pathOrgId: string | null
): Promise<Response> {
	return apiHandler(async () => {
		const db = event.locals.database.db;
		const caller = await authenticate(db, event.request, event.locals.user, pathOrgId);
		if (caller instanceof Response) return caller;
		const { org, membership } = await requireOrg(db, caller.user, caller.orgId);
		authorize(membership, 'view', { kind: 'impact', orgId: org.id });
		const resolved = await resolveImpactScope(db, org.id, event.url.searchParams);
		if (!resolved.ok) return apiError(resolved.refusal.status, resolved.refusal.code, resolved.refusal.message);
		const dashboard = await loadImpactDashboard(db, resolved.scope, resolved.today);
		return json(dashboard, { headers: { 'cache-control': 'no-store' } });
	});
}
