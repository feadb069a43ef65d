import * as Y from 'yjs';
import type { DocumentRole } from '../../src/lib/roles';
import { COMMENTS_MAP } from '../../src/lib/projection/walk';

/**
 * Checks an inbound Yjs update against a room's document before it touches it (durability
 * contract §3), in time roughly proportional to the update, never by cloning the document:
 *
 * 1. decode: `Y.decodeUpdate` reads structs lazily, so an update that claims millions of structs
 *    in 30 bytes fails at its end instead of allocating for the claim (design.md pitfalls);
 * 2. structure: every reference an item makes (origin, right origin, parent) points at something
 *    the room has, something earlier in the same update, or another client's missing range
 *    (which Yjs keeps pending); a parent must be a shared type. These are the cases in which
 *    Yjs's integration would otherwise throw half-way through and leave a half-applied update;
 * 3. scope: viewers may change nothing; commenters may change (insert or delete) only inside
 *    the root map `comments`.
 *
 * Only content that is new to the room counts: a sync step 2 carries the sender's whole delete
 * set and structs the room already has, which change nothing.
 */
export type UpdateVerdict =
	| { ok: true }
	| { ok: false; reason: 'invalid'; detail: string }
	| { ok: false; reason: 'denied'; detail: string }
	/** A commenter's change whose place depends on content the room does not have yet. */
	| { ok: false; reason: 'unresolved'; detail: string };

type Struct = Y.Item | Y.GC | Y.Skip;
type Scope = string | typeof GC_SCOPE | typeof MISSING;
const GC_SCOPE = Symbol('garbage-collected');
const MISSING = Symbol('missing');

class InvalidUpdate extends Error {}

const invalid = (detail: string): UpdateVerdict => ({ ok: false, reason: 'invalid', detail });

export function validateUpdate(doc: Y.Doc, update: Uint8Array, role: DocumentRole): UpdateVerdict {
	let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
	try {
		decoded = Y.decodeUpdate(update) as unknown as typeof decoded;
	} catch (error) {
		return invalid(`does not decode: ${error instanceof Error ? error.message : String(error)}`);
	}
	try {
		return check(doc, decoded.structs, decoded.ds.clients, role);
	} catch (error) {
		if (error instanceof InvalidUpdate) return invalid(error.message);
		throw error;
	}
}

