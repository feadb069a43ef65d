/** Messages between the orchestrator (run.ts) and a load-generator process (IPC). */

export interface DocPlan {
	room: string;
	/** One `Cookie` header value per client of this document. */
	cookies: string[];
	/** Commenters (team mentors) who post comment messages instead of typing: the `review` point. */
	commenters?: { cookie: string; userId: string }[];
}

export interface LoadPlan {
	serverUrl: string;
	origin: string;
	docs: DocPlan[];
	ratePerSec: number;
	/** Comment messages per second per commenter. */
	commentRatePerSec?: number;
	/** Caret moves in awareness with every keystroke (see ClientOptions.caret). */
	caret: boolean;
	/** Upgrades in flight at once while connecting. */
	connectConcurrency: number;
}

export type Command =
	| { cmd: 'connect'; plan: LoadPlan }
	| { cmd: 'start' }
	| { cmd: 'mark' }
	| { cmd: 'stop'; quietMs: number; convergeTimeoutMs: number }
	| {
			cmd: 'write-history';
			serverUrl: string;
			origin: string;
			room: string;
			cookie: string;
			updates: number;
			expectSaved: boolean;
			/** An update (base64) the writer applies first: what Alur's document starts with (its template). */
			initialState: string | null;
	  }
	| {
			cmd: 'cold-read';
			serverUrl: string;
			origin: string;
			room: string;
			cookies: string[];
			timeoutMs: number;
			/** What the history writer left: every reader must have exactly this. */
			expected: WrittenHistory;
			/** Clients that open (and leave) another document first, `rounds` times, all at once. */
			warm?: { room: string; cookies: string[]; rounds: number };
	  }
	| { cmd: 'exit' };

export interface ConnectedReply {
	type: 'connected';
	connectMs: number;
	connected: number;
	failed: number;
	closes: number;
}

export interface LoadResult {
	type: 'result';
	windowMs: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	samples: number;
	deliveredPerSec: number;
	sentInWindow: number;
	/** Deliveries expected for inserts sent in the window (inserts × other replicas). */
	expectedDeliveries: number;
	lost: number;
	diverged: number;
	convergeMs: number;
	genLagP99: number;
	genLagMax: number;
	closes: number;
	genCpuS: number;
	perSecondMaxMs: number[];
}

export interface WrittenHistory {
	writerId: number;
	insertCount: number;
	/** The writer's `default` XmlFragment as a string. */
	fragment: string;
}

export interface HistoryReply {
	type: 'history-written';
	history: WrittenHistory;
	burstMs: number;
	/** Burst end → a MESSAGE_SAVED covering the writer's state (Alur); NaN if none. */
	savedMs: number;
	/** Burst end → an observer replica has every insert. */
	observedMs: number;
	closes: number;
}

export interface ColdReply {
	type: 'cold-result';
	syncedMs: number[];
	lost: number;
	diverged: number;
	genLagP99: number;
}

export type Reply =
	| { type: 'ready' }
	| ConnectedReply
	| { type: 'started' }
	| { type: 'marked' }
	| LoadResult
	| HistoryReply
	| ColdReply
	| { type: 'error'; message: string };
