/**
 * Fewer, larger files for each page's first download (issue 12: the editor on Regular 3G).
 *
 * Rolldown's automatic chunking gives every set of importers its own chunk, so a message or a
 * helper shared by a page and one of its lazily loaded parts becomes a file of a few hundred
 * bytes: the editor page preloaded 45 scripts, most under 0.5 KiB. Over HTTP/1.1 (six
 * connections per host) each costs a round trip, and on 3G's 100 ms those round trips, not the
 * bytes, left the line idle for most of the first second. This plugin merges, in the browser
 * build only, chunks whose modules are always loaded together anyway, so no page downloads a
 * byte more than before:
 *
 * - `shell`: everything the client entry (start, app) and the root layout and error page import
 *   statically. Every page loads all of it.
 * - one group per route node (a page or a layout): the modules only that node reaches, i.e.
 *   statically imported by it and reachable from no other entry except through it. They are
 *   loaded with that node, whichever lazy part of it (a popup, a panel) imports them first.
 *
 * What several pages share stays in Rolldown's own chunks. Neither kind of group creates a cycle
 * between chunks: the shell is closed under static imports, and nothing outside a node's group
 * imports into it except the node itself and its lazy parts. Dependencies are therefore never
 * pulled into a group (`includeDependenciesRecursively: false`).
 */
import type { Plugin } from 'vite';

interface ModuleGraphInfo {
	isEntry: boolean;
	code: string | null;
	importers: readonly string[];
	importedIds: readonly string[];
	dynamicallyImportedIds: readonly string[];
}

interface GraphContext {
	getModuleInfo(id: string): ModuleGraphInfo | null;
}

const GENERATED = /[\\/]generated[\\/]client-optimized[\\/]/;
const NODE = /[\\/]generated[\\/]client-optimized[\\/]nodes[\\/](\d+)\.js$/;
const START = /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]client[\\/]entry\.js$/;
/** Paraglide's barrels: `messages.js` and `messages/_index.js` re-export every message. */
const MESSAGE_BARREL = /[\\/]paraglide[\\/]messages(?:\.js|[\\/]_index\.js)$/;
const MESSAGE = /[\\/]paraglide[\\/]messages[\\/]([a-z0-9_]+)\.js$/i;
/** The root layout (0) and the root error page (1): SvelteKit loads both on every page. */
const SHELL_NODES = new Set(['0', '1']);

/**
 * What a module imports. Through Paraglide's barrel a module imports every message, but uses
 * (and the bundle keeps) only those it names: those are followed, so a message goes where it is
 * used, not into every group that imports `m`.
 */
class Imports {
	readonly #graph: GraphContext;
	#messages: Map<string, string> | null = null;
	constructor(graph: GraphContext) {
		this.#graph = graph;
	}
	#messageIds(barrel: string): Map<string, string> {
		if (this.#messages) return this.#messages;
		const byName = new Map<string, string>();
		const walk = (id: string, seen: Set<string>) => {
			if (seen.has(id)) return;
			seen.add(id);
			for (const next of this.#graph.getModuleInfo(id)?.importedIds ?? []) {
				const name = MESSAGE.exec(next)?.[1];
				if (MESSAGE_BARREL.test(next)) walk(next, seen);
				else if (name) byName.set(name, next);
			}
		};
		walk(barrel, new Set());
		this.#messages = byName;
		return byName;
	}
	of(id: string, dynamic: boolean): string[] {
		const info = this.#graph.getModuleInfo(id);
		if (!info || MESSAGE_BARREL.test(id)) return [];
		const out: string[] = [];
		for (const next of info.importedIds) {
			if (!MESSAGE_BARREL.test(next)) {
				out.push(next);
				continue;
			}
			const messages = this.#messageIds(next);
			for (const word of new Set(info.code?.match(/[A-Za-z0-9_]+/g) ?? [])) {
				const message = messages.get(word);
				if (message) out.push(message);
			}
		}
		if (dynamic) out.push(...info.dynamicallyImportedIds);
		return out;
	}
}

function closure(roots: Iterable<string>, imports: Imports, dynamic: boolean, stop?: (id: string) => boolean): Set<string> {
	const seen = new Set<string>();
	const queue = [...roots];
	while (queue.length > 0) {
		const id = queue.pop()!;
		if (seen.has(id)) continue;
		seen.add(id);
		for (const next of imports.of(id, dynamic)) if (!seen.has(next) && !stop?.(next)) queue.push(next);
	}
	return seen;
}

/** Module id → group name, for the modules a group takes; the rest is chunked automatically. */
export function planGroups(ids: Iterable<string>, graph: GraphContext): Map<string, string> {
	const imports = new Imports(graph);
	const entries = [...ids].filter((id) => graph.getModuleInfo(id)?.isEntry);
	const nodes = new Map<string, string>();
	for (const id of entries) {
		const match = NODE.exec(id);
		if (match) nodes.set(id, match[1]);
	}
	// SvelteKit lists a node's files by walking Vite's manifest depth first, and a chunk it first
	// reaches through a dynamic import is never listed as a static one (find_deps' one `seen`
	// set): a group holding an `import()` would hide its page's own files from the preload
	// list. So a module with dynamic imports, and whatever imports it, stays out of the groups
	// (in its node's own chunk, as before).
	const lazyParents = new Set<string>();
	// (A lazy module importing nothing, like the English messages, hides nothing.)
	const up = [...ids].filter((id) =>
		(graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []).some((target) => (graph.getModuleInfo(target)?.importedIds.length ?? 0) > 0)
	);
	while (up.length > 0) {
		const id = up.pop()!;
		if (lazyParents.has(id)) continue;
		lazyParents.add(id);
		up.push(...(graph.getModuleInfo(id)?.importers ?? []));
	}
	const shellRoots = entries.filter((id) => START.test(id) || (GENERATED.test(id) && !NODE.test(id)) || SHELL_NODES.has(nodes.get(id) ?? ''));
	const shell = closure(shellRoots, imports, false);
	const plan = new Map<string, string>();
	for (const id of shell) if (!lazyParents.has(id)) plan.set(id, 'shell');

	for (const [node, index] of nodes) {
		if (SHELL_NODES.has(index)) continue;
		const own = closure([node], imports, false);
		// Everything any other entry can load without going through this node.
		const others = closure(
			entries.filter((id) => id !== node),
			imports,
			true,
			(id) => id === node
		);
		for (const id of own) {
			if (id === node || shell.has(id) || others.has(id) || plan.has(id) || lazyParents.has(id) || MESSAGE_BARREL.test(id)) continue;
			plan.set(id, `route-${index}`);
		}
	}
	return plan;
}

export function routeChunks(): Plugin {
	let building = false;
	return {
		name: 'alur-route-chunks',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		options(options) {
			if (!building) return null;
			// Required with includeDependenciesRecursively: false. SvelteKit asks for 'strict' but
			// reads only the exports it knows from its entries (start, app, the nodes), so an entry
			// chunk that also exports what a group next to it imports changes nothing for it.
			return { ...options, preserveEntrySignatures: 'allow-extension' };
		},
		outputOptions(options) {
			if (!building) return null;
			const seen = new Set<string>();
			let plan: Map<string, string> | null = null;
			return {
				...options,
				codeSplitting: {
					groups: [
						{
							// Rolldown calls `test` for every module before the first `name`.
							test: (id: string) => {
								seen.add(id);
								return true;
							},
							name: (id: string, context: GraphContext) => {
								plan ??= planGroups(seen, context);
								return plan.get(id) ?? null;
							},
							includeDependenciesRecursively: false
						}
					]
				}
			};
		}
	};
}