function check(
	doc: Y.Doc,
	structs: Struct[],
	deletes: Map<number, { clock: number; len: number }[]>,
	role: DocumentRole
): UpdateVerdict {
	const store = doc.store;
	const stateOf = (client: number) => Y.getState(store, client);

	// The update's own structs, per client in clock order, for references inside the update.
	const own = new Map<number, Struct[]>();
	for (const s of structs) {
		if (s.length <= 0 && !(s instanceof Y.Skip)) throw new InvalidUpdate('empty struct');
		let list = own.get(s.id.client);
		if (!list) own.set(s.id.client, (list = []));
		const prev = list[list.length - 1];
		if (prev && prev.id.clock + prev.length !== s.id.clock) throw new InvalidUpdate('structs out of order');
		list.push(s);
	}
	const findOwn = (id: Y.ID): Struct | null => {
		const list = own.get(id.client);
		if (!list || list.length === 0) return null;
		const first = list[0];
		const last = list[list.length - 1];
		if (id.clock < first.id.clock || id.clock >= last.id.clock + last.length) return null;
		return list[Y.findIndexSS(list as Y.Item[], id.clock)];
	};
	const findStored = (id: Y.ID): Y.Item | Y.GC | null => {
		if (id.clock >= stateOf(id.client)) return null;
		const list = store.clients.get(id.client);
		if (!list) return null;
		return list[Y.findIndexSS(list, id.clock)];
	};

	const scopeMemo = new Map<Struct, Scope>();
	const visiting = new Set<Struct>();
	/** The root-level name an integrated type belongs to. */
	const rootOfType = (type: Y.AbstractType<unknown>): Scope => {
		let t = type;
		while (t._item) {
			const parent = t._item.parent;
			if (!(parent instanceof Y.AbstractType)) return GC_SCOPE;
			t = parent;
		}
		return Y.findRootTypeKey(t);
	};
	const scopeOfId = (id: Y.ID): Scope => {
		const stored = findStored(id);
		if (stored) {
			if (stored instanceof Y.GC) return GC_SCOPE;
			const parent = stored.parent;
			return parent instanceof Y.AbstractType ? rootOfType(parent) : GC_SCOPE;
		}
		const mine = findOwn(id);
		if (mine) return scopeOfStruct(mine);
		return MISSING;
	};
	const scopeOfStruct = (s: Struct): Scope => {
		const memo = scopeMemo.get(s);
		if (memo !== undefined) return memo;
		if (!(s instanceof Y.Item)) return GC_SCOPE;
		if (visiting.has(s)) throw new InvalidUpdate('reference cycle');
		visiting.add(s);
		let scope: Scope;
		const parent = s.parent as unknown;
		if (typeof parent === 'string') scope = parent;
		else if (parent instanceof Y.ID) scope = scopeOfId(parent);
		else if (s.origin) scope = scopeOfId(s.origin);
		else if (s.rightOrigin) scope = scopeOfId(s.rightOrigin);
		else throw new InvalidUpdate('item without position');
		visiting.delete(s);
		scopeMemo.set(s, scope);
		return scope;
	};

	/** A reference must exist, come from this update, or be another client's pending range. */
	const checkRef = (s: Y.Item, ref: Y.ID, asParent: boolean) => {
		if (ref.client === s.id.client && ref.clock >= s.id.clock) throw new InvalidUpdate('reference to a later struct');
		const target = findStored(ref) ?? findOwn(ref);
		if (!target) {
			if (ref.client === s.id.client && s.id.clock <= stateOf(s.id.client))
				throw new InvalidUpdate('reference to a missing struct of the same client');
			return;
		}
		if (asParent && target instanceof Y.Item && !(target.content instanceof Y.ContentType))
			throw new InvalidUpdate('parent is not a shared type');
		if (asParent && target instanceof Y.Skip) throw new InvalidUpdate('parent is a skip');
	};

	const readOnly = role !== 'editor';
	let unresolved = false;
	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		if (s.content instanceof Y.ContentDoc) throw new InvalidUpdate('subdocuments are not supported');
		if (s.origin) checkRef(s, s.origin, false);
		if (s.rightOrigin) checkRef(s, s.rightOrigin, false);
		if (s.parent instanceof Y.ID) checkRef(s, s.parent, true);
		const isNew = s.id.clock + s.length > stateOf(s.id.client);
		if (!readOnly || !isNew) continue;
		if (role === 'viewer') return { ok: false, reason: 'denied', detail: 'viewers may not change the document' };
		const scope = scopeOfStruct(s);
		if (scope === MISSING) unresolved = true;
		else if (scope !== COMMENTS_MAP && scope !== GC_SCOPE)
			return { ok: false, reason: 'denied', detail: `commenters may change only comments, not "${String(scope)}"` };
	}

	if (readOnly) {
		for (const [client, ranges] of deletes) {
			const state = stateOf(client);
			const stored = store.clients.get(client);
			for (const { clock, len } of ranges) {
				if (len <= 0) continue;
				const end = clock + len;
				// The part the room has: only items not yet deleted are a change.
				if (stored && clock < state) {
					for (let i = Y.findIndexSS(stored, clock); i < stored.length && stored[i].id.clock < end; i++) {
						const item = stored[i];
						if (!(item instanceof Y.Item) || item.deleted) continue;
						if (role === 'viewer') return { ok: false, reason: 'denied', detail: 'viewers may not delete' };
						const parent = item.parent;
						const scope = parent instanceof Y.AbstractType ? rootOfType(parent) : GC_SCOPE;
						if (scope !== COMMENTS_MAP && scope !== GC_SCOPE)
							return { ok: false, reason: 'denied', detail: 'commenters may delete only comments' };
					}
				}
				// The part beyond the room's state must be structs of this update (already checked).
				for (let c = Math.max(clock, state); c < end; ) {
					const mine = findOwn(Y.createID(client, c));
					if (!mine) {
						if (role === 'viewer') return { ok: false, reason: 'denied', detail: 'viewers may not delete' };
						unresolved = true;
						break;
					}
					c = mine.id.clock + mine.length;
				}
			}
		}
	}
	if (unresolved) return { ok: false, reason: 'unresolved', detail: 'depends on content the room does not have' };
	return { ok: true };
}
