import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../server/scheduler';

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe('Scheduler', () => {
	let scheduler: Scheduler | null = null;
	afterEach(async () => {
		await scheduler?.stop();
		scheduler = null;
	});

	it('runs a job at start and again every interval, one run at a time', async () => {
		scheduler = new Scheduler(() => {});
		let runs = 0;
		let concurrent = 0;
		let maxConcurrent = 0;
		scheduler.add({
			name: 'tick',
			intervalMs: 10,
			run: async () => {
				runs += 1;
				concurrent += 1;
				maxConcurrent = Math.max(maxConcurrent, concurrent);
				await new Promise((resolve) => setTimeout(resolve, 15));
				concurrent -= 1;
			}
		});
		// A run asked for while one is in progress joins it instead of starting a second.
		await Promise.all([scheduler.runNow('tick'), scheduler.runNow('tick')]);
		await until(() => runs >= 3, 'three runs');
		expect(maxConcurrent).toBe(1);
	});

	it('takes the delay a run asks for (a backlog comes back sooner)', async () => {
		scheduler = new Scheduler(() => {});
		const times: number[] = [];
		scheduler.add({
			name: 'backlog',
			intervalMs: 60_000,
			run: async () => {
				times.push(Date.now());
				return times.length < 3 ? 5 : undefined;
			}
		});
		await until(() => times.length === 3, 'the backlog to drain');
		// Without the asked-for delay, the second run would come a minute later.
		expect(times[2] - times[0]).toBeLessThan(1000);
	});

	it('reports a failing run and keeps the job going', async () => {
		const errors: [string, unknown][] = [];
		scheduler = new Scheduler((job, error) => errors.push([job, error]));
		let runs = 0;
		scheduler.add({
			name: 'flaky',
			intervalMs: 5,
			run: async () => {
				runs += 1;
				if (runs === 1) throw new Error('database down');
			}
		});
		await until(() => runs >= 2, 'a second run');
		expect(errors).toHaveLength(1);
		expect(errors[0][0]).toBe('flaky');
		expect(String(errors[0][1])).toContain('database down');
	});

	it('stop waits for the run in progress and nothing runs after', async () => {
		scheduler = new Scheduler(() => {});
		let runs = 0;
		let finished = false;
		scheduler.add({
			name: 'slow',
			intervalMs: 1,
			run: async () => {
				runs += 1;
				await new Promise((resolve) => setTimeout(resolve, 30));
				finished = true;
			}
		});
		await until(() => runs === 1, 'the first run to start');
		await scheduler.stop();
		expect(finished).toBe(true);
		const after = runs;
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(runs).toBe(after);
	});
});
