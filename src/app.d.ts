import type { Database } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import type { Session } from '$lib/server/db/schema';
import type { ShellOrg } from '$lib/components/shell/shell-data';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Stable machine-readable code, e.g. `not_found`, `forbidden`. */
			code?: string;
		}
		interface PageData {
			/** The organisation the app shell shows (src/routes/o/[orgId]/+layout.server.ts). */
			shell?: ShellOrg;
		}
		interface Locals {
			database: Database;
			user: SessionUser | null;
			session: Session | null;
		}
	}
}

export {};
