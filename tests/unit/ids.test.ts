import { describe, expect, it } from 'vitest';
import { isUuid, newId } from '../../src/lib/ids';

describe('newId', () => {
	it('makes version-4 UUIDs that the server accepts as ids', () => {
		for (let i = 0; i < 200; i++) {
			const id = newId();
			expect(isUuid(id)).toBe(true);
			// Version nibble 4, variant bits 10xx: what crypto.randomUUID() makes.
			expect(id[14]).toBe('4');
			expect('89ab').toContain(id[19]);
		}
	});

	it('does not repeat itself', () => {
		const ids = new Set(Array.from({ length: 10_000 }, newId));
		expect(ids.size).toBe(10_000);
	});
});
