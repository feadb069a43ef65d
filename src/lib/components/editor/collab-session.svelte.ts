import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PERMANENT_CLOSE_CODES } from '$lib/sync/close-codes';
import { MESSAGE_SAVED } from '$lib/sync/protocol';
import { sendOwnAwarenessOnly } from '$lib/sync/own-awareness';
import { saveStatus, type SaveStatus } from '$lib/sync/save-status';

export interface SessionUser {
	name: string;
	color: string;
}

export interface PresentUser extends SessionUser {
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
 */
export class CollabSession {
	readonly ydoc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly local: IndexeddbPersistence;

	status = $state<SaveStatus>('offline');
	presence = $state<PresentUser[]>([]);
	/** The last close code the server sent (null while none, or after a good reconnect). */
	closeCode = $state<number | null>(null);
	/** The server closed for good (access revoked, session ended…): no more reconnects. */
	closedForGood = $state(false);
	/** IndexedDB copy loaded (the editor can show content before the server answers). */
	localLoaded = $state(false);

	#saved: Map<number, number> | null = null;
	#cleanups: (() => void)[] = [];

	constructor(documentId: string, user: SessionUser) {
		this.local = new IndexeddbPersistence(`alur-doc-${documentId}`, this.ydoc);
		void this.local.whenSynced.then(() => (this.localLoaded = true));

		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
		this.provider = new WebsocketProvider(url, documentId, this.ydoc, {
			connect: navigator.onLine,
			// Alur's permanent codes are 4006–4008 etc., not y-websocket's default 4400–4499.
			shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code)
		});
		this.#cleanups.push(sendOwnAwarenessOnly(this.provider));
		this.provider.awareness.setLocalStateField('user', user);

		this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			this.#saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
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
			if (!this.closedForGood) this.provider.connect();
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
	}

	destroy(): void {
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
		this.provider.destroy();
		void this.local.destroy();
		this.ydoc.destroy();
	}
}
