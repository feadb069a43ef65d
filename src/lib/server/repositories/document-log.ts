import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { documentEditDays, documentStates, documentUpdates, documents, users } from '../db/schema';

/**
 * The Yjs persistence of a document (design.md "Yjs persistence"): an append-only update log
 * plus a compacted state. Load = state + every row still in the log; compaction folds rows
 * into the state and deletes exactly those rows, in one transaction.
 *
 * Load reads every remaining row, not only `id > up_to_update_id`: with several writers a row
 * with a smaller id can commit after a compaction that saw larger ids, and applying a Yjs
 * update twice is harmless while skipping one loses it.
 */

/** Updates a user sent to a document on one day (Asia/Jakarta), counted into `document_edit_days`. */
export interface DocumentEditCount {
	documentId: string;
	userId: string;
	/** `YYYY-MM-DD`. */
	day: string;
	updates: number;
}

export interface StoredDocument {
	/** The compacted state, or null when the document has no state row. */
	state: Uint8Array | null;
	/** Log rows not yet folded into the state, oldest first. */
	updates: { data: Uint8Array }[];
}

export function toBytes(value: unknown): Uint8Array {
	if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
	throw new Error('expected bytea');
}

/** Reads state and log in one statement, so one snapshot: a compaction cannot fall in between. */
export async function loadDocumentLog(db: Executor, documentId: string): Promise<StoredDocument> {
	const result = await db.execute<{ kind: number; id: string | number; data: unknown }>(sql`
		select 0 as kind, 0::bigint as id, ${documentStates.state} as data
		  from ${documentStates} where ${documentStates.documentId} = ${documentId}
		union all
		select 1 as kind, ${documentUpdates.id} as id, ${documentUpdates.data} as data
		  from ${documentUpdates} where ${documentUpdates.documentId} = ${documentId}
		order by kind, id`);
	// postgres.js returns the rows as an array, PGlite as `{ rows }`.
	const rows = Array.isArray(result) ? result : (result as unknown as { rows: typeof result }).rows;
	let state: Uint8Array | null = null;
	const updates: StoredDocument['updates'] = [];
	for (const row of rows as { kind: number; id: string | number; data: unknown }[]) {
		if (Number(row.kind) === 0) state = toBytes(row.data);
		else updates.push({ data: toBytes(row.data) });
	}
	return { state, updates };
}

/** Appends one update; the row is the unit of "saved". Returns its id. */
export async function appendDocumentUpdate(db: Executor, documentId: string, data: Uint8Array): Promise<number> {
	const [row] = await db.insert(documentUpdates).values({ documentId, data }).returning({ id: documentUpdates.id });
	return row.id;
}

/**
 * Appends rows of several documents in one statement (all or none), in order: the sync
 * server's log writer gathers what many rooms accepted in a short window into one INSERT, so
 * the database sees one statement per window instead of one per room.
 */
export async function appendDocumentUpdatesOfMany(
	db: Db,
	rows: readonly { documentId: string; data: Uint8Array }[],
	edits: readonly DocumentEditCount[] = []
): Promise<void> {
	if (rows.length === 0) return;
	// One statement text whatever the row count: prepared once per connection, and no query to
	// build per batch (the sync server sends dozens a second). Bytes travel as hex text because
	// the two drivers disagree on binary array parameters (days too: postgres.js has no date[]).
	const documentIds = rows.map((r) => r.documentId);
	const hex = rows.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('hex'));
	// Who edited, per document and day (document_edit_days), in the same statement: counted
	// exactly when the updates are saved, with no round trip of its own. The document gives the
	// organisation and team; a user deleted meanwhile is skipped rather than failing the log write
	// (its foreign-key error would read as "document gone", document-writer.ts).
	await db.execute(sql`
		with log as (
			insert into ${documentUpdates} (document_id, data)
			select document_id, decode(data, 'hex')
			  from unnest(${sql.param(documentIds)}::uuid[], ${sql.param(hex)}::text[]) with ordinality as batch(document_id, data, n)
			 order by n
		), edits as (
			select e.document_id, e.user_id, e.day::date as day, sum(e.updates)::int as updates
			  from unnest(${sql.param(edits.map((e) => e.documentId))}::uuid[], ${sql.param(edits.map((e) => e.userId))}::uuid[],
			              ${sql.param(edits.map((e) => e.day))}::text[], ${sql.param(edits.map((e) => e.updates))}::int[])
			       as e(document_id, user_id, day, updates)
			 group by e.document_id, e.user_id, e.day
		)
		insert into ${documentEditDays} (org_id, document_id, team_id, user_id, day, updates)
		select d.org_id, e.document_id, d.team_id, e.user_id, e.day, e.updates
		  from edits e
		  join ${documents} d on d.id = e.document_id
		  join ${users} u on u.id = e.user_id
		on conflict (document_id, user_id, day) do update set updates = ${documentEditDays}.updates + excluded.updates`);
}

export async function countDocumentUpdates(db: Executor, documentId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(documentUpdates).where(eq(documentUpdates.documentId, documentId));
	return row?.n ?? 0;
}

/**
 * Folds the log into the state in one repeatable-read transaction: rows that commit while it
 * runs are outside its snapshot, so they are neither folded nor deleted. `merge` gets the old
 * state (or null) and the rows' data, and returns the new state; it must keep everything
 * (including structs still waiting for a missing dependency). Returns how many rows it folded.
 */
export async function compactDocumentLog(
	db: Db,
	documentId: string,
	merge: (state: Uint8Array | null, updates: Uint8Array[]) => Uint8Array
): Promise<number> {
	return db.transaction(
		async (tx) => {
			const [current] = await tx
				.select({ state: documentStates.state, upTo: documentStates.upToUpdateId })
				.from(documentStates)
				.where(eq(documentStates.documentId, documentId))
				.for('update');
			const rows = await tx
				.select({ id: documentUpdates.id, data: documentUpdates.data })
				.from(documentUpdates)
				.where(eq(documentUpdates.documentId, documentId))
				.orderBy(asc(documentUpdates.id));
			if (rows.length === 0) return 0;
			const maxId = rows[rows.length - 1].id;
			const state = merge(current?.state ?? null, rows.map((r) => r.data));
			const upTo = Math.max(maxId, current?.upTo ?? 0);
			await tx
				.insert(documentStates)
				.values({ documentId, state, upToUpdateId: upTo, updatedAt: new Date() })
				.onConflictDoUpdate({
					target: documentStates.documentId,
					set: { state, upToUpdateId: upTo, updatedAt: new Date() }
				});
			await tx
				.delete(documentUpdates)
				.where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, maxId)));
			return rows.length;
		},
		{ isolationLevel: 'repeatable read' }
	);
}
