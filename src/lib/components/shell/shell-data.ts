/**
 * What the app shell shows for the organisation being viewed, loaded by
 * src/routes/o/[orgId]/+layout.server.ts and read by the root layout from `page.data.shell`
 * (the shell sits outside `<main>`, so it reads the merged page data rather than a child layout).
 */
export interface ShellOrg {
	id: string;
	name: string;
	/** Admins see the organisation's settings. */
	canManage: boolean;
	/** Unread notifications in the inbox when the layout loaded; the shell's links follow it live. */
	unread: number;
	/** The user's own live teams, with their most recently changed documents. */
	teams: { id: string; name: string; documents: { id: string; title: string }[] }[];
}

/** One step of the top bar's breadcrumbs; the last one is the current page (no link). */
export interface Crumb {
	label: string;
	href?: string;
}
