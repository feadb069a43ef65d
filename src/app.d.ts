import type { Database } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import type { Session } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Stable machine-readable code, e.g. `not_found`, `forbidden`. */
			code?: string;
		}
		interface Locals {
			database: Database;
			user: SessionUser | null;
			session: Session | null;
		}
	}
}

export {};
