/**
 * The server's periodic jobs in one place: the projection catch-up and the housekeeping sweeps.
 * Each job runs at start (after `firstDelayMs`) and then every `intervalMs`, one run at a time;
 * a run may ask for its next run sooner (a backlog) by returning a delay. A failing run is
 * reported and tried again at the next interval; it never stops the job or the process.
 * Timers are unref'd, so a scheduler alone keeps no process alive.
 */
export interface Job {
	name: string;
	intervalMs: number;
	/** Delay before the first run; default 0 (at start). */
	firstDelayMs?: number;
	/** One run; may return the delay before the next one (default `intervalMs`). */
	run(): Promise<number | void>;
}

export type JobErrorHandler = (job: string, error: unknown) => void;

interface Entry {
	job: Job;
	timer: NodeJS.Timeout | null;
	running: Promise<void> | null;
}

export class Scheduler {
	private readonly entries = new Map<string, Entry>();
	private stopped = false;

	constructor(private readonly onError: JobErrorHandler) {}

	add(job: Job): void {
		if (this.entries.has(job.name)) throw new Error(`job ${job.name} is already scheduled`);
		const entry: Entry = { job, timer: null, running: null };
		this.entries.set(job.name, entry);
		this.schedule(entry, job.firstDelayMs ?? 0);
	}

	/** Runs a job now (tests, or work that should not wait for the timer); joins a run in progress. */
	runNow(name: string): Promise<void> {
		const entry = this.entries.get(name);
		if (!entry) throw new Error(`no job ${name}`);
		return this.run(entry);
	}

	/** Stops every timer and waits for the runs in progress, so nothing runs after. */
	async stop(): Promise<void> {
		this.stopped = true;
		for (const entry of this.entries.values()) {
			if (entry.timer) clearTimeout(entry.timer);
			entry.timer = null;
		}
		await Promise.all([...this.entries.values()].map((entry) => entry.running));
	}

	private schedule(entry: Entry, delayMs: number): void {
		if (this.stopped) return;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = setTimeout(() => {
			entry.timer = null;
			void this.run(entry);
		}, delayMs);
		entry.timer.unref();
	}

	private run(entry: Entry): Promise<void> {
		entry.running ??= (async () => {
			let next = entry.job.intervalMs;
			try {
				const asked = await entry.job.run();
				if (typeof asked === 'number') next = Math.max(0, asked);
			} catch (error) {
				this.onError(entry.job.name, error);
			} finally {
				entry.running = null;
				this.schedule(entry, next);
			}
		})();
		return entry.running;
	}
}
