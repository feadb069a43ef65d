import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	hasUnconfirmedEdits,
	hasUnsavedEdits,
	offlineStoreName,
	setUnsaved
} from '../../src/lib/unsaved-edits';

const RINA = '11111111-1111-4111-8111-111111111111';
const BUDI = '22222222-2222-4222-8222-222222222222';
const DOC = '33333333-3333-4333-8333-333333333333';
const OTHER_DOC = '44444444-4444-4444-8444-444444444444';

const sv = (entries: [number, number][]) => new Map(entries);

describe('hasUnconfirmedEdits', () => {
	it('connected: anything but Tersimpan is unsaved', () => {
		expect(hasUnconfirmedEdits('saved', sv([[1, 5]]), null)).toBe(false);
		expect(hasUnconfirmedEdits('unsaved', sv([[1, 5]]), sv([[1, 9]]))).toBe(true);
	});

	it('offline: unsaved exactly when the local state goes beyond what the server confirmed', () => {
		expect(hasUnconfirmedEdits('offline', sv([[1, 5]]), sv([[1, 5], [2, 3]]))).toBe(false);
		expect(hasUnconfirmedEdits('offline', sv([[1, 6]]), sv([[1, 5]]))).toBe(true);
		// A client the server never saw (this tab's own edits, typed offline).
		expect(hasUnconfirmedEdits('offline', sv([[1, 5], [7, 1]]), sv([[1, 5]]))).toBe(true);
		// Nothing confirmed yet: any content may be unsent; an empty document has nothing to lose.
		expect(hasUnconfirmedEdits('offline', sv([[1, 1]]), null)).toBe(true);
		expect(hasUnconfirmedEdits('offline', sv([]), null)).toBe(false);
	});
});

describe('unsaved flags', () => {
	const store = new Map<string, string>();
	beforeEach(() => {
		store.clear();
		// Node has no localStorage: the flags only need these three calls.
		globalThis.localStorage = {
			getItem: (key: string) => store.get(key) ?? null,
			setItem: (key: string, value: string) => void store.set(key, value),
			removeItem: (key: string) => void store.delete(key)
		} as Storage;
	});
	afterEach(() => {
		setUnsaved(RINA, DOC, false);
		setUnsaved(RINA, OTHER_DOC, false);
		Reflect.deleteProperty(globalThis, 'localStorage');
	});

	it('are per user, per document, and cleared one document at a time', () => {
		setUnsaved(RINA, DOC, true);
		setUnsaved(RINA, OTHER_DOC, true);
		expect(hasUnsavedEdits(RINA)).toBe(true);
		expect(hasUnsavedEdits(BUDI)).toBe(false);
		setUnsaved(RINA, DOC, false);
		expect(hasUnsavedEdits(RINA)).toBe(true);
		setUnsaved(RINA, OTHER_DOC, false);
		expect(hasUnsavedEdits(RINA)).toBe(false);
		expect(store.size).toBe(0);
	});

	it('outlive the tab that set them (a tab closed offline still counts from another page)', () => {
		// What an earlier tab left behind in localStorage, with nothing in this tab's memory.
		store.set(`alur-unsaved:${RINA}`, JSON.stringify([DOC]));
		expect(hasUnsavedEdits(RINA)).toBe(true);
		expect(hasUnsavedEdits(BUDI)).toBe(false);
	});

	it('survive a damaged stored value without failing the sign-out check', () => {
		store.set(`alur-unsaved:${RINA}`, '{not json');
		expect(hasUnsavedEdits(RINA)).toBe(false);
		setUnsaved(RINA, DOC, true);
		expect(hasUnsavedEdits(RINA)).toBe(true);
		expect(JSON.parse(store.get(`alur-unsaved:${RINA}`) ?? '[]')).toEqual([DOC]);
	});
});

it('names each offline copy after its user and document', () => {
	expect(offlineStoreName(RINA, DOC)).toBe(`alur-doc-${RINA}-${DOC}`);
	expect(offlineStoreName(RINA, DOC)).not.toBe(offlineStoreName(BUDI, DOC));
});
