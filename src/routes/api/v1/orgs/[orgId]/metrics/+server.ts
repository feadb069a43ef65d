import type { RequestHandler } from './$types';
import { metricsEndpoint } from '$lib/server/metrics-api';

/** The impact figures of one organisation, for its members' sessions or a token of that organisation. */
export const GET: RequestHandler = (event) => metricsEndpoint(event, event.params.orgId);
