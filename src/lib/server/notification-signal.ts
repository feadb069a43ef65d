import { EventEmitter } from 'node:events';

/**
 * A process-wide signal that a user's notifications changed (new ones, or some marked read), so
 * the open inbox streams (`/api/orgs/[orgId]/notifications/stream`) send the new unread count at
 * once instead of at their next poll.
 *
 * Why on `globalThis`: in production one Node process runs both the sync server (`server/`,
 * which writes mention and reply notifications from the projection) and the built SvelteKit
 * handler (which serves the stream and the review actions), and each bundles its own copy of
 * `src/lib`. A module-level emitter would exist twice and a signal from the projection would
 * never reach a stream. `Symbol.for` names one slot shared by every copy (as `db/index.ts` does
 * for the database handle).
 *
 * It only reaches this process: with several instances, a stream also re-reads the count on a
 * timer (see the stream endpoint), so a notification written by another instance shows within
 * that interval.
 */

const KEY = Symbol.for('alur.notification-signal');
type Holder = { [KEY]?: EventEmitter };

function emitter(): EventEmitter {
	const holder = globalThis as Holder;
	let events = holder[KEY];
	if (!events) {
		events = new EventEmitter();
		// One listener per open stream (a tab on any page of the app): no fixed cap makes sense.
		events.setMaxListeners(0);
		holder[KEY] = events;
	}
	return events;
}

function eventName(userId: string): string {
	return `user:${userId}`;
}

/**
 * Tells this process's listeners that these users' notifications changed. Call after the
 * transaction that wrote them committed (a listener re-reads the count at once and must see it).
 * Duplicates are signalled once.
 */
export function signalNotificationsChanged(userIds: Iterable<string>): void {
	const events = emitter();
	for (const userId of new Set(userIds)) events.emit(eventName(userId));
}

/** Calls `listener` whenever `userId`'s notifications change; returns the unsubscribe function. */
export function onNotificationsChanged(userId: string, listener: () => void): () => void {
	const events = emitter();
	events.on(eventName(userId), listener);
	return () => {
		events.off(eventName(userId), listener);
	};
}

const SHUTDOWN = 'shutdown';

/**
 * The process is stopping: open streams end now (their browsers reconnect to another instance,
 * or to this one once it is back), instead of holding the HTTP server's close for its grace time.
 */
export function signalShutdown(): void {
	emitter().emit(SHUTDOWN);
}

/** Calls `listener` when the process stops; returns the unsubscribe function. */
export function onShutdown(listener: () => void): () => void {
	const events = emitter();
	events.once(SHUTDOWN, listener);
	return () => {
		events.off(SHUTDOWN, listener);
	};
}
