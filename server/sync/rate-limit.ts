/**
 * A token bucket: `burst` tokens at once, refilled at `perSecond`. Injected clock for tests.
 * Every operation is O(1), so it can sit on the per-message path.
 */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private readonly now: () => number = () => performance.now()
	) {
		this.tokens = burst;
		this.last = now();
	}

	private refill(): void {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
	}

	/** Takes `cost` tokens (one message, or a message's bytes); false, taking none, when there are fewer. */
	take(cost = 1): boolean {
		this.refill();
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}

	/** Gives back tokens taken for something that turned out not to count (never above the burst). */
	refund(cost = 1): void {
		this.refill();
		this.tokens = Math.min(this.burst, this.tokens + cost);
	}

	/** Seconds until `cost` tokens are there (0 when they are now). */
	waitSeconds(cost = 1): number {
		this.refill();
		return this.tokens >= cost ? 0 : (cost - this.tokens) / this.perSecond;
	}

	/** Refilled to the burst: forgetting this bucket changes nothing. */
	get full(): boolean {
		this.refill();
		return this.tokens >= this.burst;
	}
}

/** How often idle buckets are forgotten. */
const SWEEP_MS = 60_000;

/**
 * One token bucket per key (a user, a client address). Buckets that refilled completely are
 * forgotten once a minute, so memory follows the keys active within about `burst / perSecond`
 * seconds, not every key ever seen.
 */
export class KeyedBuckets {
	private readonly buckets = new Map<string, TokenBucket>();
	private lastSweep: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private readonly now: () => number = () => performance.now()
	) {
		this.lastSweep = now();
	}

	/** Takes one token for `key`: 0 when taken, else the seconds to wait for one (none taken). */
	take(key: string): number {
		const bucket = this.bucket(key);
		return bucket.take() ? 0 : bucket.waitSeconds();
	}

	/** The seconds `key` must wait for a token, taking none (0: it has one). */
	wait(key: string): number {
		return this.buckets.get(key)?.waitSeconds() ?? 0;
	}

	refund(key: string): void {
		this.buckets.get(key)?.refund();
	}

	get size(): number {
		return this.buckets.size;
	}

	private bucket(key: string): TokenBucket {
		const now = this.now();
		if (now - this.lastSweep >= SWEEP_MS) {
			this.lastSweep = now;
			for (const [k, b] of this.buckets) if (b.full) this.buckets.delete(k);
		}
		let bucket = this.buckets.get(key);
		if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.perSecond, this.burst, this.now)));
		return bucket;
	}
}
