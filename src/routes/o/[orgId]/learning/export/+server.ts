import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireLearning, requireUser } from '$lib/server/authz';
import { loadPersonLearning } from '$lib/server/repositories/activity';
import { yearFromParam } from '$lib/training/learning-year';
import { learningCsv } from '$lib/training/learning-csv';
import { csvFilename, csvResponse } from '$lib/impact/csv';

/**
 * The member's year as CSV, evidence of competency development (PP 17/2020): the activity mix
 * with its raw counts, then every training record with its JP. UTF-8 with a BOM, for Excel.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org } = await requireLearning(db, user, params.orgId);
	const year = yearFromParam(url.searchParams.get('year'));
	const learning = await loadPersonLearning(db, { orgId: org.id, userId: user.id, year });
	const body = learningCsv(learning, { name: user.name, organisation: org.name });
	return csvResponse(body, csvFilename([m.learning_export_file(), user.name, String(year)]));
};
