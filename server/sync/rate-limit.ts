/** A token bucket: `burst` messages at once, refilled at `perSecond`. Injected clock for tests. */
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

	/** Takes one token; false when the bucket is empty. */
	take(): boolean {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
