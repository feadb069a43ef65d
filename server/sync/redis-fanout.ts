import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { RoomFanout } from './room';

/**
 * Fan-out between sync instances over Redis pub/sub: one channel per document, messages
 * `[instanceId, kind, payload]`. Redis is a hint (durability contract §6): each instance stores
 * only what its own clients sent, and rooms exchange state vectors now and then so that a lost
 * message is repaired by the next exchange.
 */
const enum Kind {
	Update = 0,
	Awareness = 1,
	StateVector = 2,
	Saved = 3
}

export interface RemoteHandlers {
	update(update: Uint8Array): void;
	awareness(update: Uint8Array): void;
	stateVector(stateVector: Uint8Array): void;
	saved(stateVector: Uint8Array): void;
}

export class RedisFanout {
	private readonly pub: Redis;
	private readonly sub: Redis;
	private readonly handlers = new Map<string, RemoteHandlers>();

	constructor(
		url: string,
		private readonly instanceId: string,
		onError: (error: unknown) => void
	) {
		const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
		this.pub = new Redis(url, options);
		// A subscriber connection may not run the ready check's INFO once it has subscribed.
		this.sub = new Redis(url, { ...options, enableReadyCheck: false });
		this.pub.on('error', onError);
		this.sub.on('error', onError);
		this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
	}

	private channel(documentId: string): string {
		return `alur:sync:${documentId}`;
	}

	private receive(channel: string, message: Buffer): void {
		const documentId = channel.slice('alur:sync:'.length);
		const handlers = this.handlers.get(documentId);
		if (!handlers) return;
		try {
			const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
			if (decoding.readVarString(decoder) === this.instanceId) return;
			const kind = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (kind === Kind.Update) handlers.update(payload);
			else if (kind === Kind.Awareness) handlers.awareness(payload);
			else if (kind === Kind.StateVector) handlers.stateVector(payload);
			else if (kind === Kind.Saved) handlers.saved(payload);
		} catch {
			// A message we cannot read is dropped; the periodic exchange repairs what it carried.
		}
	}

	/** Subscribes a room; the returned fanout publishes on its channel. */
	join(documentId: string, handlers: RemoteHandlers): RoomFanout {
		this.handlers.set(documentId, handlers);
		void this.sub.subscribe(this.channel(documentId)).catch(() => {});
		const publish = (kind: Kind, payload: Uint8Array) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarString(encoder, this.instanceId);
			encoding.writeVarUint(encoder, kind);
			encoding.writeVarUint8Array(encoder, payload);
			void this.pub.publish(this.channel(documentId), Buffer.from(encoding.toUint8Array(encoder))).catch(() => {});
		};
		return {
			publishUpdate: (update) => publish(Kind.Update, update),
			publishAwareness: (update) => publish(Kind.Awareness, update),
			publishStateVector: (sv) => publish(Kind.StateVector, sv),
			publishSaved: (sv) => publish(Kind.Saved, sv),
			close: () => {
				if (this.handlers.get(documentId) === handlers) {
					this.handlers.delete(documentId);
					void this.sub.unsubscribe(this.channel(documentId)).catch(() => {});
				}
			}
		};
	}

	async close(): Promise<void> {
		this.handlers.clear();
		await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
	}
}
