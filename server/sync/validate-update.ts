import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { mayWrite } from '../../src/lib/access';
import { COMMENTS_MAP, type WriteOperation, type WriteTarget } from '../../src/lib/document-contract';
import type { DocumentRole } from '../../src/lib/roles';
import { openingKeyOf, commentWriteProblem, type CommentContent, type CommentExisting, type CommentProblem } from '../../src/lib/comments/policy';

/**
 * Checks an inbound Yjs update against a room's document before it touches it (durability
 * contract §3), in time roughly proportional to the update, never by cloning the document:
 *
 * 1. decode: `Y.decodeUpdate` reads structs lazily, so an update that claims millions of structs
 *    in 30 bytes fails at its end instead of allocating for the claim (design.md pitfalls);
 *    clocks past MAX_CLOCK, empty structs and empty delete ranges are refused (Yjs throws on an
 *    empty delete range half-way through a later update);
 * 2. client ranges: every client's new structs must continue the room's range of that client
 *    without a gap. A struct parked by Yjs at a gap would later be integrated INSTEAD of the real
 *    author's struct with the same id, silently and for everyone but the author. Only the
 *    user's own client id (this connection's, or one the user synced under) may arrive with a gap
 *    (keystrokes can overtake the sync step 2 after a reconnect): that update waits. A client id
 *    that another user's connection has synced
 *    under in this room (`ownerOf`) takes new structs only from that user;
 * 3. structure: every reference an item makes (origin, right origin, parent) points at something
 *    the room has or something in the same update, and a parent is a shared type — the cases in
 *    which Yjs would throw half-way or keep structs pending. A reference to content the room does
 *    not have yet (after a crash, the sender can hold others' unsaved edits and build on them)
 *    makes the update wait, outside the document, until the room's state passes it;
 * 4. scope: every new struct and every struct it deletes is resolved to its root and the key below
 *    it, and `mayWrite` (src/lib/access.ts) decides, for every role, editors included. Delete
 *    ranges beyond the room's state that the update does not supply make it wait too: the room
 *    never keeps pending structs or deletes of a client update;
 * 5. comments: a struct in the `comments` root then goes through the comment rules
 *    (src/lib/comments/policy.ts), given the room's item at its key (one map lookup) and whether
 *    the writer authored the thread (a lookup in the room, or in the keys this update inserts).
 *
 * Only content that is new to the room counts: a sync step 2 carries the sender's whole delete
 * set and structs the room already has, which change nothing.
 *
 * A sync step 2 is the sender's whole state: after a server crash it can hold others' unsaved
 * edits (in the body for a commenter, others' comment entries for anyone). With `relayed:
 * 'drop'`, new structs under client ids that are not the sender's own, and deletes, that the
 * sender may not write are left out (their authors send them again) and the rest is checked and
 * applied, instead of the whole step 2 being refused.
 */

/** The connection an update comes from. */
export interface UpdateAuthor {
	role: DocumentRole;
	userId: string;
	/** The client id this connection authors (pinned by its awareness), null until it said. */
	ownClient: number | null;
	/** The user whose connection synced under `client` in this room, if any. */
	ownerOf(client: number): string | undefined;
}

/** The room's state of `client` must reach `clock` before the update can be tried again. */
export interface Wait {
	client: number;
	clock: number;
}

export type UpdateVerdict =
	/**
	 * `clients`: the client ids whose range the update extends. `update`: the update to apply
	 * instead, when parts the sender may not write were left out (`relayed: 'drop'`).
	 */
	| { ok: true; clients: number[]; update?: Uint8Array }
	| { ok: false; reason: 'invalid'; detail: string }
	| { ok: false; reason: 'denied'; detail: string }
	/** A write in `comments` the comment rules refuse (src/lib/comments/policy.ts). */
	| { ok: false; reason: 'comment'; problem: CommentProblem; detail: string }
	/** Structs under another author's client id, or a gap in a client's range. */
	| { ok: false; reason: 'forged'; detail: string }
	/** Depends on content the room does not have yet; one of the things it waits for. */
	| { ok: false; reason: 'unresolved'; detail: string; waitsFor: Wait; update?: Uint8Array };

