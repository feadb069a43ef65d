import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { isUuid } from '$lib/ids';
import { readableDocuments, requireOrg, requireUser } from '$lib/server/authz';
import { countUnread, listNotifications, markAllRead, markRead } from '$lib/server/repositories/notifications';
import { signalNotificationsChanged } from '$lib/server/notification-signal';
import type { NotificationKind } from '$lib/server/db/schema';
import { reminderTargets } from '$lib/server/repositories/check-reminders';

/** Notifications per page; older ones follow a link. */
const PAGE_SIZE = 50;

export interface InboxItem {
	id: string;
	kind: NotificationKind;
	createdAt: Date;
	unread: boolean;
	/**
	 * Null when the user may no longer open the document (a share or team membership ended after
	 * the notification): then the page names neither the document, nor the actor, nor the text.
	 */
	about: {
		documentTitle: string;
		actorName: string | null;
		excerpt: string | null;
		/** A check reminder's process change (kind `measurement_due`): its indicator. */
		changeIndicator?: string | null;
	} | null;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	// Membership is the authorization: every notification listed is the user's own.
	const { org, membership } = await requireOrg(db, user, params.orgId);
	const beforeParam = url.searchParams.get('before');
	const before = beforeParam && isUuid(beforeParam) ? beforeParam : undefined;
	const rows = await listNotifications(db, user.id, org.id, { limit: PAGE_SIZE + 1, before });
	const page = rows.slice(0, PAGE_SIZE);
	const readable = new Set(
		(
			await readableDocuments(
				db,
				user,
				membership,
				org.id,
				page.map((r) => ({ id: r.documentId, visibility: r.documentVisibility, teamId: r.documentTeamId })),
				(r) => r.teamId
			)
		).map((r) => r.id)
	);
	const reminders = await reminderTargets(db, user.id, page.filter((r) => r.kind === 'measurement_due').map((r) => r.id));
	const items: InboxItem[] = page.map((r) => ({
		id: r.id,
		kind: r.kind,
		createdAt: r.createdAt,
		unread: r.readAt === null,
		about: readable.has(r.documentId)
			? { documentTitle: r.documentTitle, actorName: r.actorName, excerpt: r.excerpt, changeIndicator: reminders.get(r.id)?.indicator ?? null }
			: null
	}));
	return {
		items,
		unread: await countUnread(db, user.id, org.id),
		olderThan: rows.length > PAGE_SIZE ? page[page.length - 1].id : null,
		paged: before !== undefined
	};
};

export const actions: Actions = {
	/** Marks one notification read (the form names it; someone else's id changes nothing). */
	read: async ({ request, locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		await requireOrg(db, user, params.orgId);
		const id = (await request.formData()).get('id');
		if (typeof id !== 'string' || !isUuid(id)) return fail(400, { error: m.error_bad_request() });
		if ((await markRead(db, user.id, [id])) > 0) signalNotificationsChanged([user.id]);
		return { done: 'read' as const };
	},
	readAll: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const db = locals.database.db;
		const { org } = await requireOrg(db, user, params.orgId);
		if ((await markAllRead(db, user.id, org.id)) > 0) signalNotificationsChanged([user.id]);
		return { done: 'readAll' as const };
	}
};
