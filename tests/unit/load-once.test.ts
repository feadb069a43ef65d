import { expect, it, vi } from 'vitest';
import { loadOnce } from '$lib/load-once';

it('asks once for every caller, and again after a failure', async () => {
	const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('module');
	const get = loadOnce(load);
	const [first, second] = [get(), get()];
	await expect(first).rejects.toThrow('offline');
	await expect(second).rejects.toThrow('offline');
	expect(load).toHaveBeenCalledTimes(1);
	// The failure is forgotten: the next call fetches, and its answer is kept.
	await expect(get()).resolves.toBe('module');
	await expect(get()).resolves.toBe('module');
	expect(load).toHaveBeenCalledTimes(2);
});