export interface ValidateOptions {
	/** 'drop': leave out what the sender may not write under others' client ids (a sync step 2). */
	relayed?: 'deny' | 'drop';
}

/** What a `relayed: 'drop'` check leaves out: per client, structs from a clock on; delete ranges. */
interface Drops {
	structsFrom: Map<number, number>;
	deletes: { client: number; clock: number; len: number }[];
}

/**
 * No honest client reaches this clock: it counts the items one Y.Doc instance created, and a
 * document is capped far below it. Anything past it (up to Yjs's 2^53) is refused outright.
 */
export const MAX_CLOCK = 2 ** 32;

/** How many updates were validated, for tests that measure the cost of a keystroke. */
export const validationStats = { count: 0 };

type Struct = Y.Item | Y.GC | Y.Skip;
/** Where a struct sits; `nested`: inside the value of an entry of the root, not in the root itself. */
type Target = WriteTarget & { nested: boolean };
type DeleteRange = { client: number; clock: number; end: number };
type Resolved = Target | typeof GC_SCOPE | typeof MISSING;
const GC_SCOPE = Symbol('garbage-collected');
const MISSING = Symbol('missing');

class InvalidUpdate extends Error {}

const invalid = (detail: string): UpdateVerdict => ({ ok: false, reason: 'invalid', detail });

type Decoded = { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

export function validateUpdate(doc: Y.Doc, update: Uint8Array, author: UpdateAuthor, options: ValidateOptions = {}): UpdateVerdict {
	validationStats.count += 1;
	let decoded: Decoded;
	try {
		decoded = Y.decodeUpdate(update) as unknown as Decoded;
	} catch (error) {
		return invalid(`does not decode: ${error instanceof Error ? error.message : String(error)}`);
	}
	try {
		const drops: Drops | null = options.relayed === 'drop' ? { structsFrom: new Map(), deletes: [] } : null;
		const verdict = check(doc, decoded.structs, decoded.ds.clients, author, drops);
		if (!drops || (drops.structsFrom.size === 0 && drops.deletes.length === 0)) return verdict;
		if (!verdict.ok && verdict.reason !== 'unresolved') return verdict;
		// Something was left out: check what remains as an update of its own (it may now wait
		// for what was left out, if it builds on it).
		const kept = encodeKept(decoded, drops);
		const again = Y.decodeUpdate(kept) as unknown as Decoded;
		const rest = check(doc, again.structs, again.ds.clients, author, null);
		return rest.ok || rest.reason === 'unresolved' ? { ...rest, update: kept } : rest;
	} catch (error) {
		if (error instanceof InvalidUpdate) return invalid(error.message);
		throw error;
	}
}

/** The update without what `drops` leaves out, encoded again (V1). */
function encodeKept(decoded: Decoded, drops: Drops): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const clients = new Map<number, Struct[]>();
	for (const s of decoded.structs) {
		const from = drops.structsFrom.get(s.id.client);
		if (from !== undefined && s.id.clock + s.length > from) continue;
		let list = clients.get(s.id.client);
		if (!list) clients.set(s.id.client, (list = []));
		list.push(s);
	}
	encoding.writeVarUint(encoder.restEncoder, clients.size);
	for (const [client, list] of clients) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
		for (const s of list) s.write(encoder, 0);
	}
	const ds = new Map<number, { clock: number; len: number }[]>();
	for (const [client, ranges] of decoded.ds.clients) {
		let kept = ranges.map((r) => ({ clock: r.clock, len: r.len }));
		for (const d of drops.deletes) {
			if (d.client !== client) continue;
			const dEnd = d.clock + d.len;
			kept = kept.flatMap((r) => {
				const end = r.clock + r.len;
				if (dEnd <= r.clock || d.clock >= end) return [r];
				const parts = [];
				if (r.clock < d.clock) parts.push({ clock: r.clock, len: d.clock - r.clock });
				if (dEnd < end) parts.push({ clock: dEnd, len: end - dEnd });
				return parts;
			});
		}
		if (kept.length > 0) ds.set(client, kept);
	}
	encoding.writeVarUint(encoder.restEncoder, ds.size);
	for (const [client, ranges] of ds) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, ranges.length);
		for (const r of ranges) {
			encoder.writeDsClock(r.clock);
			encoder.writeDsLen(r.len);
		}
	}
	return encoder.toUint8Array();
}

