/**
 * The live unread count of the inbox, for the shell's inbox links (InboxLink.svelte): one
 * EventSource per tab on `/api/orgs/<orgId>/notifications/stream`, shared by every link that
 * shows the count (the sidebar and the top bar), whatever the number of links.
 *
 * The stream is open only while the tab is visible. Browsers allow about six HTTP/1.1
 * connections per host across all tabs, and a stream holds one for as long as it is open: with
 * a stream in every background tab, the seventh tab of Alur would hang. A tab that becomes
 * visible again reconnects and gets the current count at once. EventSource reconnects by itself
 * after a network error (the server asks for 2 s); a stream the server refused (signed out,
 * not a member) stays closed, and the count keeps the last value the page had.
 */

class UnreadCount {
	/** The organisation the count belongs to, and the count; null until the stream said. */
	orgId = $state<string | null>(null);
	count = $state<number | null>(null);

	#source: EventSource | null = null;
	#users = 0;
	#watching: string | null = null;

	/** Keeps the stream of `orgId` open while the returned function has not been called. */
	watch(orgId: string): () => void {
		if (this.#watching !== orgId) {
			this.#close();
			this.#watching = orgId;
			this.#users = 0;
			if (this.orgId !== orgId) {
				this.orgId = orgId;
				this.count = null;
			}
		}
		this.#users += 1;
		if (this.#users === 1) document.addEventListener('visibilitychange', this.#onVisibility);
		this.#onVisibility();
		return () => {
			if (this.#watching !== orgId) return;
			this.#users -= 1;
			if (this.#users > 0) return;
			document.removeEventListener('visibilitychange', this.#onVisibility);
			this.#close();
			this.#watching = null;
		};
	}

	#onVisibility = (): void => {
		if (document.visibilityState === 'hidden') this.#close();
		else if (this.#watching && !this.#source) this.#open(this.#watching);
	};

	#open(orgId: string): void {
		const source = new EventSource(`/api/orgs/${orgId}/notifications/stream`);
		source.addEventListener('unread', (event) => {
			try {
				const { count } = JSON.parse((event as MessageEvent<string>).data) as { count: unknown };
				if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && this.#watching === orgId) this.count = count;
			} catch {
				// Not ours to show.
			}
		});
		this.#source = source;
	}

	#close(): void {
		this.#source?.close();
		this.#source = null;
	}
}

export const unread = new UnreadCount();
