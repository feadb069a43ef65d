import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { notifications, reviewRequests, signOffs } from '../../src/lib/server/db/schema';
import { requestReview, signOff } from '../../src/lib/server/repositories/reviews';
import { updateDocument } from '../../src/lib/server/repositories/documents';
import type { DemoReview } from './model';

/**
 * A document's review round through the review repository (the document's *Tinjauan* panel): the
 * request to the team's mentors, their decisions, and — once approved — the document marked
 * final. The times the repository stamps are then moved to the demo's.
 */
export async function writeReview(
	db: Db,
	input: { documentId: string; review: DemoReview; userId: (key: string) => string; at: (daysAgo: number, hour?: number) => Date }
): Promise<{ requestId: string }> {
	const { review, userId, at } = input;
	const { requestId } = await requestReview(db, {
		documentId: input.documentId,
		requestedBy: userId(review.requestedBy),
		note: review.note
	});
	const requestedAt = at(review.daysAgo, 13);
	await db.update(reviewRequests).set({ createdAt: requestedAt }).where(eq(reviewRequests.id, requestId));
	await db
		.update(notifications)
		.set({ createdAt: requestedAt, readAt: review.decisions.length > 0 ? at(review.daysAgo, 15) : null })
		.where(eq(notifications.requestId, requestId));
	const decided: string[] = [];
	for (const decision of review.decisions) {
		const { signOffId } = await signOff(db, {
			documentId: input.documentId,
			requestId,
			reviewerId: userId(decision.by),
			decision: decision.decision,
			note: decision.note
		});
		const decidedAt = at(decision.daysAgo, 16);
		await db.update(signOffs).set({ createdAt: decidedAt }).where(eq(signOffs.id, signOffId));
		decided.push(`sign_off:${signOffId}`);
		await db
			.update(notifications)
			.set({ createdAt: decidedAt, readAt: at(decision.daysAgo - 1, 9) })
			.where(inArray(notifications.dedupeKey, [`sign_off:${signOffId}`]));
		if (decision.decision === 'approved') await updateDocument(db, input.documentId, { status: 'final' }, userId(review.requestedBy));
	}
	return { requestId };
}
