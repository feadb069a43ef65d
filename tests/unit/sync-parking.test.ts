import { describe, expect, it } from 'vitest';
import type { Connection } from '../../server/sync/connection';
import { Parking } from '../../server/sync/parking';

/** Parking only reads a connection's identity: a stand-in with a user id is enough. */
const conn = (userId: string) => ({ userId }) as unknown as Connection;
const bytes = (n: number) => new Uint8Array(n);
const limits = { perConnection: { updates: 3, bytes: 100 }, perUser: { updates: 4, bytes: 150 }, perRoom: { updates: 5, bytes: 1000 } };

describe('Parking', () => {
	it('hands back only the updates whose wait is over, in arrival order, and keeps the rest', () => {
		const parking = new Parking(limits);
		const a = conn('u1');
		parking.park(a, bytes(1), 0, { client: 7, clock: 10 });
		parking.park(a, bytes(2), 0, { client: 7, clock: 3 });
		parking.park(a, bytes(3), 0, { client: 8, clock: 1 });
		const state = new Map([[7, 5]]);
		const ready = parking.takeReady([7], (c) => state.get(c) ?? 0);
		expect(ready.map((p) => p.update.byteLength)).toEqual([2]);
		expect(parking.size).toBe(2);
		state.set(7, 10).set(8, 1);
		expect(parking.takeReady([8, 7], (c) => state.get(c) ?? 0).map((p) => p.update.byteLength)).toEqual([1, 3]);
		expect(parking.size).toBe(0);
		expect(parking.bytes).toBe(0);
	});

	it('caps per connection, per user across connections, and per room', () => {
		const parking = new Parking(limits);
		const a = conn('u1');
		const b = conn('u1');
		const c = conn('u2');
		const d = conn('u3');
		for (let i = 0; i < 3; i++) expect(parking.park(a, bytes(10), 0, { client: 1, clock: 1 })).toBe('parked');
		expect(parking.park(a, bytes(10), 0, { client: 1, clock: 1 })).toBe('connection-full');
		expect(parking.park(b, bytes(10), 0, { client: 1, clock: 1 })).toBe('parked');
		expect(parking.park(b, bytes(10), 0, { client: 1, clock: 1 })).toBe('user-full');
		expect(parking.park(c, bytes(200), 0, { client: 1, clock: 1 })).toBe('connection-full');
		expect(parking.park(c, bytes(10), 0, { client: 1, clock: 1 })).toBe('parked');
		expect(parking.park(d, bytes(10), 0, { client: 1, clock: 1 })).toBe('room-full');
		expect(parking.countOf('u1')).toBe(4);
	});

	it("drops a connection's updates when it leaves, and only its own", () => {
		const parking = new Parking(limits);
		const a = conn('u1');
		const b = conn('u2');
		parking.park(a, bytes(5), 0, { client: 1, clock: 4 });
		parking.park(b, bytes(6), 0, { client: 1, clock: 2 });
		parking.park(a, bytes(7), 0, { client: 2, clock: 1 });
		parking.drop(a);
		expect(parking.size).toBe(1);
		expect(parking.countOf('u1')).toBe(0);
		expect(parking.takeReady([1, 2], () => 100).map((p) => p.conn)).toEqual([b]);
	});
});
