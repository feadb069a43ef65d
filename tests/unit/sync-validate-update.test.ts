import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { validateUpdate } from '../../server/sync/validate-update';

/** A room document with a body paragraph and one comment thread, built by client 1. */
function room(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Isi dokumen')]);
	doc.getXmlFragment('default').insert(0, [p]);
	const thread = new Y.Map<unknown>();
	doc.getMap('comments').set('t1', thread);
	thread.set('messages', new Y.Array());
	return doc;
}

/** The update a client (a replica of `base`) produces for `change`. */
function edit(base: Y.Doc, change: (doc: Y.Doc) => void, clientId = 2): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	change(doc);
	return Y.mergeUpdates(updates);
}

const bodyText = (d: Y.Doc) => (d.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
const thread = (d: Y.Doc) => d.getMap('comments').get('t1') as Y.Map<unknown>;

describe('validateUpdate', () => {
	it('lets an editor change anything', () => {
		const doc = room();
		expect(validateUpdate(doc, edit(doc, (d) => bodyText(d).insert(0, 'x')), 'editor')).toEqual({ ok: true });
	});

	it('accepts a viewer sync step 2 that only repeats what the room has (full delete set included)', () => {
		const doc = room();
		bodyText(doc).delete(0, 4);
		// A replica's whole state: known structs plus the complete delete set, nothing new.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		expect(validateUpdate(doc, Y.encodeStateAsUpdate(replica), 'viewer')).toEqual({ ok: true });
	});

	it('denies a viewer any insert, format or delete', () => {
		const doc = room();
		for (const change of [
			(d: Y.Doc) => bodyText(d).insert(0, 'x'),
			(d: Y.Doc) => bodyText(d).format(0, 3, { bold: true }),
			(d: Y.Doc) => bodyText(d).delete(0, 1),
			(d: Y.Doc) => thread(d).set('resolved', true)
		]) {
			expect(validateUpdate(doc, edit(doc, change), 'viewer')).toMatchObject({ ok: false, reason: 'denied' });
		}
	});

	it('lets a commenter change only the comments map, insertions and deletions alike', () => {
		const doc = room();
		const ok = [
			(d: Y.Doc) => thread(d).set('resolved', true),
			(d: Y.Doc) => (thread(d).get('messages') as Y.Array<unknown>).push([{ text: 'Setuju' }]),
			(d: Y.Doc) => d.getMap('comments').delete('t1'),
			(d: Y.Doc) => {
				const t = new Y.Map<unknown>();
				d.getMap('comments').set('t2', t);
				t.set('messages', new Y.Array());
				(t.get('messages') as Y.Array<unknown>).push(['nested']);
			}
		];
		for (const change of ok) expect(validateUpdate(doc, edit(doc, change), 'commenter')).toEqual({ ok: true });
		const denied = [
			(d: Y.Doc) => bodyText(d).insert(3, 'x'),
			(d: Y.Doc) => bodyText(d).delete(0, 2),
			(d: Y.Doc) => d.getXmlFragment('default').insert(1, [new Y.XmlElement('paragraph')]),
			(d: Y.Doc) => d.getMap('meta').set('x', 1),
			// Mixed: a comment plus a body edit in one update is denied as a whole.
			(d: Y.Doc) => {
				thread(d).set('resolved', true);
				bodyText(d).insert(0, 'x');
			}
		];
		for (const change of denied) expect(validateUpdate(doc, edit(doc, change), 'commenter')).toMatchObject({ ok: false, reason: 'denied' });
	});

	it("keeps a commenter's change pending when it builds on content the room has not got yet", () => {
		const doc = room();
		const replica = new Y.Doc();
		replica.clientID = 3;
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		const first = edit(replica, (d) => d.getMap('comments').set('t9', new Y.Map()), 3);
		Y.applyUpdate(replica, first);
		// The second update adds to the thread the first one created: without `first`, unresolved.
		const second = edit(replica, (d) => (d.getMap('comments').get('t9') as Y.Map<unknown>).set('resolved', true), 4);
		expect(validateUpdate(doc, second, 'commenter')).toMatchObject({ ok: false, reason: 'unresolved' });
		Y.applyUpdate(doc, first);
		expect(validateUpdate(doc, second, 'commenter')).toEqual({ ok: true });
	});

	it('rejects bytes that do not decode, truncated updates and false struct counts as invalid', () => {
		const doc = room();
		const good = edit(doc, (d) => bodyText(d).insert(0, 'halo'));
		const bomb = encoding.createEncoder();
		for (const n of [1, 2 ** 40, 7, 0]) encoding.writeVarUint(bomb, n);
		for (const update of [good.subarray(0, good.length - 4), encoding.toUint8Array(bomb), new Uint8Array([255, 255, 255])]) {
			expect(validateUpdate(doc, update, 'editor')).toMatchObject({ ok: false, reason: 'invalid' });
		}
	});

	it('rejects an item whose parent is not a shared type (Yjs would fail half-way)', () => {
		const doc = room();
		// Forge: a string item whose parent points at a text item of client 1 (clock 0 is the paragraph's text).
		const forged = new Y.Doc();
		forged.clientID = 9;
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 1); // one client
		encoding.writeVarUint(encoder.restEncoder, 1); // one struct
		encoder.writeClient(9);
		encoding.writeVarUint(encoder.restEncoder, 0); // clock
		encoder.writeInfo(4); // ContentString, no origins → parent info follows
		encoder.writeParentInfo(false); // parent is an ID
		encoder.writeLeftID(Y.createID(1, 2)); // inside "Isi dokumen": a string, not a type
		encoder.writeString('x');
		encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
		const verdict = validateUpdate(doc, encoder.toUint8Array(), 'editor');
		expect(verdict).toMatchObject({ ok: false, reason: 'invalid', detail: 'parent is not a shared type' });
		forged.destroy();
	});
});
