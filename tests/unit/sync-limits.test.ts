import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { KeyedBuckets, TokenBucket } from '../../server/sync/rate-limit';
import { addressKey, UpgradeLimits } from '../../server/sync/upgrade-limits';
import { addsContent, DocumentSize } from '../../server/sync/document-size';
import { isDocumentGoneError } from '../../server/sync/document-writer';

/** A clock the test moves by hand (milliseconds). */
function clock(): { now: () => number; advance: (ms: number) => void } {
	let t = 0;
	return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TokenBucket', () => {
	it('takes a cost in one step (a message\'s bytes), and refills at its rate up to the burst', () => {
		const c = clock();
		const bucket = new TokenBucket(100, 1000, c.now);
		expect(bucket.take(600)).toBe(true);
		// Not enough for 600 more: nothing is taken, so a smaller cost still passes.
		expect(bucket.take(600)).toBe(false);
		expect(bucket.take(400)).toBe(true);
		expect(bucket.waitSeconds(50)).toBe(0.5);
		c.advance(500);
		expect(bucket.take(50)).toBe(true);
		c.advance(60_000);
		expect(bucket.full).toBe(true);
	});
});

describe('KeyedBuckets', () => {
	it('answers the seconds to wait when a key is out of tokens, and a refund gives one back', () => {
		const c = clock();
		const buckets = new KeyedBuckets(0.5, 2, c.now);
		expect(buckets.take('a')).toBe(0);
		expect(buckets.take('a')).toBe(0);
		expect(buckets.take('a')).toBe(2);
		// Other keys have their own bucket.
		expect(buckets.take('b')).toBe(0);
		buckets.refund('a');
		expect(buckets.wait('a')).toBe(0);
		expect(buckets.take('a')).toBe(0);
	});

	it('forgets buckets that refilled, once a minute, so memory follows the active keys', () => {
		const c = clock();
		const buckets = new KeyedBuckets(1, 2, c.now);
		for (let i = 0; i < 100; i++) buckets.take(`k${i}`);
		expect(buckets.size).toBe(100);
		c.advance(60_000);
		buckets.take('fresh');
		expect(buckets.size).toBe(1);
	});
});

describe('UpgradeLimits', () => {
	const settings = {
		upgradesPerAddressPerSecond: 1,
		upgradeAddressBurst: 2,
		upgradesPerUserPerSecond: 1,
		upgradeUserBurst: 2,
		maxSocketsPerUser: 2
	};

	it('caps sockets per user and frees a slot on release', () => {
		const limits = new UpgradeLimits(settings);
		expect(limits.claimSocket('u')).toBe(true);
		expect(limits.claimSocket('u')).toBe(true);
		expect(limits.claimSocket('u')).toBe(false);
		expect(limits.claimSocket('v')).toBe(true);
		limits.releaseSocket('u');
		expect(limits.socketsOf('u')).toBe(1);
		expect(limits.claimSocket('u')).toBe(true);
	});

	it('counts only refused upgrades against an address: an accepted one gives its token back', () => {
		const c = clock();
		const limits = new UpgradeLimits(settings, c.now);
		for (let i = 0; i < 10; i++) {
			expect(limits.admitAddress('10.0.0.1')).toBe(0);
			limits.addressAccepted('10.0.0.1');
		}
		expect(limits.admitAddress('10.0.0.1')).toBe(0);
		expect(limits.admitAddress('10.0.0.1')).toBe(0);
		expect(limits.admitAddress('10.0.0.1')).toBe(1);
	});

	it('knows a session\'s user from its first accepted upgrade, so later ones are checked before the query', () => {
		const c = clock();
		const limits = new UpgradeLimits(settings, c.now);
		expect(limits.userWaitBySession('s1')).toBe(0);
		expect(limits.admitUser('s1', 'u')).toBe(0);
		expect(limits.admitUser('s2', 'u')).toBe(0);
		// Both sessions are the user's: either one now waits, before any query.
		expect(limits.userWaitBySession('s1')).toBe(1);
		expect(limits.userWaitBySession('s2')).toBe(1);
		c.advance(1000);
		expect(limits.userWaitBySession('s1')).toBe(0);
	});
});

describe('addressKey', () => {
	it.each([
		['192.0.2.7', '192.0.2.7'],
		['::ffff:192.0.2.7', '192.0.2.7'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:DB8::1', '2001:db8:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		[undefined, 'unknown']
	])('%s → %s (one IPv6 host holds a /64)', (address, key) => {
		expect(addressKey(address)).toBe(key);
	});
});

describe('DocumentSize', () => {
	function docOf(text: string): Y.Doc {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, text);
		return doc;
	}
	function updateOf(doc: Y.Doc, change: (d: Y.Doc) => void): Uint8Array {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		let update: Uint8Array = new Uint8Array();
		copy.on('update', (u: Uint8Array) => (update = u));
		change(copy);
		return update;
	}

	it('measures only when the estimate reaches the limit, then refuses growth but not deletions', () => {
		const c = clock();
		const doc = docOf('');
		const size = new DocumentSize(doc, 2000, 0, c.now);
		let sent = 0;
		doc.on('update', (u: Uint8Array) => {
			sent += u.byteLength;
			size.grew(u.byteLength);
		});
		for (let i = 0; i < 5; i++) doc.getText('t').insert(0, 'a'.repeat(100));
		// Not measured yet: the estimate is the sum of the updates.
		expect(size.bytes).toBe(sent);
		expect(size.full).toBe(false);
		doc.getText('t').insert(0, 'b'.repeat(2000));
		// Measured once the estimate reached the limit: from then on it is the true size.
		expect(size.bytes).toBe(Y.encodeStateAsUpdate(doc).byteLength);
		expect(size.bytes).toBeLessThan(sent);
		expect(size.full).toBe(true);

		const growth = updateOf(doc, (d) => d.getText('t').insert(0, 'c'));
		const deletion = updateOf(doc, (d) => d.getText('t').delete(0, 2000));
		expect(size.refuses(growth)).toBe(true);
		expect(size.refuses(deletion)).toBe(false);
		Y.applyUpdate(doc, deletion);
		// Measured again at most once a second while full: then the freed room counts.
		expect(size.refuses(growth)).toBe(true);
		c.advance(1000);
		expect(size.refuses(growth)).toBe(false);
		expect(size.full).toBe(false);
	});

	it('is full from the start when loaded over the limit', () => {
		const doc = docOf('x'.repeat(3000));
		const size = new DocumentSize(doc, 2000, Y.encodeStateAsUpdate(doc).byteLength);
		expect(size.full).toBe(true);
	});

	it('counts an update as growth only when it carries content the document lacks', () => {
		const doc = docOf('abc');
		expect(addsContent(doc, Y.encodeStateAsUpdate(doc))).toBe(false);
		expect(addsContent(doc, updateOf(doc, (d) => d.getText('t').insert(3, 'd')))).toBe(true);
		expect(addsContent(doc, updateOf(doc, (d) => d.getText('t').delete(0, 1)))).toBe(false);
		expect(addsContent(doc, Uint8Array.of(255, 255, 255))).toBe(false);
	});
});

describe('isDocumentGoneError', () => {
	it('finds PostgreSQL\'s foreign_key_violation on the error or on the cause Drizzle wraps it in', () => {
		const driver = Object.assign(new Error('insert violates foreign key'), { code: '23503' });
		expect(isDocumentGoneError(driver)).toBe(true);
		expect(isDocumentGoneError(new Error('Failed query', { cause: driver }))).toBe(true);
		expect(isDocumentGoneError(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))).toBe(false);
		expect(isDocumentGoneError('23503')).toBe(false);
	});
});
