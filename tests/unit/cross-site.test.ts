import { describe, expect, it } from 'vitest';
import { isCrossSite } from '../../src/lib/server/cross-site';

const HERE = 'http://192.168.1.20:3000';

describe('isCrossSite', () => {
	it('lets a page of the same origin change things, over plain http on a LAN address too', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(isCrossSite(method, HERE, HERE)).toBe(false);
	});

	it('refuses a post from another site, another port, or the https twin of this origin', () => {
		expect(isCrossSite('POST', 'http://evil.example', HERE)).toBe(true);
		expect(isCrossSite('POST', 'http://192.168.1.20:8080', HERE)).toBe(true);
		expect(isCrossSite('POST', 'https://192.168.1.20:3000', HERE)).toBe(true);
	});

	it('refuses a state-changing request without Origin (browsers always send one) and the opaque "null"', () => {
		expect(isCrossSite('POST', null, HERE)).toBe(true);
		expect(isCrossSite('DELETE', 'null', HERE)).toBe(true);
	});

	it('never blocks reads, whatever their Origin', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(isCrossSite(method, 'http://evil.example', HERE)).toBe(false);
	});
});
