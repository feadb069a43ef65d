import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiError, apiHandler, signedOut } from '$lib/server/api';
import { requireDocument } from '$lib/server/authz';
import { relatedLessons } from '$lib/server/repositories/library-search';
import { findRecurrence } from '$lib/server/repositories/lesson-recurrences';
import { m } from '$lib/paraglide/messages';

/** The panel sends one section (SECTION_TEXT_MAX, 4 000 characters); this leaves room, not a second document. */
const TEXT_MAX = 20_000;
/** Bytes read from the request at most (UTF-8 of TEXT_MAX characters, JSON-escaped, fits). */
const BODY_MAX = 128 * 1024;
/** Suggestions shown at once: a panel beside the text, not a search page. */
const RELATED_LIMIT = 5;

const input = z.object({ text: z.string().max(TEXT_MAX) });

/**
 * "Pelajaran terkait" (issue 14): `POST /api/orgs/<orgId>/documents/<documentId>/related` with
 * `{text}` — the section around the writer's cursor — → `{lessons: [{id, title,
 * excerptSegments, teamName, reuseCount}], recurrence}`. The document's title and type come from
 * its row (the caller cannot pretend another type); lessons are the organisation's published ones,
 * none of this document's own. `recurrence` (failure analyses only): the published lesson of an
 * earlier failure analysis the text closely matches (src/lib/lessons/recurrence.ts), or null.
 * A POST because the text is long, not because anything changes. The document's editors only
 * (the panel inserts and records); others 403, outsiders 404; a malformed body 400.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandler(async () => {
		if (!locals.user) return signedOut();
		const db = locals.database.db;
		const { document } = await requireDocument(db, locals.user, params.orgId, params.documentId, 'edit');
		const body = await readJson(request);
		const parsed = input.safeParse(body);
		if (!parsed.success) return apiError(400, 'invalid_text', m.error_bad_request());
		const text = parsed.data.text;
		const [lessons, recurrence] = await Promise.all([
			relatedLessons(db, document.orgId, { text, title: document.title, type: document.type, documentId: document.id, limit: RELATED_LIMIT }),
			findRecurrence(db, document, text)
		]);
		return json(
			{
				lessons: lessons.map((l) => ({ id: l.id, title: l.title, excerptSegments: l.excerptSegments, teamName: l.teamName, reuseCount: l.reuseCount })),
				recurrence
			},
			{ headers: { 'cache-control': 'no-store' } }
		);
	});

/** The body as JSON, or undefined when it is too large or not JSON (zod then refuses it). */
async function readJson(request: Request): Promise<unknown> {
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > BODY_MAX) return undefined;
	const raw = await request.text();
	if (raw.length > BODY_MAX) return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return undefined;
	}
}
