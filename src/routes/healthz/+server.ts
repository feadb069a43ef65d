import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		await locals.database.ping();
		return json({ status: 'ok', db: locals.database.kind });
	} catch {
		return json({ status: 'error', db: locals.database.kind }, { status: 503 });
	}
};
