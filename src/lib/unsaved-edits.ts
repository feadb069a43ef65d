import { isCoveredBy } from './sync/protocol';
import type { SaveStatus } from './sync/save-status';

/**
 * The browser's offline copies of documents (y-indexeddb) and what sign-out must know about
 * them. A shared office PC is the case this exists for: the copies are named per user, the
 * user is warned when some of their edits never reached the server, and sign-out deletes every
 * copy before the next person sits down (ARCHITECTURE.md, "Offline copies on a shared PC").
 */

/** Every offline copy's IndexedDB name starts with this (older, unkeyed copies included). */
export const OFFLINE_STORE_PREFIX = 'alur-doc-';

/** One user's copy of one document: another user's session never opens it. */
export function offlineStoreName(userId: string, documentId: string): string {
	return `${OFFLINE_STORE_PREFIX}${userId}-${documentId}`;
}

/**
 * Whether a document's edits would be lost if its offline copy were deleted now. Connected,
 * whenever the label is not *Tersimpan*; offline, when the local state vector is not covered by
 * the last state the server confirmed as committed (`confirmed`, kept across reconnects: the
 * label only says "Offline" then). An empty document has nothing to lose.
 */
export function hasUnconfirmedEdits(
	status: SaveStatus,
	local: Map<number, number>,
	confirmed: Map<number, number> | null
): boolean {
	if (status !== 'offline') return status !== 'saved';
	return local.size > 0 && !(confirmed && isCoveredBy(local, confirmed));
}

/** localStorage key listing the documents whose copy holds edits the server has not confirmed. */
function flagsKey(userId: string): string {
	return `alur-unsaved:${userId}`;
}

/** Tabs tell each other about a sign-out, so their sessions let go of the copies being deleted. */
const CHANNEL = 'alur-offline';

/** An open document in this tab, as sign-out needs it. */
export interface OfflineSessionHandle {
	userId: string;
	documentId: string;
	/**
	 * Stops syncing and closes the IndexedDB copy (so it can be deleted); resolves once closed.
	 * `notice`: tell the user why (another tab signed out); not when this tab is leaving anyway.
	 */
	end(notice: boolean): Promise<void>;
}

/**
 * `userId:documentId` of this tab's documents with unconfirmed edits. Read when sign-out is
 * clicked, never rendered, so a plain Set (Svelte's reactive SvelteSet added ~0.4 KiB gzipped
 * to every page's first download for nothing).
 */
const unsavedHere = new Set<string>();
const sessions = new Set<OfflineSessionHandle>();
let channel: BroadcastChannel | null = null;

function readFlags(userId: string): string[] {
	try {
		const parsed: unknown = JSON.parse(localStorage.getItem(flagsKey(userId)) ?? '[]');
		return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
	} catch {
		// Storage blocked or a damaged value: this tab's own state still counts.
		return [];
	}
}

function writeFlags(userId: string, documentIds: string[]): void {
	try {
		if (documentIds.length === 0) localStorage.removeItem(flagsKey(userId));
		else localStorage.setItem(flagsKey(userId), JSON.stringify(documentIds));
	} catch {
		// Storage blocked or full: the flag then lives only as long as this tab.
	}
}

/**
 * Records whether a document's offline copy holds edits the server has not confirmed. Kept in
 * localStorage as well as in memory: a tab closed while offline leaves its edits in IndexedDB,
 * and a sign-out from any other page must still know about them.
 */
export function setUnsaved(userId: string, documentId: string, unsaved: boolean): void {
	const key = `${userId}:${documentId}`;
	if (unsaved) unsavedHere.add(key);
	else unsavedHere.delete(key);
	const others = readFlags(userId).filter((id) => id !== documentId);
	writeFlags(userId, unsaved ? [...others, documentId] : others);
}

/** True when any of the user's offline copies, in this tab or left by another, is unconfirmed. */
export function hasUnsavedEdits(userId: string): boolean {
	for (const key of unsavedHere) if (key.startsWith(`${userId}:`)) return true;
	return readFlags(userId).length > 0;
}

