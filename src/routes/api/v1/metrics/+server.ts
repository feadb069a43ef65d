import type { RequestHandler } from './$types';
import { metricsEndpoint } from '$lib/server/metrics-api';

/** The impact figures of the organisation a personal API token belongs to (README: "Impact dashboard and metrics API"). */
export const GET: RequestHandler = (event) => metricsEndpoint(event, null);
