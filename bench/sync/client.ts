/**
 * One simulated editor: a real Y.Doc bound to a real y-websocket `WebsocketProvider` over its
 * own `ws` socket, logged in with its own session cookie. It types into its own paragraph of
 * the document's `default` XmlFragment (the fragment Tiptap's Collaboration extension binds),
 * one character per transaction, i.e. one sync update per keystroke, like a browser editor.
 *
 * Latency bookkeeping: every insert is identified by its Yjs id (client id, clock) — the unique
 * marker — and the sender records `performance.now()` for that clock in a process-wide table.
 * A receiver learns which ids a remote update integrated from the transaction's before/after
 * state vectors (no decoding), and looks the send times up. All clients of one document live
 * in the same generator process, so sender and receiver read the same clock.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { commentsOf, parseCommentKey } from '../../src/lib/comments/model';
import { addReply, createThread } from '../../src/lib/comments/operations';
import { newId } from '../../src/lib/ids';

/** Alur's `MESSAGE_SAVED` (src/lib/sync/protocol.ts): `[100, varUint8Array(stateVector)]`. */
export const MESSAGE_SAVED = 100;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
export const charFor = (seq: number): string => ALPHABET[seq % ALPHABET.length];

export function expectedText(count: number): string {
	let s = '';
	for (let i = 0; i < count; i++) s += charFor(i);
	return s;
}

/** Send time (performance.now()) of every insert, by Yjs client id, indexed by clock. */
export const sendTimes = new Map<number, number[]>();

export interface DeliverySink {
	/** Called for every remote insert a replica integrates. */
	delivered(latencyMs: number, sentAt: number, receivedAt: number): void;
}

/** A `ws` WebSocket class that sends the session cookie and Origin on the upgrade request. */
function headerWebSocket(headers: Record<string, string>): typeof globalThis.WebSocket {
	class HeaderWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	}
	return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

export interface ClientOptions {
	serverUrl: string;
	room: string;
	cookie: string;
	origin: string;
	name: string;
	sink?: DeliverySink;
	/**
	 * Move the caret in awareness after every keystroke, as Tiptap's collaboration caret does
	 * (y-prosemirror writes the selection as relative positions). Every remote caret move is
	 * then re-broadcast by each receiving provider — the awareness echo servers must absorb.
	 */
	caret?: boolean;
	/**
	 * A commenter (team mentor) posts comment messages under this user id instead of typing:
	 * one thread, then replies to it, each message one update (src/lib/comments/operations.ts).
	 */
	commenterId?: string;
}

export class BenchClient {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly createdAt = performance.now();
	syncedAt: number | null = null;
	closes = 0;
	lastCloseCode: number | null = null;
	/** Latest state vector the server reported as committed (Alur only). */
	savedStateVector: Map<number, number> | null = null;
	savedAt: number | null = null;
	private text: Y.XmlText | null = null;
	private typed = 0;
	private commented = 0;
	private threadId: string | null = null;
	private timer: NodeJS.Timeout | null = null;
	private readonly times: number[] = [];
	private syncWaiters: (() => void)[] = [];
	private savedWaiters: (() => void)[] = [];

