import type { Executor } from './db';
import type { Membership } from '../access';
import type { SessionUser } from './auth/session';
import { readableDocuments } from './authz';
import { listRecurrences } from './repositories/lesson-recurrences';

/** What the lesson page shows of "Terulang di …": the repeats the viewer may open, the rest counted. */
export interface RecurrencesView {
	total: number;
	documents: { documentId: string; documentTitle: string; teamName: string | null; createdAt: Date }[];
	hidden: number;
}

/**
 * The failure analyses recorded as repeating a lesson (issue 14 "Lesson not learned"), for one
 * viewer: named and linked when the viewer may open them (`readableDocuments`, the rule every
 * document list applies), otherwise only counted. The caller has checked the lesson is viewable.
 */
export async function loadRecurrences(
	db: Executor,
	user: SessionUser,
	membership: Membership,
	orgId: string,
	lessonId: string
): Promise<RecurrencesView> {
	const rows = await listRecurrences(db, orgId, lessonId);
	const openable = new Set(
		(await readableDocuments(db, user, membership, orgId, rows.map((r) => ({ ...r, id: r.documentId })), (r) => r.teamId)).map((r) => r.id)
	);
	const documents = rows
		.filter((r) => openable.has(r.documentId))
		.map((r) => ({ documentId: r.documentId, documentTitle: r.documentTitle, teamName: r.teamName, createdAt: r.createdAt }));
	return { total: rows.length, documents, hidden: rows.length - documents.length };
}
