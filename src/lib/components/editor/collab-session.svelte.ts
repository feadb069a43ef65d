import { fromBase64 } from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, PERMANENT_CLOSE_CODES } from '$lib/sync/close-codes';
import { MESSAGE_SAVED } from '$lib/sync/protocol';
import { sendOwnAwarenessOnly } from '$lib/sync/own-awareness';
import { saveStatus, type SaveStatus } from '$lib/sync/save-status';
import {
	discardOfflineCopy,
	hasUnconfirmedEdits,
	offlineStoreName,
	registerOfflineSession,
	setUnsaved
} from '$lib/unsaved-edits';

export interface SessionUser {
	/** The signed-in user the page was rendered for: names the offline copy, pins the socket. */
	id: string;
	name: string;
	color: string;
}

/** Who the browser's session cookie belongs to now (`/api/session`); undefined if unknown. */
async function currentUserId(): Promise<string | null | undefined> {
	try {
		const response = await fetch('/api/session', { cache: 'no-store', credentials: 'same-origin' });
		if (!response.ok) return undefined;
		const body = (await response.json()) as { userId?: unknown };
		return typeof body.userId === 'string' ? body.userId : null;
	} catch {
		// Offline or the server is down: that says nothing about who is signed in.
		return undefined;
	}
}

export interface PresentUser extends Omit<SessionUser, 'id'> {
	clientId: number;
	self: boolean;
}

/** Awareness states carry `user` ({name, color}); the server sets it from the session. */
function presentUser(clientId: number, state: unknown, self: number): PresentUser | null {
	const user = (state as { user?: { name?: unknown; color?: unknown } } | null)?.user;
	if (!user || typeof user.name !== 'string') return null;
	return {
		clientId,
		name: user.name,
		color: typeof user.color === 'string' ? user.color : '#566074',
		self: clientId === self
	};
}

/**
 * One open document in the browser: the Y.Doc, its IndexedDB copy (offline edits survive a
 * closed tab), and the y-websocket connection to `/sync/<id>`, with the state the UI shows —
 * save status, who is here, and why the server closed the connection.
 *
 * It belongs to one user (ARCHITECTURE.md, "Offline copies on a shared PC"): the IndexedDB copy
 * is named after them, and the socket URL carries their id (`?user=`), which the sync server
 * compares with the session cookie before the upgrade completes. If someone else signed in in
 * this browser meanwhile, the server refuses the socket, so this Y.Doc's edits are never sent
 * under their session; the session then finds out who is signed in, stops for good and, for
 * another user, deletes its copy.
 */
export class CollabSession {
	readonly ydoc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** The IndexedDB copy: offline edits survive a closed tab. */
	readonly #local: IndexeddbPersistence;

	status = $state<SaveStatus>('offline');
	presence = $state<PresentUser[]>([]);
	/** The last close code the server sent (null while none, or after a good reconnect). */
	closeCode = $state<number | null>(null);
	/** The server closed for good (access revoked, session ended…): no more reconnects. */
	closedForGood = $state(false);

	readonly #userId: string;
	readonly #documentId: string;
	/** The label's "saved" state vector: reset on every connection (it may predate a restart). */
	#saved: Map<number, number> | null = null;
	/** The last state vector the server said is committed, kept while offline. */
	#confirmed: Map<number, number> | null = null;
	/** What this session last recorded in the unsaved flags (null: nothing yet). */
	#flagged: boolean | null = null;
	#ended = false;
	/** The copy has been read back into the Y.Doc. */
	#localLoaded = false;
	#lastIdentityCheck = 0;
	#identityCheck: Promise<void> | null = null;
	#cleanups: (() => void)[] = [];

