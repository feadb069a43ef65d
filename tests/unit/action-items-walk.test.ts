import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { walkDocument } from '../../src/lib/projection/walk';
import { isOverdue, parseDueOn, todayIn } from '../../src/lib/actions/due';
import { ACTION_ITEM_LIMITS } from '../../src/lib/document-contract';

const ITEM_1 = '33333333-3333-4333-8333-333333333333';
const ITEM_2 = '44444444-4444-4444-8444-444444444444';
const OWNER = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function element(name: string, attrs: Record<string, unknown>, children: Y.XmlElement[] = []): Y.XmlElement {
	const el = new Y.XmlElement(name);
	// y-prosemirror stores attribute values as given (booleans, null, strings).
	for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
	el.insert(0, children);
	return el;
}

function docWith(items: Y.XmlElement[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => doc.getXmlFragment('default').insert(0, [paragraph('Tindakan'), element('taskList', {}, items)]));
	return doc;
}

describe('walkDocument: action items', () => {
	it('reads each task item: id, text, owner, due date and done', () => {
		const doc = docWith([
			element('taskItem', { id: ITEM_1, checked: false, ownerId: OWNER, dueOn: '2026-03-31' }, [paragraph(' Perbarui SOP loket ')]),
			element('taskItem', { id: ITEM_2, checked: true, ownerId: null, dueOn: null }, [paragraph('Latih petugas'), paragraph('shift pagi')])
		]);
		expect(walkDocument(doc).actionItems).toEqual([
			{ blockId: ITEM_1, text: 'Perbarui SOP loket', ownerId: OWNER, dueOn: '2026-03-31', done: false },
			{ blockId: ITEM_2, text: 'Latih petugas\nshift pagi', ownerId: null, dueOn: null, done: true }
		]);
	});

	it('drops what a hostile client wrote that does not fit: a non-UUID owner, impossible dates, absurd text', () => {
		const doc = docWith([
			element('taskItem', { id: ITEM_1, checked: 'yes', ownerId: "x' or 1=1 --", dueOn: '2026-02-30' }, [paragraph('a'.repeat(100_000))]),
			element('taskItem', { id: ITEM_2, checked: 'true', ownerId: 42, dueOn: '99999-01-01' }, [paragraph('Tulis ulang')])
		]);
		const [first, second] = walkDocument(doc).actionItems ?? [];
		expect(first).toEqual({ blockId: ITEM_1, text: 'a'.repeat(ACTION_ITEM_LIMITS.text), ownerId: null, dueOn: null, done: false });
		expect(second).toEqual({ blockId: ITEM_2, text: 'Tulis ulang', ownerId: null, dueOn: null, done: true });
	});

	it('skips items without a valid id and keeps the first of a duplicated id', () => {
		const doc = docWith([
			element('taskItem', { id: 'nope', checked: false }, [paragraph('tanpa id')]),
			element('taskItem', { id: ITEM_1.toUpperCase(), checked: false }, [paragraph('pertama')]),
			element('taskItem', { id: ITEM_1, checked: true }, [paragraph('salinan')])
		]);
		expect(walkDocument(doc).actionItems).toEqual([{ blockId: ITEM_1, text: 'pertama', ownerId: null, dueOn: null, done: false }]);
	});

	it('counts the items as body words but not as lessons or changes', () => {
		const projection = walkDocument(docWith([element('taskItem', { id: ITEM_1 }, [paragraph('Dua kata')])]));
		expect(projection.lessons).toEqual([]);
		expect(projection.processChanges).toEqual([]);
		expect(projection.wordCount).toBe(3);
	});
});

describe('due dates', () => {
	it('accepts real calendar days only, within the years allowed', () => {
		expect(parseDueOn('2028-02-29')).toBe('2028-02-29');
		expect(parseDueOn(' 2026-12-01 ')).toBe('2026-12-01');
		for (const bad of ['2027-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '1999-12-31', '3000-01-01', '', null, 20260101, '2026-01-01T00:00'])
			expect(parseDueOn(bad), String(bad)).toBeNull();
	});

	it('is overdue only when open and due before today', () => {
		expect(isOverdue({ done: false, dueOn: '2026-03-09' }, '2026-03-10')).toBe(true);
		expect(isOverdue({ done: false, dueOn: '2026-03-10' }, '2026-03-10')).toBe(false);
		expect(isOverdue({ done: true, dueOn: '2026-03-01' }, '2026-03-10')).toBe(false);
		expect(isOverdue({ done: false, dueOn: null }, '2026-03-10')).toBe(false);
	});

	it("names today as Jakarta does: 20:00 UTC is already the next day there", () => {
		expect(todayIn(new Date('2026-03-09T20:00:00Z'))).toBe('2026-03-10');
		expect(todayIn(new Date('2026-03-09T10:00:00Z'))).toBe('2026-03-09');
	});
});
