const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs and forms are checked before they reach SQL, so a malformed one is a 404, not a 500. */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** The nil UUID: no row has it (ids are random), so it stands for "no such id" in a query. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * A random (version 4) UUID. `crypto.randomUUID()` exists only in secure contexts, and Alur is
 * served over plain http on office LANs (http://192.168.1.20:3000), where calling it throws;
 * `crypto.getRandomValues()` is available in every context, browser and Node alike.
 */
export function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
