import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireLearning, requireUser } from '$lib/server/authz';
import { CSV_LIMITS, parseTrainingCsv, type CsvFileProblem, type CsvRowError } from '$lib/training/csv-import';
import { importTrainingRecords } from '$lib/server/repositories/training';

/** Row errors shown at most: past this the admin fixes the file's pattern, not rows one by one. */
const ERRORS_SHOWN = 200;

/** Org admins import training records from a CSV (all or nothing). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	await requireLearning(locals.database.db, user, params.orgId, 'importTraining');
	return { limits: CSV_LIMITS };
};

type ImportFailure = { problem: CsvFileProblem } | { errors: CsvRowError[]; errorCount: number; fileName: string };

export const actions: Actions = {
	import: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireLearning(db, user, params.orgId, 'importTraining');
		let file: FormDataEntryValue | null;
		try {
			file = (await request.formData()).get('file');
		} catch {
			return fail(400, { importFailure: { problem: { code: 'file_empty' } } satisfies ImportFailure });
		}
		if (!(file instanceof File) || file.size === 0) return fail(400, { importFailure: { problem: { code: 'file_empty' } } satisfies ImportFailure });
		if (file.size > CSV_LIMITS.maxBytes)
			return fail(400, { importFailure: { problem: { code: 'file_too_large', maxBytes: CSV_LIMITS.maxBytes } } satisfies ImportFailure });
		const parsed = parseTrainingCsv(new TextDecoder('utf-8').decode(await file.arrayBuffer()));
		if (!parsed.ok) return fail(400, { importFailure: { problem: parsed.problem } satisfies ImportFailure });
		const outcome = await importTrainingRecords(db, { orgId: org.id, importedBy: user.id, rows: parsed.rows, parseErrors: parsed.errors });
		if (!outcome.ok)
			return fail(400, {
				importFailure: { errors: outcome.errors.slice(0, ERRORS_SHOWN), errorCount: outcome.errors.length, fileName: file.name.slice(0, 200) } satisfies ImportFailure
			});
		return { imported: { records: outcome.records, people: outcome.people, hours: outcome.hours, fileName: file.name.slice(0, 200) } };
	}
};