	/**
	 * `snapshot`: the document as the server last committed it (page data, base64 of a Yjs
	 * update), applied before the editor is built so it opens with the text. Committed by
	 * definition, so it counts as confirmed: an offline copy holding only it has nothing unsaved.
	 */
	constructor(documentId: string, user: SessionUser, snapshot: string | null = null) {
		this.#userId = user.id;
		this.#documentId = documentId;
		if (snapshot) {
			const update = fromBase64(snapshot);
			Y.applyUpdate(this.ydoc, update);
			this.#confirmed = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
		}
		this.#local = new IndexeddbPersistence(offlineStoreName(user.id, documentId), this.ydoc);
		void this.#local.whenSynced.then(() => {
			this.#localLoaded = true;
			this.#refresh();
		});

		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
		this.provider = new WebsocketProvider(url, documentId, this.ydoc, {
			connect: navigator.onLine,
			// The sync server refuses the upgrade when the cookie's user is not this one.
			params: { user: user.id },
			// y-websocket otherwise syncs tabs of the same document through a BroadcastChannel
			// keyed by document only: one user's unsent edits would reach another user's tab in
			// this browser and be sent under that user's session. Tabs sync through the server.
			disableBc: true,
			// Alur's permanent codes are 4006–4008 etc., not y-websocket's default 4400–4499.
			shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code)
		});
		this.#cleanups.push(
			registerOfflineSession({ userId: user.id, documentId, end: (notice) => this.#end(notice ? CloseCode.SessionEnded : null) })
		);
		this.#cleanups.push(sendOwnAwarenessOnly(this.provider));
		this.provider.awareness.setLocalStateField('user', user);

		this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			this.#saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			this.#confirmed = this.#saved;
			this.#refresh();
		};

		const onUpdate = () => this.#refresh();
		this.ydoc.on('update', onUpdate);
		this.#cleanups.push(() => this.ydoc.off('update', onUpdate));

		const onStatus = ({ status }: { status: string }) => {
			if (status === 'connected') {
				// A fresh connection: the old "saved" claim may be from before a server restart.
				this.#saved = null;
				if (this.closeCode !== null && !this.closedForGood) this.closeCode = null;
			}
			this.#refresh();
		};
		this.provider.on('status', onStatus);
		this.#cleanups.push(() => this.provider.off('status', onStatus));

		const onClose = (event: CloseEvent | null) => {
			if (event && (event.code === 1012 || (event.code >= 4000 && event.code < 5000))) {
				this.closeCode = event.code;
			}
			// 1006: the socket never opened (or the network dropped). A refused upgrade looks the
			// same to a browser, so ask who is signed in now.
			if (event?.code === 1006) this.#checkIdentity();
			this.#refresh();
		};
		this.provider.on('connection-close', onClose);
		this.#cleanups.push(() => this.provider.off('connection-close', onClose));

		const onClosed = (event: { code: number }) => {
			this.closeCode = event.code;
			this.closedForGood = true;
			this.#refresh();
		};
		this.provider.on('closed', onClosed);
		this.#cleanups.push(() => this.provider.off('closed', onClosed));

		const awareness = this.provider.awareness;
		const onAwareness = () => {
			const users: PresentUser[] = [];
			for (const [clientId, state] of awareness.getStates()) {
				const user = presentUser(clientId, state, this.ydoc.clientID);
				if (user) users.push(user);
			}
			// Me first, then by name; one entry per person and tab is fine (the caret is per tab).
			users.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'id'));
			this.presence = users;
		};
		awareness.on('change', onAwareness);
		this.#cleanups.push(() => awareness.off('change', onAwareness));
		onAwareness();

		// y-websocket retries on a timer (≤ 2.5 s) and ignores the browser's network events; the
		// browser also keeps a socket "open" while offline. Follow the network explicitly.
		const onOnline = () => {
			if (!this.closedForGood && !this.#ended) this.provider.connect();
		};
		const onOffline = () => this.provider.disconnect();
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.#cleanups.push(() => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
		});
		this.#refresh();
	}

	#refresh(): void {
		const local = Y.decodeStateVector(Y.encodeStateVector(this.ydoc));
		this.status = saveStatus(this.provider.wsconnected, local, this.#saved);
		if (this.#ended) return;
		const unsaved = hasUnconfirmedEdits(this.status, local, this.#confirmed);
		// The flag is cleared only by a confirmation that covers the loaded copy: an earlier tab's
		// flag for this document must survive until its edits are saved.
		const flag = unsaved ? true : this.status === 'saved' && this.#localLoaded ? false : this.#flagged;
		if (flag !== null && flag !== this.#flagged) {
			this.#flagged = flag;
			setUnsaved(this.#userId, this.#documentId, flag);
		}
	}

	/** At most one `/api/session` request at a time, and one every 2 s (reconnects are faster). */
	#checkIdentity(): void {
		const now = Date.now();
		if (this.#ended || this.#identityCheck || now - this.#lastIdentityCheck < 2000) return;
		this.#lastIdentityCheck = now;
		this.#identityCheck = currentUserId()
			.then(async (userId) => {
				if (userId === undefined || userId === this.#userId || this.#ended) return;
				await this.#end(CloseCode.SessionEnded);
				// Someone else signed in: this user's copy must not stay behind for them. Signed out
				// (or expired) only: keep it, the same user signing in again gets the edits back.
				if (userId !== null) await discardOfflineCopy(this.#userId, this.#documentId);
			})
			.finally(() => (this.#identityCheck = null));
	}

	/**
	 * Stops for good without tearing the editor down: no more reconnects, the editor turns
	 * read-only (closedForGood) and the IndexedDB copy is closed, so sign-out can delete it.
	 * `code`: the reason shown to the user, or null when the page is about to leave.
	 */
	async #end(code: number | null): Promise<void> {
		if (this.#ended) return;
		this.#ended = true;
		if (code !== null) this.closeCode = code;
		this.closedForGood = true;
		this.provider.disconnect();
		this.#refresh();
		await this.#local.destroy();
	}

	destroy(): void {
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
		this.provider.destroy();
		void this.#local.destroy();
		this.ydoc.destroy();
	}
}
