import { getConfig } from '../config';
import { sessionPolicy, type SessionPolicy } from './session';

/** The session policy from the process configuration. */
export function currentSessionPolicy(): SessionPolicy {
	const config = getConfig();
	return sessionPolicy(config.SESSION_IDLE_DAYS, config.SESSION_MAX_DAYS);
}
