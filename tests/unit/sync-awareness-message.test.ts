import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { AwarenessMessageError, encodeAwarenessEntries, parseAwarenessUpdate } from '../../server/sync/awareness-message';

function rawEntries(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.json);
	}
	return encoding.toUint8Array(encoder);
}

describe('parseAwarenessUpdate', () => {
	it('parses every entry when the connection has no client id yet', () => {
		const update = encodeAwarenessEntries([
			{ clientId: 1, clock: 1, state: { a: 1 } },
			{ clientId: 2, clock: 3, state: null }
		]);
		expect(parseAwarenessUpdate(update, 1000)).toEqual([
			{ clientId: 1, clock: 1, state: { a: 1 } },
			{ clientId: 2, clock: 3, state: null }
		]);
	});

	it('returns only the pinned client id, without parsing the echoed states of others', () => {
		const update = rawEntries([
			{ clientId: 7, clock: 1, json: 'not json at all' },
			{ clientId: 9, clock: 2, json: '{"cursor":1}' }
		]);
		expect(parseAwarenessUpdate(update, 1000, 9)).toEqual([{ clientId: 9, clock: 2, state: { cursor: 1 } }]);
		// The own entry is still validated strictly.
		expect(() => parseAwarenessUpdate(update, 1000, 7)).toThrow(AwarenessMessageError);
	});

	it('still enforces the size cap and framing on entries it does not parse', () => {
		const big = rawEntries([{ clientId: 7, clock: 1, json: JSON.stringify({ x: 'y'.repeat(200) }) }]);
		expect(() => parseAwarenessUpdate(big, 100, 9)).toThrow(/too large/);
		const truncated = rawEntries([{ clientId: 7, clock: 1, json: '{}' }]).slice(0, -1);
		expect(() => parseAwarenessUpdate(truncated, 100, 9)).toThrow(AwarenessMessageError);
	});
});
