import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { documents, teams } from '../db/schema';
import type { DocumentVisibility } from '../../roles';

/** What the impact drill-downs need of the documents their rows name, to decide who sees the title. */
export interface ImpactDocumentFacts {
	id: string;
	title: string;
	teamId: string;
	visibility: DocumentVisibility;
}

/** The organisation's documents among `ids` (another organisation's id simply is not found). */
export async function impactDocumentFacts(db: Executor, orgId: string, ids: readonly string[]): Promise<Map<string, ImpactDocumentFacts>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: documents.id, title: documents.title, teamId: documents.teamId, visibility: documents.visibility })
		.from(documents)
		.innerJoin(teams, eq(teams.id, documents.teamId))
		.where(and(eq(documents.orgId, orgId), inArray(documents.id, unique)));
	return new Map(rows.map((r) => [r.id, r]));
}
