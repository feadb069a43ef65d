/** One quick-search hit, as `GET /api/orgs/<orgId>/documents` answers it. */
export interface SearchHit {
	id: string;
	title: string;
	teamId: string;
	teamName: string;
}

function isHit(value: unknown): value is SearchHit {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return typeof v.id === 'string' && typeof v.title === 'string' && typeof v.teamId === 'string' && typeof v.teamName === 'string';
}

/** The hits of an answer body, or null when it is not the shape the endpoint promises. */
export function parseSearchHits(body: unknown): SearchHit[] | null {
	if (typeof body !== 'object' || body === null) return null;
	const documents = (body as Record<string, unknown>).documents;
	return Array.isArray(documents) && documents.every(isHit) ? documents : null;
}
