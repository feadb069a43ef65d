import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { documentShares, documents, type Document } from '../db/schema';
import type { DocumentRole } from '../../roles';

export async function findDocument(db: Executor, documentId: string): Promise<Document | undefined> {
	const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
	return doc;
}

export async function findShareRole(db: Executor, documentId: string, userId: string): Promise<DocumentRole | null> {
	const [row] = await db
		.select({ role: documentShares.role })
		.from(documentShares)
		.where(and(eq(documentShares.documentId, documentId), eq(documentShares.userId, userId)));
	return row?.role ?? null;
}
