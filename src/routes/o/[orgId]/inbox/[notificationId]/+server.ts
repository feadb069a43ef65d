import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isUuid } from '$lib/ids';
import { notFound, requireDocument, requireOrg, requireProcessChange, requireUser } from '$lib/server/authz';
import { findNotification, markRead } from '$lib/server/repositories/notifications';
import { signalNotificationsChanged } from '$lib/server/notification-signal';

/**
 * Opens a notification: marks it read and goes to what it is about — the exact thread
 * (`/o/<org>/d/<doc>?thread=<id>`, which the document page's comments panel opens) or the
 * document. A link rather than a form, so it opens in a new tab too and works without
 * JavaScript; the inbox turns off SvelteKit's preloading on it, since following it changes state.
 * Someone else's notification, or a document the user may no longer open, is a 404.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const db = locals.database.db;
	const { org } = await requireOrg(db, user, params.orgId);
	if (!isUuid(params.notificationId)) notFound();
	const notification = await findNotification(db, user.id, org.id, params.notificationId);
	if (!notification) notFound();
	await requireDocument(db, user, org.id, notification.documentId, 'view');
	if (notification.processChangeId) await requireProcessChange(db, user, org.id, notification.processChangeId);
	if ((await markRead(db, user.id, [notification.id])) > 0) signalNotificationsChanged([user.id]);
	// A check reminder opens its process change's page, where the measurement is recorded.
	if (notification.processChangeId) redirect(303, `/o/${org.id}/changes/${notification.processChangeId}`);
	const target = `/o/${org.id}/d/${notification.documentId}`;
	redirect(303, notification.threadId ? `${target}?thread=${notification.threadId}` : target);
};
