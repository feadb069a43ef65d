import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { can } from '$lib/access';
import { TEAM_ROLES } from '$lib/roles';
import { isUuid } from '$lib/ids';
import { formValues, teamSchema, validate } from '$lib/validation';
import { newDocumentSchema, parseDocumentListQuery } from '$lib/document-validation';
import { problem } from '$lib/server/forms';
import { createDocument, listTeamDocuments } from '$lib/server/repositories/documents';
import { readableDocuments, requireTeam, requireUser } from '$lib/server/authz';
import { listOrgMembers } from '$lib/server/repositories/organizations';
import {
	deleteTeamPermanently,
	listTeamMembers,
	NotOrgMemberError,
	removeTeamMember,
	setTeamArchived,
	setTeamMember,
	summarizeTeamDeletion,
	updateTeam
} from '$lib/server/repositories/teams';
import { confirmsName } from '$lib/confirm-delete';
import { requiredApprovalsSchema } from '$lib/review-validation';
import { setRequiredApprovals } from '$lib/server/repositories/reviews';
import { teamFollowUp } from '$lib/server/team-follow-up';

const memberSchema = z.object({ userId: z.string().refine(isUuid), role: z.enum(TEAM_ROLES) });

/** The team page's tabs; `?tab=` keeps the open one across reloads and works as plain links. */
const TABS = ['documents', 'followup', 'members', 'settings'] as const;
type TeamTab = (typeof TABS)[number];

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { team, membership } = await requireTeam(db, user, params.orgId, params.teamId);
	const resource = { kind: 'team', orgId: team.orgId, teamId: team.id, archived: team.archivedAt !== null } as const;
	const canManage = can(membership, 'manageMembers', resource);
	const canDeletePermanently = can(membership, 'deletePermanently', resource);
	const members = await listTeamMembers(db, team.id);
	const inTeam = new Set(members.map((mb) => mb.userId));
	const filter = parseDocumentListQuery(url.searchParams);
	const rows = await listTeamDocuments(db, team.id, {
		type: filter.type,
		status: filter.status,
		review: filter.review,
		query: filter.q,
		includeArchived: filter.archived,
		sort: filter.sort,
		direction: filter.dir
	});
	// The team page is open to the whole organisation; its documents only to those with a role.
	const documents = await readableDocuments(db, user, membership, team.orgId, rows, () => team.id);
	const canArchive = can(membership, 'archive', resource);
	// Settings are a tab only for those who have some (admins); others asking for it get the documents.
	const hasSettings = canManage || canArchive || canDeletePermanently;
	const askedTab = TABS.find((t) => t === url.searchParams.get('tab')) ?? 'documents';
	const tab: TeamTab = askedTab === 'settings' && !hasSettings ? 'documents' : askedTab;
	return {
		documents,
		// The "Tindak lanjut" tab: the team's process changes, flagged first, and open actions (issue 15).
		followUp: await teamFollowUp(db, user, membership, team),
		filter,
		tab,
		hasSettings,
		me: user.id,
		canCreateDocument: can(membership, 'createDocument', resource),
		team: {
			id: team.id,
			name: team.name,
			description: team.description,
			createdAt: team.createdAt,
			archivedAt: team.archivedAt,
			requiredApprovals: team.requiredApprovals
		},
		members,
		canManage,
		canArchive,
		// What "delete permanently" would remove and keep, shown before anyone confirms it.
		deletion: canDeletePermanently ? await summarizeTeamDeletion(db, team.id) : null,
		candidates: canManage
			? (await listOrgMembers(db, team.orgId))
					.filter((mb) => !inTeam.has(mb.userId))
					.map((mb) => ({ userId: mb.userId, name: mb.name, email: mb.email }))
			: []
	};
};

export const actions: Actions = {
	createDocument: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'createDocument');
		const input = formValues(await request.formData());
		const parsed = validate(newDocumentSchema, input);
		if (!parsed.ok) {
			return fail(400, { newDocument: problem({ type: input.type ?? '', title: input.title ?? '' }, parsed.errors) });
		}
		const doc = await createDocument(db, {
			orgId: team.orgId,
			teamId: team.id,
			type: parsed.data.type,
			title: parsed.data.title,
			createdBy: user.id
		});
		redirect(303, `/o/${team.orgId}/d/${doc.id}`);
	},

	setMember: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'manageMembers');
		if (team.archivedAt) return fail(400, { error: m.team_archived_no_changes() });
		const parsed = memberSchema.safeParse(formValues(await request.formData()));
		if (!parsed.success) return fail(400, { error: m.error_bad_request() });
		try {
			await setTeamMember(db, team, parsed.data.userId, parsed.data.role);
		} catch (error) {
			if (error instanceof NotOrgMemberError) return fail(400, { error: m.error_bad_request() });
			throw error;
		}
		return { message: m.saved() };
	},

	removeMember: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'manageMembers');
		if (team.archivedAt) return fail(400, { error: m.team_archived_no_changes() });
		const userId = formValues(await request.formData()).userId ?? '';
		if (!isUuid(userId)) return fail(400, { error: m.error_bad_request() });
		await removeTeamMember(db, team.id, userId);
		return { message: m.member_removed() };
	},

	update: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'rename');
		if (team.archivedAt) return fail(400, { error: m.team_archived_no_changes() });
		const input = formValues(await request.formData());
		const parsed = validate(teamSchema, input);
		if (!parsed.ok) {
			return fail(400, { edit: { values: { name: input.name ?? '', description: input.description ?? '' }, errors: parsed.errors } });
		}
		await updateTeam(db, team.id, { name: parsed.data.name, description: parsed.data.description });
		return { message: m.saved() };
	},

	/** How many approvals a review of this team's documents needs (1–5); admins, like the name. */
	requiredApprovals: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'rename');
		if (team.archivedAt) return fail(400, { error: m.team_archived_no_changes() });
		const input = formValues(await request.formData());
		const parsed = requiredApprovalsSchema.safeParse(input);
		if (!parsed.success) {
			return fail(400, {
				approvals: { values: { requiredApprovals: input.requiredApprovals ?? '' }, error: m.team_required_approvals_error() }
			});
		}
		await setRequiredApprovals(db, team.id, parsed.data.requiredApprovals);
		return { message: m.saved() };
	},

	archive: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'archive');
		await setTeamArchived(db, team.id, true);
		return { message: m.team_archived_done() };
	},

	restore: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'archive');
		await setTeamArchived(db, team.id, false);
		return { message: m.team_restored_done() };
	},

	/**
	 * Removes the team and its documents for good (lessons and process changes stay as
	 * history). The admin types the team's name; the form also carries the document count it
	 * showed, so a team that gained documents since is not deleted unseen.
	 */
	deletePermanently: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { team } = await requireTeam(db, user, params.orgId, params.teamId, 'deletePermanently');
		const input = formValues(await request.formData());
		const confirm = input.confirm ?? '';
		if (!confirmsName(confirm, team.name)) {
			return fail(400, { deleteTeam: problem({ confirm }, {}, m.delete_confirm_mismatch()) });
		}
		const summary = await summarizeTeamDeletion(db, team.id);
		if (String(summary.documents) !== input.documents) {
			return fail(400, { deleteTeam: problem({ confirm }, {}, m.delete_changed_meanwhile()) });
		}
		await deleteTeamPermanently(db, team.id);
		redirect(303, `/o/${team.orgId}?deleted=team`);
	}
};
