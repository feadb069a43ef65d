import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

/**
 * y-websocket's provider sends the server every awareness change it sees, also the ones the
 * server has just sent it: each caret move in a room of n people comes back n − 1 times, and the
 * server reads and drops every copy (it keeps one Awareness per room). This makes the provider
 * send its own state only — set locally, or renewed by y-protocols after a peer declared it
 * gone. Returns the undo, for before the provider is destroyed.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): () => void {
	const awareness = provider.awareness;
	const sendChange = provider._awarenessUpdateHandler;
	const sendOwn = (change: AwarenessChange, origin: unknown) => {
		const own = awareness.clientID;
		const mine = (ids: number[]) => ids.filter((id) => id === own);
		const ownChange = { added: mine(change.added), updated: mine(change.updated), removed: mine(change.removed) };
		if (ownChange.added.length + ownChange.updated.length + ownChange.removed.length > 0) sendChange(ownChange, origin);
	};
	awareness.off('update', sendChange);
	awareness.on('update', sendOwn);
	return () => {
		awareness.off('update', sendOwn);
		awareness.on('update', sendChange);
	};
}
