import { KeyedBuckets } from './rate-limit';
import type { SyncSettings } from './settings';

/**
 * What one client may cost the server before and around an upgrade (issue 11, defect 6): every
 * upgrade costs a database query, and every socket memory and a share of every broadcast.
 *
 * - Per client address, refused upgrades (no or bad session, wrong Origin, no such document) are
 *   throttled: a token is taken before anything else and given back when the upgrade is
 *   accepted. An office behind one NAT address reconnecting all at once after a restart is
 *   therefore never throttled, while a script probing with forged cookies is, before its
 *   queries reach the database.
 * - Per user, every accepted upgrade takes a token. A session whose user is known from an earlier
 *   upgrade is checked before the query too; a new one after it.
 * - Per user, at most `maxSocketsPerUser` sockets are open at once, over all documents.
 */
export class UpgradeLimits {
	private readonly addresses: KeyedBuckets;
	private readonly users: KeyedBuckets;
	/** Session id → user id, for sessions seen recently (oldest first; bounded). */
	private readonly sessionUsers = new Map<string, string>();
	private readonly sockets = new Map<string, number>();

	constructor(
		private readonly settings: Pick<
			SyncSettings,
			| 'upgradesPerAddressPerSecond'
			| 'upgradeAddressBurst'
			| 'upgradesPerUserPerSecond'
			| 'upgradeUserBurst'
			| 'maxSocketsPerUser'
		>,
		now: () => number = () => performance.now()
	) {
		this.addresses = new KeyedBuckets(settings.upgradesPerAddressPerSecond, settings.upgradeAddressBurst, now);
		this.users = new KeyedBuckets(settings.upgradesPerUserPerSecond, settings.upgradeUserBurst, now);
	}

	/** First thing on an upgrade: 0, or the seconds to wait (Retry-After). */
	admitAddress(address: string): number {
		return this.addresses.take(address);
	}

	/** The upgrade was accepted: it does not count against its address. */
	addressAccepted(address: string): void {
		this.addresses.refund(address);
	}

	/** Before the query: the seconds the session's user must wait, if the user is known (else 0). */
	userWaitBySession(sessionId: string): number {
		const userId = this.sessionUsers.get(sessionId);
		return userId === undefined ? 0 : this.users.wait(userId);
	}

	/** After the query found the session's user: takes one of the user's tokens (0, or seconds to wait). */
	admitUser(sessionId: string, userId: string): number {
		if (!this.sessionUsers.has(sessionId)) {
			// Forget the oldest: the map only saves queries, it grants nothing.
			if (this.sessionUsers.size >= REMEMBERED_SESSIONS) this.sessionUsers.delete(this.sessionUsers.keys().next().value as string);
			this.sessionUsers.set(sessionId, userId);
		}
		return this.users.take(userId);
	}

	/** Counts a socket for the user; false (nothing counted) when the user is at the cap. */
	claimSocket(userId: string): boolean {
		const open = this.sockets.get(userId) ?? 0;
		if (open >= this.settings.maxSocketsPerUser) return false;
		this.sockets.set(userId, open + 1);
		return true;
	}

	releaseSocket(userId: string): void {
		const open = (this.sockets.get(userId) ?? 0) - 1;
		if (open > 0) this.sockets.set(userId, open);
		else this.sockets.delete(userId);
	}

	socketsOf(userId: string): number {
		return this.sockets.get(userId) ?? 0;
	}
}

/** Sessions whose user is remembered for the check before the query. */
const REMEMBERED_SESSIONS = 10_000;

/**
 * The throttle's key for a client address: IPv4 as it is (also when mapped into IPv6), IPv6 by
 * its /64 — one host usually holds a whole /64, and keying single addresses would let it rotate.
 */
export function addressKey(address: string | undefined): string {
	if (!address) return 'unknown';
	if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.slice(7);
	if (!address.includes(':')) return address;
	const plain = address.split('%')[0].toLowerCase();
	const [head, tail] = plain.split('::');
	const first = head ? head.split(':') : [];
	const last = tail === undefined || tail === '' ? [] : tail.split(':');
	const groups = [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
	return `${groups
		.slice(0, 4)
		.map((g) => (Number.parseInt(g, 16) || 0).toString(16))
		.join(':')}::/64`;
}