function listen(): void {
	if (channel || typeof BroadcastChannel === 'undefined') return;
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (event: MessageEvent<unknown>) => {
		const data = event.data as { type?: unknown; userId?: unknown } | null;
		if (data?.type !== 'signed-out' || typeof data.userId !== 'string') return;
		// Another tab is signing this user out and deleting the copies: let go of them now, or
		// the deletion waits for this tab to close (and this tab would keep writing to them).
		for (const session of [...sessions]) if (session.userId === data.userId) void session.end(true);
	};
}

/** Registers an open document; the returned function unregisters it. */
export function registerOfflineSession(session: OfflineSessionHandle): () => void {
	sessions.add(session);
	listen();
	return () => {
		sessions.delete(session);
	};
}

/** Deletes one IndexedDB database; never rejects, gives up waiting after `timeoutMs`. */
function deleteDatabase(name: string, timeoutMs: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, timeoutMs);
		const done = () => {
			clearTimeout(timer);
			resolve();
		};
		try {
			const request = indexedDB.deleteDatabase(name);
			request.onsuccess = done;
			request.onerror = done;
			// onblocked: a tab without the broadcast (an old build) still holds it open. The request
			// stays queued and completes when that tab lets go; the timeout lets sign-out proceed.
		} catch {
			done();
		}
	});
}

/** Names of every offline copy in this browser profile (any user, older unkeyed names too). */
export async function offlineStoreNames(): Promise<string[]> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
	try {
		const all = await indexedDB.databases();
		return all.map((d) => d.name ?? '').filter((name) => name.startsWith(OFFLINE_STORE_PREFIX));
	} catch {
		return [];
	}
}

/**
 * Sign-out's clean-up, run before the sign-out form posts: ends this tab's sessions (so nothing
 * more is sent or stored), asks other tabs to do the same, deletes every `alur-doc-*` database
 * and forgets the unsaved flags. The server's `Clear-Site-Data: "storage"` on the sign-out
 * response repeats this where the browser honours it (and covers sign-out without JavaScript).
 */
export async function clearOfflineData(userId: string, timeoutMs = 3000): Promise<void> {
	const mine = [...sessions];
	await Promise.all(mine.map((session) => session.end(false)));
	try {
		channel?.postMessage({ type: 'signed-out', userId });
		if (!channel && typeof BroadcastChannel !== 'undefined') {
			const once = new BroadcastChannel(CHANNEL);
			once.postMessage({ type: 'signed-out', userId });
			once.close();
		}
	} catch {
		// No channel: other tabs find out when their socket is refused (CollabSession).
	}
	// Without indexedDB.databases(), at least the copies this tab knows of.
	const names = new Set(await offlineStoreNames());
	for (const documentId of readFlags(userId)) names.add(offlineStoreName(userId, documentId));
	for (const session of mine) names.add(offlineStoreName(session.userId, session.documentId));
	await Promise.all([...names].map((name) => deleteDatabase(name, timeoutMs)));
	for (const key of [...unsavedHere]) if (key.startsWith(`${userId}:`)) unsavedHere.delete(key);
	writeFlags(userId, []);
}

/**
 * Deletes every offline copy (and unsaved flag) that is not `userId`'s, older unkeyed copies
 * included: they belong to someone who did not sign out here (closed the browser, or their
 * session expired) and no session of `userId` will ever open them. Run once a page is rendered
 * for a signed-in user; a copy a tab still holds open is deleted when that tab lets go.
 */
export async function discardOtherUsersCopies(userId: string): Promise<void> {
	const own = offlineStoreName(userId, '');
	const others = (await offlineStoreNames()).filter((name) => !name.startsWith(own));
	try {
		for (let i = localStorage.length - 1; i >= 0; i--) {
			const key = localStorage.key(i);
			if (key?.startsWith('alur-unsaved:') && key !== flagsKey(userId)) localStorage.removeItem(key);
		}
	} catch {
		// Storage blocked: there are no flags to forget either.
	}
	await Promise.all(others.map((name) => deleteDatabase(name, 3000)));
}

/** Forgets one document's copy of one user (another user signed in under an open tab). */
export async function discardOfflineCopy(userId: string, documentId: string): Promise<void> {
	unsavedHere.delete(`${userId}:${documentId}`);
	writeFlags(userId, readFlags(userId).filter((id) => id !== documentId));
	await deleteDatabase(offlineStoreName(userId, documentId), 3000);
}
