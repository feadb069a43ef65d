import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isUuid } from '$lib/ids';
import { authorize, notFound, requireLearning, requireUser } from '$lib/server/authz';
import { formValues } from '$lib/validation';
import { checkTrainingRecord } from '$lib/training/record-input';
import { offeredYears, yearFromParam } from '$lib/training/learning-year';
import { loadPersonLearning } from '$lib/server/repositories/activity';
import { addTrainingRecord, deleteTrainingRecord, findTrainingRecordOwner } from '$lib/server/repositories/training';

/** "Pembelajaran saya": the signed-in member's year of learning in this organisation. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org } = await requireLearning(db, user, params.orgId);
	const year = yearFromParam(url.searchParams.get('year'));
	const learning = await loadPersonLearning(db, { orgId: org.id, userId: user.id, year });
	return { learning, year, years: offeredYears(), userName: user.name };
};

const FIELDS = ['course', 'organiser', 'completedOn', 'hours'] as const;

export const actions: Actions = {
	add: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireLearning(db, user, params.orgId, 'recordTraining');
		const input = formValues(await request.formData());
		const values = Object.fromEntries(FIELDS.map((f) => [f, (input[f] ?? '').slice(0, 2000)])) as Record<(typeof FIELDS)[number], string>;
		const checked = checkTrainingRecord(values);
		if (!checked.ok) return fail(400, { training: { values, errors: checked.errors } });
		await addTrainingRecord(db, { orgId: org.id, userId: user.id, record: checked.data });
		return { trainingAdded: checked.data.course };
	},
	delete: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org, membership } = await requireLearning(db, user, params.orgId);
		const id = formValues(await request.formData()).id ?? '';
		if (!isUuid(id)) notFound();
		const owner = await findTrainingRecordOwner(db, org.id, id);
		if (!owner) notFound();
		authorize(membership, 'deleteTraining', { kind: 'learning', orgId: org.id, userId: user.id, recordUserId: owner });
		await deleteTrainingRecord(db, { orgId: org.id, userId: user.id, id });
		return { trainingDeleted: true };
	}
};
