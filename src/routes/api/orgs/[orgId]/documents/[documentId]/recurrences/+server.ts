import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiError, apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { recordRecurrence } from '$lib/server/repositories/lesson-recurrences';
import { m } from '$lib/paraglide/messages';

const input = z.object({ lessonId: z.uuid() });

/**
 * "Ya, terulang" (issue 14 "Lesson not learned"): `POST
 * /api/orgs/<orgId>/documents/<documentId>/recurrences` with `{lessonId}` records that the failure
 * this analysis describes repeats a published lesson: 201 the first time, 200 after (one per
 * lesson and document). The document's editors only (403 for its other readers, 404 for
 * outsiders); a lesson that is not a published lesson of the organisation from another document
 * — another organisation's included — 404 alike; a malformed body 400.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'edit');
		let body: unknown;
		try {
			body = JSON.parse((await request.text()).slice(0, 4096));
		} catch {
			body = undefined;
		}
		const parsed = input.safeParse(body);
		if (!parsed.success) return apiError(400, 'invalid_lesson', m.error_bad_request());
		const outcome = await recordRecurrence(db, document, parsed.data.lessonId, locals.user.id);
		if (outcome === 'not_found') return apiError(404, 'not_found', m.error_not_found());
		return json({ recorded: true }, { status: outcome === 'recorded' ? 201 : 200, headers: { 'cache-control': 'no-store' } });
	});
