import { eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { documentProjections, documents, users } from '../db/schema';

export interface DocumentDetails {
	/** The creator's name; null when the account was deleted. */
	creatorName: string | null;
	/** Words of the body as last projected; null before the first projection. */
	wordCount: number | null;
}

/** What the document page's details panel shows besides the document row: one query. */
export async function findDocumentDetails(db: Executor, documentId: string): Promise<DocumentDetails> {
	const [row] = await db
		.select({ creatorName: users.name, wordCount: documentProjections.wordCount })
		.from(documents)
		.leftJoin(users, eq(users.id, documents.createdBy))
		.leftJoin(documentProjections, eq(documentProjections.documentId, documents.id))
		.where(eq(documents.id, documentId));
	return { creatorName: row?.creatorName ?? null, wordCount: row?.wordCount ?? null };
}
