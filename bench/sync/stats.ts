/**
 * Small numeric and /proc helpers shared by the orchestrator and the load generator.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Percentile (nearest-rank) of an ascending-sorted array; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: number[]): number {
	const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (finite.length === 0) return Number.NaN;
	const mid = finite.length >> 1;
	return finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

export function round(value: number, digits = 1): number {
	if (!Number.isFinite(value)) return value;
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** A growable Float64 sample buffer (latencies can run to millions of samples). */
export class Samples {
	private buf = new Float64Array(1 << 16);
	length = 0;
	push(v: number): void {
		if (this.length === this.buf.length) {
			const next = new Float64Array(this.buf.length * 2);
			next.set(this.buf);
			this.buf = next;
		}
		this.buf[this.length++] = v;
	}
	sorted(): Float64Array {
		return this.buf.slice(0, this.length).sort();
	}
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
	if (clockTicks === undefined) {
		try {
			clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
		} catch {
			clockTicks = 100;
		}
	}
	return clockTicks;
}

/** utime + stime of a process in seconds (Linux /proc). */
export function processCpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may contain spaces; fields after the closing paren are fixed.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / ticksPerSecond();
}

/** VmRSS and VmHWM (peak) of a process in MB. */
export function processMemoryMb(pid: number): { rss: number; hwm: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Seconds the process's main thread spent runnable but waiting for a CPU (/proc/<pid>/schedstat). */
export function processRunqueueWaitSeconds(pid: number): number {
	try {
		return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
	} catch {
		return Number.NaN;
	}
}

/** 1-minute load average. */
export function loadAverage(): number {
	try {
		return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
	} catch {
		return Number.NaN;
	}
}

/** All CPUs' time and the part the hypervisor gave to other guests ("steal"), in ticks (/proc/stat). */
export function hostCpuTicks(): { steal: number; total: number } {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		// user nice system idle iowait irq softirq steal (guest time is already in user).
		return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
	} catch {
		return { steal: Number.NaN, total: Number.NaN };
	}
}
