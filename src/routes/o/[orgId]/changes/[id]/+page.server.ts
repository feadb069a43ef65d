import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { can } from '$lib/access';
import { formValues } from '$lib/validation';
import { requireProcessChange, requireUser } from '$lib/server/authz';
import { lessonResource } from '$lib/server/repositories/curation';
import { listTeamMembers } from '$lib/server/repositories/teams';
import {
	decideOutcome,
	linkedLessons,
	listMeasurements,
	markImplemented,
	recordMeasurement,
	removeMeasurement,
	setFollowThrough,
	userName
} from '$lib/server/repositories/process-changes';
import { changeStatus } from '$lib/impact/change-stage';
import { jakartaDay } from '$lib/impact/calendar';
import { parseFollowThrough, parseImplemented, parseMeasurement, parseOutcome, type ChangeFieldErrors } from '$lib/impact/change-validation';

/**
 * A process change's page (issue 15): what the document says about it (read-only here; the
 * document is where it is edited), its follow-through (owner, planned and baseline dates,
 * implementation, the decision) and its measurements. Whoever may view the source document sees
 * it; its editors act (access.ts `processChange`). Every action loads and authorizes the change
 * itself, validates with src/lib/impact/change-validation.ts and answers `fail(400)` with what
 * was typed and the error per field, having stored nothing.
 */

async function owners(db: App.Locals['database']['db'], teamId: string) {
	// Whoever owns the change acts on it: the team's members (editors), not its mentors.
	return (await listTeamMembers(db, teamId)).filter((mb) => mb.role === 'member').map((mb) => ({ userId: mb.userId, name: mb.name, email: mb.email }));
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org, membership, change, resource, document, teamName } = await requireProcessChange(db, user, params.orgId, params.id);
	const today = jakartaDay(new Date());
	const mayFollow = can(membership, 'followThrough', resource);
	const [rows, lessons, ownerName, candidates] = await Promise.all([
		listMeasurements(db, org.id, change.id),
		linkedLessons(db, change, user.id),
		userName(db, change.ownerId),
		mayFollow && document ? owners(db, document.teamId) : Promise.resolve([])
	]);
	return {
		orgId: org.id,
		team: document || teamName ? { id: document?.teamId ?? change.originTeamId, name: teamName } : null,
		change: {
			id: change.id,
			indicator: change.indicator,
			unit: change.unit,
			direction: change.direction,
			baseline: change.baseline,
			target: change.target,
			description: change.description,
			removed: change.removedAt !== null,
			ownerId: change.ownerId,
			ownerName,
			plannedOn: change.plannedOn,
			baselineOn: change.baselineOn,
			implementedOn: change.implementedOn,
			outcome: change.outcome,
			outcomeNote: change.outcomeNote,
			outcomeAt: change.outcomeAt,
			blockId: change.blockId
		},
		document,
		status: changeStatus(change, rows, today),
		today,
		// A lesson the viewer may not see is listed without its title (and without a link).
		lessons: lessons.map((l) =>
			can(membership, 'view', lessonResource(l.row, l.sourceVisibility, l.sharedRole)) ? { id: l.id, title: l.title } : { id: null, title: null }
		),
		measurements: rows,
		mayFollow,
		candidates
	};
};

type Event = RequestEvent;

async function begin(event: Event) {
	const user = requireUser(event.locals, event.url);
	const db = event.locals.database.db;
	const loaded = await requireProcessChange(db, user, event.params.orgId, event.params.id, 'followThrough');
	const input = formValues(await event.request.formData());
	return { user, db, loaded, input, today: jakartaDay(new Date()) };
}

const text = (input: Record<string, string>, key: string) => input[key] ?? '';

export const actions: Actions = {
	followThrough: async (event) => {
		const { db, loaded, input, today } = await begin(event);
		const values = { ownerId: text(input, 'ownerId'), plannedOn: text(input, 'plannedOn'), baselineOn: text(input, 'baselineOn') };
		const members = new Set((loaded.document ? await owners(db, loaded.document.teamId) : []).map((mb) => mb.userId));
		// An owner who has since left the team may stay: only a newly chosen one must be a member.
		if (loaded.change.ownerId) members.add(loaded.change.ownerId);
		const parsed = parseFollowThrough(values, { today, members });
		if (!parsed.ok) return fail(400, { followThrough: { values, errors: parsed.errors as ChangeFieldErrors } });
		await setFollowThrough(db, loaded.org.id, loaded.change.id, parsed.data);
		return { done: 'followThrough' as const };
	},

	implemented: async (event) => {
		const { db, loaded, input, today } = await begin(event);
		const values = { implementedOn: text(input, 'implementedOn') };
		const parsed = parseImplemented(values, { today });
		if (!parsed.ok) return fail(400, { implemented: { values, errors: parsed.errors as ChangeFieldErrors } });
		if (!(await markImplemented(db, loaded.org.id, loaded.change.id, parsed.data.implementedOn))) {
			return fail(400, { implemented: { values, errors: { form: 'decided' } as ChangeFieldErrors } });
		}
		return { done: 'implemented' as const };
	},

	outcome: async (event) => {
		const { user, db, loaded, input, today } = await begin(event);
		const values = { outcome: text(input, 'outcome'), note: text(input, 'note') };
		const rows = await listMeasurements(db, loaded.org.id, loaded.change.id);
		const measured = changeStatus(loaded.change, rows, today).stage === 'measured';
		const parsed = parseOutcome(values, { measured });
		if (!parsed.ok) return fail(400, { outcome: { values, errors: parsed.errors as ChangeFieldErrors } });
		// Checked again in the statement: a measurement removed meanwhile refuses it.
		if (!(await decideOutcome(db, loaded.org.id, loaded.change.id, { ...parsed.data, userId: user.id }))) {
			return fail(400, { outcome: { values, errors: { form: 'not_measured' } as ChangeFieldErrors } });
		}
		return { done: 'outcome' as const };
	},

	measure: async (event) => {
		const { user, db, loaded, input, today } = await begin(event);
		const values = {
			value: text(input, 'value'),
			measuredOn: text(input, 'measuredOn'),
			note: text(input, 'note'),
			source: text(input, 'source')
		};
		const parsed = parseMeasurement(values, { today, baseline: loaded.change.baseline, baselineOn: loaded.change.baselineOn });
		if (!parsed.ok) return fail(400, { measure: { values, errors: parsed.errors as ChangeFieldErrors } });
		await recordMeasurement(db, loaded.org.id, loaded.change.id, parsed.data, user.id);
		return { done: 'measure' as const };
	},

	removeMeasurement: async (event) => {
		const { user, db, loaded, input } = await begin(event);
		if (!(await removeMeasurement(db, loaded.org.id, loaded.change.id, text(input, 'measurementId'), user.id))) {
			return fail(400, { removeMeasurement: { id: text(input, 'measurementId') } });
		}
		return { done: 'removeMeasurement' as const };
	}
};