	constructor(readonly options: ClientOptions) {
		sendTimes.set(this.doc.clientID, this.times);
		const sink = options.sink;
		if (sink) {
			this.doc.on('afterTransaction', (tr: Y.Transaction) => {
				if (tr.origin !== this.provider) return;
				const now = performance.now();
				for (const [client, after] of tr.afterState) {
					const before = tr.beforeState.get(client) ?? 0;
					if (after <= before) continue;
					const times = sendTimes.get(client);
					if (!times) continue;
					for (let clock = before; clock < after; clock++) {
						const sentAt = times[clock];
						if (sentAt !== undefined) sink.delivered(now - sentAt, sentAt, now);
					}
				}
			});
		}
		this.provider = new WebsocketProvider(options.serverUrl, options.room, this.doc, {
			WebSocketPolyfill: headerWebSocket({ Cookie: options.cookie, Origin: options.origin }),
			// Node 20 has a global BroadcastChannel: without this, clients in one process would
			// sync with each other directly and bypass the server.
			disableBc: true
		});
		this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			this.savedStateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			this.savedAt = performance.now();
			const waiters = this.savedWaiters;
			this.savedWaiters = [];
			for (const w of waiters) w();
		};
		this.provider.awareness.setLocalStateField('user', { name: options.name, color: '#3b82f6' });
		this.provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.syncedAt ??= performance.now();
			const waiters = this.syncWaiters;
			this.syncWaiters = [];
			for (const w of waiters) w();
		});
		this.provider.on('connection-close', (event: CloseEvent | null) => {
			this.closes++;
			this.lastCloseCode = event?.code ?? null;
		});
	}

	get clientId(): number {
		return this.doc.clientID;
	}

	/** The next clock of this client: everything it wrote is below it. */
	ownClock(): number {
		return Y.getState(this.doc.store, this.doc.clientID);
	}

	get insertCount(): number {
		return this.typed;
	}

	get commentCount(): number {
		return this.commented;
	}

	get commenterId(): string | undefined {
		return this.options.commenterId;
	}

	whenSynced(): Promise<void> {
		if (this.provider.synced) return Promise.resolve();
		return new Promise((resolve) => this.syncWaiters.push(resolve));
	}

	/** Resolves on the next MESSAGE_SAVED. */
	nextSaved(): Promise<void> {
		return new Promise((resolve) => this.savedWaiters.push(resolve));
	}

	/** True when the server reported every local update of this client as committed. */
	isSaved(): boolean {
		if (!this.savedStateVector) return false;
		const own = Y.getState(this.doc.store, this.doc.clientID);
		return (this.savedStateVector.get(this.doc.clientID) ?? 0) >= own;
	}

	/** Appends this client's own paragraph to the document (a Tiptap `paragraph`). */
	addParagraph(): void {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText()]);
		const fragment = this.doc.getXmlFragment('default');
		fragment.insert(fragment.length, [paragraph]);
		this.text = paragraph.get(0) as Y.XmlText;
	}

	/** Types one character at the end of this client's paragraph (one transaction, one update). */
	typeOne(): void {
		const text = this.text;
		if (!text) throw new Error('addParagraph first');
		this.times[Y.getState(this.doc.store, this.doc.clientID)] = performance.now();
		text.insert(text.length, charFor(this.typed++));
		if (this.options.caret) {
			const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
			this.provider.awareness.setLocalStateField('cursor', { anchor: position, head: position });
		}
	}

	/** Posts one comment message: the first opens a document-level thread, the rest reply to it. */
	commentOne(): void {
		const userId = this.options.commenterId;
		if (!userId) throw new Error('not a commenter');
		this.times[Y.getState(this.doc.store, this.doc.clientID)] = performance.now();
		const actor = { userId, at: new Date().toISOString() };
		const body = `Catatan ${++this.commented}: mengapa langkah ini memakan waktu?`;
		if (!this.threadId) {
			this.threadId = newId();
			createThread(this.doc, actor, { threadId: this.threadId, body, anchor: null });
		} else addReply(this.doc, actor, { threadId: this.threadId, messageId: newId(), body });
	}

	/** Types `ratePerSec` characters a second (or comments, for a commenter), after a random phase. */
	startTyping(ratePerSec: number): void {
		const period = 1000 / ratePerSec;
		const act = this.options.commenterId ? () => this.commentOne() : () => this.typeOne();
		this.timer = setTimeout(() => {
			act();
			this.timer = setInterval(act, period);
		}, Math.random() * period);
	}

	/** How many comment messages by `userId` this replica holds. */
	commentsBy(userId: string): number {
		let n = 0;
		for (const key of commentsOf(this.doc).keys()) {
			const parsed = parseCommentKey(key);
			if (parsed?.kind === 'message' && parsed.authorId === userId) n++;
		}
		return n;
	}

	stopTyping(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			clearInterval(this.timer);
		}
		this.timer = null;
	}

	/** Texts of the paragraphs in this replica, by the Yjs client id that created them. */
	paragraphs(): Map<number, string> {
		const result = new Map<number, string>();
		for (const child of this.doc.getXmlFragment('default').toArray()) {
			if (!(child instanceof Y.XmlElement) || child.nodeName !== 'paragraph') continue;
			const owner = child._item?.id.client;
			const first = child.get(0);
			if (owner !== undefined && first instanceof Y.XmlText) result.set(owner, first.toString());
		}
		return result;
	}

	/** Content and state-vector fingerprint of this replica, for the divergence check. */
	fingerprint(): string {
		const sv = [...Y.decodeStateVector(Y.encodeStateVector(this.doc))].sort((a, b) => a[0] - b[0]);
		const comments = [...commentsOf(this.doc).entries()].sort(([a], [b]) => a.localeCompare(b));
		return `${JSON.stringify(sv)}|${this.doc.getXmlFragment('default').toString()}|${JSON.stringify(comments)}`;
	}

	/** True when this replica has integrated everything in `expected` (client → clock). */
	covers(expected: Map<number, number>): boolean {
		for (const [client, clock] of expected) {
			if (Y.getState(this.doc.store, client) < clock) return false;
		}
		return true;
	}

	destroy(): void {
		this.stopTyping();
		this.provider.destroy();
		this.doc.destroy();
	}
}