function check(
	doc: Y.Doc,
	structs: Struct[],
	deletes: Map<number, { clock: number; len: number }[]>,
	author: UpdateAuthor,
	drops: Drops | null
): UpdateVerdict {
	const { role, userId } = author;
	const store = doc.store;
	const stateOf = (client: number) => Y.getState(store, client);
	// The first thing found missing (the update is tried again once the room has it).
	const waits: Wait[] = [];
	const waitFor = (client: number, clock: number) => {
		if (waits.length === 0) waits.push({ client, clock });
	};

	// The update's own structs, per client in clock order, for references inside the update.
	const own = new Map<number, Struct[]>();
	for (const s of structs) {
		if (s.length <= 0) throw new InvalidUpdate('empty struct');
		if (s.id.clock + s.length > MAX_CLOCK) throw new InvalidUpdate('clock out of range');
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

	// 2. Client ranges: no gaps (the own client's gap waits), no writing under another's id.
	const grows: number[] = [];
	const ownIds = new Set<number>();
	for (const [client, list] of own) {
		const owner = client === author.ownClient ? userId : author.ownerOf(client);
		if (owner === userId) ownIds.add(client);
		// The user's own client id: pinned by this connection, or synced under by another of its
		// connections — e.g. the one a reconnecting provider left behind, still holding the
		// awareness id until its ping times out, while edits sent on it were lost in flight.
		const ownId = owner === userId;
		let covered = stateOf(client);
		let grew = false;
		for (const s of list) {
			if (s.id.clock + s.length <= covered) continue;
			// A skip is a hole in the update: whatever follows it beyond `covered` is a gap.
			if (s instanceof Y.Skip) continue;
			if (s.id.clock > covered) {
				if (!ownId) return { ok: false, reason: 'forged', detail: `gap in the range of client ${client}` };
				waitFor(client, s.id.clock);
				break;
			}
			covered = s.id.clock + s.length;
			grew = true;
		}
		if (!grew) continue;
		if (role === 'viewer') return { ok: false, reason: 'denied', detail: 'viewers may not change the document' };
		if (owner !== undefined && owner !== userId)
			return { ok: false, reason: 'forged', detail: `client ${client} belongs to another user` };
		grows.push(client);
	}

	// 3. and 4. References and scope, for the structs that are new to the room.
	const memo = new Map<Struct, Resolved>();
	const visiting = new Set<Struct>();
	/** Where an integrated item sits: its root and the key below the root. */
	const targetOfStored = (item: Y.Item): Resolved => {
		let it = item;
		for (;;) {
			const parent = it.parent;
			if (!(parent instanceof Y.AbstractType)) return GC_SCOPE;
			if (parent._item === null) return { root: Y.findRootTypeKey(parent), key: it.parentSub, nested: it !== item };
			it = parent._item;
		}
	};
	const targetOfId = (id: Y.ID): Resolved => {
		const stored = findStored(id);
		if (stored) return stored instanceof Y.GC ? GC_SCOPE : targetOfStored(stored);
		const mine = findOwn(id);
		if (!mine || mine instanceof Y.Skip) return MISSING;
		return mine instanceof Y.GC ? GC_SCOPE : targetOfOwn(mine);
	};
	/** Where an item of this update will sit: the parent it names, or its neighbour's. */
	const targetOfOwn = (s: Y.Item): Resolved => {
		const known = memo.get(s);
		if (known !== undefined) return known;
		if (visiting.has(s)) throw new InvalidUpdate('reference cycle');
		visiting.add(s);
		let target: Resolved;
		const parent = s.parent as unknown;
		// Yjs reads parent info only for items without origins; otherwise the left (or right)
		// neighbour's parent and key are the item's.
		if (typeof parent === 'string') target = { root: parent, key: s.parentSub, nested: false };
		else if (parent instanceof Y.ID) target = nestedIn(targetOfId(parent));
		else if (s.origin) target = targetOfId(s.origin);
		else if (s.rightOrigin) target = targetOfId(s.rightOrigin);
		else throw new InvalidUpdate('item without position');
		visiting.delete(s);
		memo.set(s, target);
		return target;
	};

	/** A struct whose parent is the item at `parent`: the same root and key, one level down. */
	const nestedIn = (parent: Resolved): Resolved => (parent === MISSING || parent === GC_SCOPE ? parent : { ...parent, nested: true });

	// 5. The comment rules' lookups: the room's item at a key, and the keys this update inserts
	// directly into `comments` (collected once, the first time a thread's authorship is asked).
	const comments = doc.share.get(COMMENTS_MAP);
	let insertedKeys: Set<string> | null = null;
	const insertedCommentKeys = (): Set<string> => {
		if (insertedKeys) return insertedKeys;
		const keys = new Set<string>();
		for (const s of structs) {
			if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny)) continue;
			if (s.id.clock + s.length <= stateOf(s.id.client)) continue;
			const target = targetOfOwn(s);
			if (target !== MISSING && target !== GC_SCOPE && target.root === COMMENTS_MAP && !target.nested && target.key !== null) keys.add(target.key);
		}
		return (insertedKeys = keys);
	};
	const isThreadAuthor = (threadId: string): boolean => {
		const key = openingKeyOf(threadId, userId);
		const item = comments?._map.get(key);
		return (item !== undefined && !item.deleted) || insertedCommentKeys().has(key);
	};
	const commentProblem = (target: Target, operation: WriteOperation, struct: Y.Item | null): CommentProblem | null => {
		const item = target.key === null ? undefined : comments?._map.get(target.key);
		const existing: CommentExisting | null = item === undefined ? null : item.deleted ? { deleted: true } : { deleted: false, value: lastValue(item) };
		return commentWriteProblem({
			role,
			userId,
			key: target.key,
			nested: target.nested,
			operation,
			content: struct ? contentOf(struct) : undefined,
			existing,
			isThreadAuthor
		});
	};

	/** A reference must exist or come from this update; otherwise the update waits for it. */
	const checkRef = (s: Y.Item, ref: Y.ID, asParent: boolean) => {
		if (ref.client === s.id.client && ref.clock >= s.id.clock) throw new InvalidUpdate('reference to a later struct');
		const target = findStored(ref) ?? findOwn(ref);
		if (!target || target instanceof Y.Skip) {
			if (ref.client === s.id.client && s.id.clock <= stateOf(s.id.client))
				throw new InvalidUpdate('reference to a missing struct of the same client');
			waitFor(ref.client, ref.clock + 1);
			return;
		}
		if (asParent && target instanceof Y.Item && !(target.content instanceof Y.ContentType))
			throw new InvalidUpdate('parent is not a shared type');
	};

	/** Writes in `comments` the coarse gate let through, for the comment rules (step 5). */
	const commentWrites: ({ target: Target; struct: Y.Item; deletes?: undefined } | { target: Target; struct?: undefined; deletes: DeleteRange })[] = [];
	/** Relayed content (another client's) the sender may not write: left out when dropping. */
	const dropStruct = (s: Y.Item): boolean => {
		if (!drops || ownIds.has(s.id.client)) return false;
		const from = drops.structsFrom.get(s.id.client);
		if (from === undefined || s.id.clock < from) drops.structsFrom.set(s.id.client, s.id.clock);
		return true;
	};
	/** A delete set does not say who deleted: any delete the sender may not make is left out. */
	const dropDelete = (range: DeleteRange): boolean => {
		if (!drops) return false;
		drops.deletes.push({ client: range.client, clock: range.clock, len: range.end - range.clock });
		return true;
	};

	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		if (s.id.clock + s.length <= stateOf(s.id.client)) continue;
		if (s.content instanceof Y.ContentDoc) throw new InvalidUpdate('subdocuments are not supported');
		if (s.origin) checkRef(s, s.origin, false);
		if (s.rightOrigin) checkRef(s, s.rightOrigin, false);
		if (s.parent instanceof Y.ID) checkRef(s, s.parent, true);
		const target = targetOfOwn(s);
		// MISSING: a reference is missing (already waited for); GC: it lands in deleted content.
		if (target === MISSING || target === GC_SCOPE) continue;
		if (mayWrite(role, target.root)) {
			if (target.root === COMMENTS_MAP) commentWrites.push({ target, struct: s });
			continue;
		}
		if (dropStruct(s)) continue;
		return denied(role, target, 'insert');
	}

	for (const [client, ranges] of deletes) {
		const state = stateOf(client);
		const stored = store.clients.get(client);
		for (const { clock, len } of ranges) {
			if (!(len > 0)) throw new InvalidUpdate('empty delete range');
			const end = clock + len;
			if (end > MAX_CLOCK) throw new InvalidUpdate('delete range out of range');
			// The part the room has: only items not yet deleted are a change.
			if (stored && clock < state) {
				for (let i = Y.findIndexSS(stored, clock); i < stored.length && stored[i].id.clock < end; i++) {
					const item = stored[i];
					if (!(item instanceof Y.Item) || item.deleted) continue;
					const target = targetOfStored(item);
					if (target === GC_SCOPE || target === MISSING) continue;
					const range = { client, clock: Math.max(clock, item.id.clock), end: Math.min(end, item.id.clock + item.length) };
					if (mayWrite(role, target.root)) {
						if (target.root === COMMENTS_MAP) commentWrites.push({ target, deletes: range });
						continue;
					}
					if (dropDelete(range)) continue;
					return denied(role, target, 'delete');
				}
			}
			// The part beyond the room's state must be structs of this update (checked above).
			for (let c = Math.max(clock, state); c < end; ) {
				const mine = findOwn(Y.createID(client, c));
				if (!mine || mine instanceof Y.Skip) {
					if (role === 'viewer') return { ok: false, reason: 'denied', detail: 'viewers may not delete' };
					waitFor(client, end);
					break;
				}
				c = mine.id.clock + mine.length;
			}
		}
	}
	if (waits.length > 0) return { ok: false, reason: 'unresolved', detail: 'depends on content the room does not have', waitsFor: waits[0] };

	// 5. The comment rules, once nothing is missing: they read the room's state at a key (the
	// value an edit replaces, the thread's opening message), which what an update waits for can
	// change; a parked update is checked again in full when it is tried again.
	for (const write of commentWrites) {
		const operation = write.struct ? 'insert' : 'delete';
		const problem = commentProblem(write.target, operation, write.struct ?? null);
		if (problem === null) continue;
		if (write.struct ? dropStruct(write.struct) : dropDelete(write.deletes)) continue;
		return refused(problem, write.target, operation);
	}
	return { ok: true, clients: grows };
}

function where(target: WriteTarget): string {
	return target.key === null ? `"${target.root}"` : `"${target.root}" entry "${target.key.slice(0, 200)}"`;
}

function denied(role: DocumentRole, target: WriteTarget, operation: WriteOperation): UpdateVerdict {
	return { ok: false, reason: 'denied', detail: `${role} may not ${operation} in ${where(target)}` };
}

function refused(problem: CommentProblem, target: WriteTarget, operation: WriteOperation): UpdateVerdict {
	return { ok: false, reason: 'comment', problem, detail: `${problem}: ${operation} in ${where(target)}` };
}

/** What a struct in `comments` holds, for the comment rules. */
function contentOf(s: Y.Item): CommentContent {
	const content = s.content;
	if (content instanceof Y.ContentAny) return content.arr.length === 1 ? { kind: 'value', value: content.arr[0] } : { kind: 'other' };
	if (content instanceof Y.ContentDeleted) return { kind: 'deleted' };
	return { kind: 'other' };
}

/** The value of a live map item (its last element, as Y.Map reads it). */
function lastValue(item: Y.Item): unknown {
	return item.content instanceof Y.ContentAny ? item.content.arr[item.content.arr.length - 1] : undefined;
}
