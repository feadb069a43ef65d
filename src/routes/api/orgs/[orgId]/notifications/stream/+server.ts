import type { RequestHandler } from './$types';
import { apiHandler, signedOut } from '$lib/server/api';
import { requireOrg } from '$lib/server/authz';
import { getOrgRole } from '$lib/server/repositories/organizations';
import { countUnread } from '$lib/server/repositories/notifications';
import { onNotificationsChanged, onShutdown } from '$lib/server/notification-signal';

/**
 * The live unread count of the caller's inbox in one organisation, as server-sent events:
 * `GET /api/orgs/<orgId>/notifications/stream` (text/event-stream). Every message is
 * `event: unread` with `data: {"count": n}`: one at once, one whenever this process signals that
 * the user's notifications changed (notification-signal.ts), and one every `_timings.pollMs` (20 s) — for
 * notifications written by another instance (the signal reaches this process only), and as a
 * keep-alive through proxies. Why not the sync socket: see ARCHITECTURE.md "Notifications".
 *
 * The membership is checked on open (404 outside the organisation, 401 signed out) and again
 * on every poll: a member removed from the organisation stops getting counts. A stream ends
 * after `_timings.maxAgeMs` (10 min), and when the process shuts down (`signalShutdown`);
 * EventSource then reconnects by itself, which checks the session again.
 */

/**
 * `pollMs`: re-read the count (and the membership) this often without a signal — notifications
 * written by other instances — and keep the line busy through proxies. `maxAgeMs`: end a stream
 * after this long; the reconnect re-authenticates the cookie's session. Tests shorten them
 * (SvelteKit allows an endpoint's own exports only with a leading underscore).
 */
export const _timings = { pollMs: 20_000, maxAgeMs: 10 * 60_000 };
/** How long EventSource waits before reconnecting (the `retry` field). */
const RETRY_MS = 2_000;
/** Signals within this window share one count query. */
const COALESCE_MS = 50;

export const GET: RequestHandler = ({ locals, params, request }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const user = locals.user;
		const { org } = await requireOrg(db, user, params.orgId);
		const encoder = new TextEncoder();

		let closed = false;
		let unsubscribe: (() => void) | null = null;
		let unsubscribeShutdown: (() => void) | null = null;
		let poll: ReturnType<typeof setInterval> | null = null;
		let maxAge: ReturnType<typeof setTimeout> | null = null;
		let coalesce: ReturnType<typeof setTimeout> | null = null;
		let reading = false;
		let again = false;

		const stop = (controller?: ReadableStreamDefaultController<Uint8Array>) => {
			if (closed) return;
			closed = true;
			unsubscribe?.();
			unsubscribeShutdown?.();
			if (poll) clearInterval(poll);
			if (maxAge) clearTimeout(maxAge);
			if (coalesce) clearTimeout(coalesce);
			request.signal.removeEventListener('abort', onAbort);
			try {
				controller?.close();
			} catch {
				// Already closed by the client.
			}
		};
		const onAbort = () => stop();

		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				const send = (text: string) => {
					if (!closed) controller.enqueue(encoder.encode(text));
				};
				// One count query at a time; a signal during one asks for another after it.
				const sendCount = async (checkMembership: boolean) => {
					if (closed) return;
					if (reading) {
						again = true;
						return;
					}
					reading = true;
					try {
						if (checkMembership && !(await getOrgRole(db, org.id, user.id))) {
							stop(controller);
							return;
						}
						const count = await countUnread(db, user.id, org.id);
						send(`event: unread\ndata: ${JSON.stringify({ count })}\n\n`);
					} catch {
						// The database is away: say nothing now, the next poll or signal tries again.
					} finally {
						reading = false;
						if (again && !closed) {
							again = false;
							void sendCount(false);
						}
					}
				};

				send(`retry: ${RETRY_MS}\n\n`);
				unsubscribe = onNotificationsChanged(user.id, () => {
					coalesce ??= setTimeout(() => {
						coalesce = null;
						void sendCount(false);
					}, COALESCE_MS);
				});
				unsubscribeShutdown = onShutdown(() => stop(controller));
				poll = setInterval(() => void sendCount(true), _timings.pollMs);
				maxAge = setTimeout(() => stop(controller), _timings.maxAgeMs);
				request.signal.addEventListener('abort', onAbort);
				void sendCount(false);
			},
			cancel() {
				stop();
			}
		});

		return new Response(stream, {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-store, no-transform',
				// nginx and similar proxies would otherwise buffer the stream.
				'x-accel-buffering': 'no'
			}
		});
	});
