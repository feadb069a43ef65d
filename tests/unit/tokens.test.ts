import { describe, expect, it } from 'vitest';
import { generateSecureRandomString, hashSecret, secretMatches, splitToken } from '../../src/lib/server/auth/tokens';
import { safeNext } from '../../src/lib/server/auth/redirect';

describe('session tokens', () => {
	it('are 24 characters of a 32-letter alphabet: 120 bits', () => {
		const s = generateSecureRandomString();
		expect(s).toMatch(/^[a-km-z2-9]{24}$/);
		expect(new Set(Array.from({ length: 200 }, generateSecureRandomString)).size).toBe(200);
	});

	it('match only their own hash', () => {
		const secret = generateSecureRandomString();
		expect(secretMatches(secret, hashSecret(secret))).toBe(true);
		expect(secretMatches(generateSecureRandomString(), hashSecret(secret))).toBe(false);
	});

	it('split only the exact <id>.<secret> shape', () => {
		const id = generateSecureRandomString();
		const secret = generateSecureRandomString();
		expect(splitToken(`${id}.${secret}`)).toEqual({ id, secret });
		expect(splitToken(`${id}.${secret}.x`)).toBeNull();
		expect(splitToken(`${id}`)).toBeNull();
		expect(splitToken(`${id}.${secret.toUpperCase()}`)).toBeNull();
		expect(splitToken(`' or 1=1 --.${secret}`)).toBeNull();
	});
});

describe('safeNext()', () => {
	// An open redirect after sign-in would let a phishing link bounce users to another site.
	it('follows only same-site paths', () => {
		expect(safeNext('/o/123?x=1')).toBe('/o/123?x=1');
		expect(safeNext('//evil.example')).toBe('/');
		expect(safeNext('/\\evil.example')).toBe('/');
		expect(safeNext('https://evil.example')).toBe('/');
		expect(safeNext(null)).toBe('/');
	});
});
