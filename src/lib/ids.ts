const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs and forms are checked before they reach SQL, so a malformed one is a 404, not a 500. */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** The nil UUID: no row has it (ids are random), so it stands for "no such id" in a query. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
