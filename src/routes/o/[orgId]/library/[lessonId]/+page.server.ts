import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/access';
import { notFound, readableDocuments, requireOrg, requireUser } from '$lib/server/authz';
import { curationActions } from '$lib/server/curation-actions';
import { loadRecurrences } from '$lib/server/lesson-recurrences-view';
import { lessonDetail, listTags } from '$lib/server/repositories/curation';
import { feedbackActions } from '$lib/server/feedback-actions';
import { feedbackOf } from '$lib/server/repositories/lesson-feedback';
import { groupReusesByDocument } from '$lib/lessons/reuse-groups';
import { recheckDue } from '$lib/lessons/lifecycle';

/**
 * The lesson page (issue 14): its text (the library's copy when a curator wrote one), where it
 * came from, its status, curator and curation history, tags, the documents reusing it and the
 * process changes built on it. Seen by whoever `can(…, 'view', lesson)` allows — a lesson of a
 * team-only document reaches the rest of the organisation only once published; anyone else,
 * and every outsider, gets 404. A merged lesson redirects to its survivor.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership } = await requireOrg(db, user, params.orgId);
	const detail = await lessonDetail(db, user.id, org.id, params.lessonId);
	if (!detail || !can(membership, 'view', detail.resource)) notFound();
	const { lesson, resource } = detail;
	if (lesson.status === 'merged' && lesson.mergedInto) redirect(303, `/o/${org.id}/library/${lesson.mergedInto}`);

	// Reuses and process changes in documents the viewer may not open are counted, not named;
	// the source document is linked only for those who may open it (a published lesson of a
	// team-only document is the organisation's, its document is not).
	type Candidate = { id: string; visibility: NonNullable<(typeof detail.reuses)[number]['visibility']>; teamId: string };
	const candidates: Candidate[] = [];
	for (const r of [...detail.reuses, ...detail.processChanges]) {
		if (r.documentId !== null && r.visibility !== null) candidates.push({ id: r.documentId, visibility: r.visibility, teamId: r.teamId });
	}
	if (lesson.sourceDocumentId !== null && resource.sourceVisibility !== null) {
		candidates.push({ id: lesson.sourceDocumentId, visibility: resource.sourceVisibility, teamId: lesson.originTeamId });
	}
	const openable = new Set((await readableDocuments(db, user, membership, org.id, candidates, (r) => r.teamId)).map((d) => d.id));
	const reuses = detail.reuses.filter((r) => r.documentId !== null && openable.has(r.documentId));
	const changes = detail.processChanges.filter((c) => c.documentId !== null && openable.has(c.documentId));
	const sourceOpenable = lesson.sourceDocumentId !== null && openable.has(lesson.sourceDocumentId);

	const may = {
		propose: can(membership, 'propose', resource),
		publish: can(membership, 'publish', resource),
		sendBack: can(membership, 'sendBack', resource),
		retire: can(membership, 'retire', resource),
		republish: can(membership, 'republish', resource),
		merge: can(membership, 'merge', resource),
		editLibraryText: can(membership, 'editLibraryText', resource),
		tag: can(membership, 'tag', resource),
		curate: can(membership, 'curate', { kind: 'library', orgId: org.id })
	};
	// Keeping it true (issue 14): readers' feedback and the curators' verification.
	const mayKeep = {
		giveFeedback: can(membership, 'giveFeedback', resource),
		resolveFeedback: can(membership, 'resolveFeedback', resource),
		verify: can(membership, 'verify', resource),
		setRecheck: can(membership, 'setRecheck', resource)
	};
	const [tags, feedback] = await Promise.all([listTags(db, org.id), feedbackOf(db, org.id, lesson.id, user.id)]);
	// One line per document (a document citing the lesson twice is one document, reused twice).
	const reuseGroups = groupReusesByDocument(reuses.map((r) => ({ ...r, documentId: r.documentId! })));
	const hiddenDocuments = new Set(
		detail.reuses.filter((r) => r.documentId === null || !openable.has(r.documentId)).map((r) => r.documentId ?? r.id)
	);
	return {
		orgId: org.id,
		lesson: {
			id: lesson.id,
			status: lesson.status,
			title: lesson.title,
			body: lesson.body,
			libraryTitle: lesson.libraryTitle,
			librarySummary: lesson.librarySummary,
			blockId: lesson.blockId,
			sourceDocumentId: sourceOpenable ? lesson.sourceDocumentId : null,
			documentTitle: sourceOpenable ? detail.documentTitle : null,
			documentType: detail.documentType,
			teamName: detail.teamName,
			authorName: detail.documentCreatorName,
			proposedByName: detail.proposedByName,
			proposedAt: lesson.proposedAt,
			curatorName: detail.curatorName,
			verifierName: detail.verifierName,
			publishedAt: lesson.publishedAt,
			retireReason: lesson.retireReason,
			createdAt: lesson.createdAt,
			removed: lesson.removedAt !== null,
			tagIds: detail.tagIds
		},
		events: detail.events,
		reuses: reuseGroups.map((g) => ({
			id: g.first.id,
			documentId: g.first.documentId,
			documentTitle: g.first.documentTitle ?? '',
			teamName: g.first.teamName,
			createdAt: g.first.createdAt,
			count: g.count
		})),
		/** Documents reusing it that the viewer may not open (counted, not named). */
		hiddenReuses: hiddenDocuments.size,
		/** Every live reference (lessons.reuse_count: the search's "Dipakai ulang N×"). */
		reuseTimes: detail.reuses.length,
		processChanges: changes.map((c) => ({ id: c.id, indicator: c.indicator, unit: c.unit, direction: c.direction, documentId: c.documentId!, documentTitle: c.documentTitle ?? '' })),
		hiddenProcessChanges: detail.processChanges.length - changes.length,
		mergedFrom: detail.mergedFrom,
		tags,
		may,
		// Lesson not learned (issue 14, library editor): the failure analyses recorded as repeating it.
		recurrences: await loadRecurrences(db, user, membership, org.id, lesson.id),
		keep: {
			may: mayKeep,
			published: lesson.status === 'published',
			verifiedAt: lesson.verifiedAt ?? lesson.publishedAt,
			dueAt: recheckDue(lesson),
			recheckIntervalDays: lesson.recheckIntervalDays,
			feedback
		}
	};
};

export const actions: Actions = { ...curationActions, ...feedbackActions };
