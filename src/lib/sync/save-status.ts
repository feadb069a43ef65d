import { isCoveredBy } from './protocol';

/** What the editor's status label says (durability contract §1). */
export type SaveStatus = 'saved' | 'unsaved' | 'offline';

/**
 * Offline while the socket is not connected; otherwise saved exactly when every update this
 * client knows of (its state vector) is covered by the last state the server said is committed.
 * Never derived from a timer.
 */
export function saveStatus(
	connected: boolean,
	local: Map<number, number>,
	saved: Map<number, number> | null
): SaveStatus {
	if (!connected) return 'offline';
	return saved && isCoveredBy(local, saved) ? 'saved' : 'unsaved';
}
