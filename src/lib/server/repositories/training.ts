import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { orgMembers, trainingRecords, users } from '../db/schema';
import { newId } from '../../ids';
import type { TrainingRecordInput } from '../../training/record-input';
import type { CsvRowError, CsvTrainingRow } from '../../training/csv-import';

/**
 * Training records (the "10" of 70:20:10): entered by the person, or imported by an org admin
 * from a CSV. An import is all or nothing: one transaction, and not a row written while any row
 * has a problem — the list goes back to the admin instead.
 */

export async function addTrainingRecord(
	db: Executor,
	input: { orgId: string; userId: string; record: TrainingRecordInput }
): Promise<string> {
	const id = newId();
	await db.insert(trainingRecords).values({
		id,
		orgId: input.orgId,
		userId: input.userId,
		course: input.record.course,
		organiser: input.record.organiser,
		completedOn: input.record.completedOn,
		hours: input.record.hours,
		createdBy: input.userId
	});
	return id;
}

/** The record's owner, if it is a record of this organisation (else null: nothing to say about it). */
export async function findTrainingRecordOwner(db: Executor, orgId: string, id: string): Promise<string | null> {
	const [row] = await db
		.select({ userId: trainingRecords.userId })
		.from(trainingRecords)
		.where(and(eq(trainingRecords.orgId, orgId), eq(trainingRecords.id, id)));
	return row?.userId ?? null;
}

/** Deletes one of the person's own records; false when there is no such record of theirs. */
export async function deleteTrainingRecord(db: Executor, input: { orgId: string; userId: string; id: string }): Promise<boolean> {
	const deleted = await db
		.delete(trainingRecords)
		.where(and(eq(trainingRecords.orgId, input.orgId), eq(trainingRecords.userId, input.userId), eq(trainingRecords.id, input.id)))
		.returning({ id: trainingRecords.id });
	return deleted.length > 0;
}

export type ImportOutcome =
	| { ok: true; importId: string; records: number; people: number; hours: number }
	| { ok: false; errors: CsvRowError[] };

/**
 * Stores the parsed rows of one CSV for members of the organisation, in one transaction, or
 * nothing: `parseErrors` (the file's own problems) and every e-mail that is no member of this
 * organisation are listed, row by row, and then no row is written.
 */
export async function importTrainingRecords(
	db: Executor,
	input: { orgId: string; importedBy: string; rows: readonly CsvTrainingRow[]; parseErrors: readonly CsvRowError[] }
): Promise<ImportOutcome> {
	return db.transaction(async (tx) => {
		const emails = [...new Set(input.rows.map((r) => r.email))];
		const members = new Map<string, string>();
		for (let i = 0; i < emails.length; i += 1000) {
			const found = await tx
				.select({ id: users.id, email: sql<string>`lower(${users.email})` })
				.from(users)
				.innerJoin(orgMembers, and(eq(orgMembers.userId, users.id), eq(orgMembers.orgId, input.orgId)))
				.where(inArray(sql`lower(${users.email})`, emails.slice(i, i + 1000)));
			for (const f of found) members.set(f.email, f.id);
		}
		const errors = [...input.parseErrors];
		for (const row of input.rows) if (!members.has(row.email)) errors.push({ row: row.row, column: 'email', code: 'email_unknown' });
		if (errors.length > 0) return { ok: false as const, errors: errors.sort((a, b) => a.row - b.row) };

		const importId = newId();
		const values = input.rows.map((row) => ({
			id: newId(),
			orgId: input.orgId,
			userId: members.get(row.email) as string,
			course: row.course,
			organiser: row.organiser,
			completedOn: row.completedOn,
			hours: row.hours,
			createdBy: input.importedBy,
			importId
		}));
		for (let i = 0; i < values.length; i += 500) await tx.insert(trainingRecords).values(values.slice(i, i + 500));
		const hours = Math.round(input.rows.reduce((sum, r) => sum + r.hours, 0) * 100) / 100;
		return { ok: true as const, importId, records: values.length, people: new Set(values.map((v) => v.userId)).size, hours };
	});
}
