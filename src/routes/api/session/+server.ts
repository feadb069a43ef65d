import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Who the browser's session cookie belongs to, for an open document whose socket was refused:
 * it stops for good when the answer is not the user it was opened for (CollabSession). Only the
 * caller's own id, never cached.
 */
export const GET: RequestHandler = ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return json({ userId: locals.user?.id ?? null });
};
