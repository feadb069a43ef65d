/**
 * The demo's clock: every date is "so many days before the seed ran", so a demo seeded today
 * shows the last twelve months of work whatever the calendar says. Dates in the tables that the
 * app itself stamps with `now()` are moved to these moments afterwards (backdate.ts): the app has
 * no way to record the past, and a demo whose whole history happened in the last minute would
 * show an empty trend.
 */
export interface Timeline {
	/** The moment `daysAgo` days (fractions allowed) before the seed's start, at office hours. */
	at(daysAgo: number, hour?: number): Date;
	/** The day `daysAgo` days back (negative: ahead) as `YYYY-MM-DD`, in Asia/Jakarta where the metrics count days. */
	day(daysAgo: number): string;
}

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

export function timeline(now: Date): Timeline {
	// Midnight of today in Asia/Jakarta, as a UTC instant: office hours are added to it.
	const jakartaNow = new Date(now.getTime() + JAKARTA_OFFSET_MS);
	const todayStart = Date.UTC(jakartaNow.getUTCFullYear(), jakartaNow.getUTCMonth(), jakartaNow.getUTCDate()) - JAKARTA_OFFSET_MS;
	const at = (daysAgo: number, hour = 9): Date => {
		const whole = Math.floor(daysAgo);
		const moment = todayStart - whole * 86_400_000 + hour * 3_600_000 + (daysAgo - whole) * 3_600_000;
		// Today's office hours may still be ahead: nothing in the demo happens after the seed ran.
		return new Date(Math.min(moment, now.getTime() - 60_000));
	};
	const day = (daysAgo: number): string =>
		new Date(todayStart - Math.floor(daysAgo) * 86_400_000 + 12 * 3_600_000 + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
	return { at, day };
}

/** A small deterministic generator, so every seed writes the same activity pattern. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		// mulberry32
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}
