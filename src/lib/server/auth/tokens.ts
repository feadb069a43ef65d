import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

// 32 characters, no look-alikes (no l, o, 0, 1): 5 bits per character.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string of 24 characters = 120 bits from the CSPRNG, the Lucia guide's recipe. */
export function generateSecureRandomString(): string {
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte >> 3];
	return out;
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Constant-time comparison of a presented secret with a stored SHA-256. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	return constantTimeEqual(hashSecret(secret), storedHash);
}

/** `<id>.<secret>` → parts, or null when the shape is wrong (then the caller is just signed out). */
export function splitToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts;
	if (!/^[a-z2-9]{24}$/.test(id) || !/^[a-z2-9]{24}$/.test(secret)) return null;
	return { id, secret };
}
