/**
 * One file for what every page loads (issue 12: the editor on Regular 3G).
 *
 * Rolldown gives every set of importers its own chunk, so a message or helper shared by the
 * root layout and some page becomes a file of a few hundred bytes, and every page preloaded ~30
 * of them before its own code: over HTTP/1.1 (six connections per host) each is a round trip and
 * a set of response headers, and on 3G's 100 ms the line idles between them. This plugin puts,
 * in the browser build only, everything the client entry (start, app), the root layout and the
 * root error page import statically into one `shell` chunk. Every page loads all of it anyway,
 * so no page downloads a byte more.
 *
 * Why it cannot make a chunk cycle (the per-route groups tried before did, and a page failed to
 * render): the group is closed under static imports — what a shell module imports is in the
 * shell — so the shell chunk imports no other chunk, and nothing it holds can wait on a chunk
 * that imports it. A module with a dynamic import of a module with imports stays out, with
 * everything that imports it, which keeps the group closed: SvelteKit lists a page's preloads by
 * walking the manifest depth first with one `seen` set, so a chunk first reached through
 * `import()` inside the shell would be missing from the page's static list. And two barrels are
 * followed only to what a module names, or everything any page uses would be in the shell:
 * - Paraglide's messages, to the messages a module names (`m.x`), not all 2 000;
 * - Svelte's runtime (`svelte/internal/client`), to the modules of the functions a module takes
 *   (`$.each`), not the whole runtime: `<svelte:element>`, transitions or `{#await}` are for the
 *   pages that use them (Bits UI's buttons, LayerChart). The barrel itself is in the shell; the
 *   runtime is declared side-effect free, so the barrel does not import the modules left out.
 * `findChunkCycle` then proves the property on the output: the build fails if any chunk's static
 * imports lead back to it.
 */
import path from 'node:path';
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
/**
 * Svelte's client runtime barrel (`svelte/internal/client`), which every compiled component
 * imports as `* as $`. It re-exports all of the runtime, so followed whole it put into the shell
 * the modules of every feature any page uses (`<svelte:element>` and transitions for Bits UI's
 * buttons and LayerChart, `{#await}`…), and their exports with them.
 */
const SVELTE_BARREL = /[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]index\.js$/;
const SVELTE_BARREL_SPECIFIER = 'svelte/internal/client';
const SVELTE_RUNTIME = /[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]/;
/** The root layout (0) and the root error page (1): SvelteKit loads both on every page. */
const SHELL_NODES = new Set(['0', '1']);

/** An identifier as a regular expression (`$` is the only special character one may hold). */
const identifierPattern = (name: string) => name.replace(/[$]/g, '\\$');

/** Where a relative specifier in module `from` points, as a POSIX path. */
function resolveRelative(from: string, specifier: string): string {
	return path.posix.join(path.posix.dirname(from.replace(/\\/g, '/')), specifier);
}

/**
 * A pure re-export barrel's `export { a as b, c } from './x.js'` statements: exported name →
 * module id (resolved against the barrel's own imports). Null if the barrel has anything else,
 * or a source that is not among its imports: then it is followed whole.
 */
export function reexports(barrel: string, code: string, importedIds: readonly string[]): Map<string, string> | null {
	const byName = new Map<string, string>();
	const statement = /export\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?/g;
	for (const match of code.matchAll(statement)) {
		const target = resolveRelative(barrel, match[2]);
		const id = importedIds.find((candidate) => candidate.replace(/\\/g, '/') === target);
		if (!id) return null;
		for (const specifier of match[1].split(',')) {
			const exported = specifier.trim().split(/\s+as\s+/).pop();
			if (exported) byName.set(exported, id);
		}
	}
	const rest = code.replace(statement, '').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trim();
	return rest === '' && byName.size > 0 ? byName : null;
}

/**
 * The names a module takes from Svelte's runtime barrel: `$.name` of a namespace import, or the
 * names of a named import. Null when it imports the barrel some other way (or the form is not
 * recognised): the caller then follows the barrel whole.
 */
export function svelteRuntimeNames(importer: string, code: string, barrel: string): Set<string> | null {
	const isBarrel = (specifier: string) =>
		specifier === SVELTE_BARREL_SPECIFIER || (specifier.startsWith('.') && resolveRelative(importer, specifier) === barrel.replace(/\\/g, '/'));
	const names = new Set<string>();
	let found = false;
	for (const match of code.matchAll(/import\s*\*\s*as\s*([\w$]+)\s*from\s*['"]([^'"]+)['"]/g)) {
		if (!isBarrel(match[2])) continue;
		found = true;
		for (const use of code.matchAll(new RegExp(`(?<![\\w$.])${identifierPattern(match[1])}\\.([\\w$]+)`, 'g'))) names.add(use[1]);
	}
	for (const match of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
		if (!isBarrel(match[2])) continue;
		found = true;
		for (const specifier of match[1].split(',')) {
			const imported = specifier.trim().split(/\s+as\s+/)[0];
			if (imported) names.add(imported);
		}
	}
	return found ? names : null;
}

/**
 * What a module imports statically, with two barrels narrowed to what it names: Paraglide's
 * messages (by the words in its code) and Svelte's runtime (by the names it takes).
 */
class Imports {
	readonly #graph: GraphContext;
	#messages: Map<string, string> | null = null;
	#runtime = new Map<string, Map<string, string> | null>();
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
	#runtimeIds(barrel: string): Map<string, string> | null {
		if (!this.#runtime.has(barrel)) {
			const info = this.#graph.getModuleInfo(barrel);
			this.#runtime.set(barrel, info?.code ? reexports(barrel, info.code, info.importedIds) : null);
		}
		return this.#runtime.get(barrel) ?? null;
	}
	/** The modules of Svelte's runtime barrel `id` names, or null to follow the barrel whole. */
	#runtimeModules(id: string, code: string | null, barrel: string): string[] | null {
		const exports = this.#runtimeIds(barrel);
		const names = code === null ? null : svelteRuntimeNames(id, code, barrel);
		if (!exports || !names) return null;
		const modules = new Set<string>();
		for (const name of names) {
			const module = exports.get(name);
			// A name the barrel does not re-export: something unforeseen, so take it all.
			if (!module) return null;
			modules.add(module);
		}
		return [...modules];
	}
	of(id: string): string[] {
		const info = this.#graph.getModuleInfo(id);
		// A barrel's modules are taken as its importers name them, above.
		if (!info || MESSAGE_BARREL.test(id) || SVELTE_BARREL.test(id)) return [];
		const out: string[] = [];
		for (const next of info.importedIds) {
			if (SVELTE_BARREL.test(next)) {
				// The barrel goes in too (it only re-exports, and outside the shell it made a chunk
				// cycle), with the modules this one names, or all of them when that is unclear.
				const modules = this.#runtimeModules(id, info.code, next) ?? this.#graph.getModuleInfo(next)?.importedIds ?? [];
				out.push(next, ...modules);
				continue;
			}
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
		return out;
	}
}

/** Module id → 'shell' for the modules the shell group takes; the rest is chunked as before. */
export function planShell(ids: Iterable<string>, graph: GraphContext): Set<string> {
	const all = [...ids];
	const imports = new Imports(graph);
	const roots = all.filter((id) => {
		if (!graph.getModuleInfo(id)?.isEntry) return false;
		const node = NODE.exec(id)?.[1];
		return START.test(id) || (GENERATED.test(id) && node === undefined) || (node !== undefined && SHELL_NODES.has(node));
	});
	const shell = new Set<string>();
	const queue = [...roots];
	while (queue.length > 0) {
		const id = queue.pop()!;
		if (shell.has(id)) continue;
		shell.add(id);
		for (const next of imports.of(id)) if (!shell.has(next)) queue.push(next);
	}
	// Out: modules that import (dynamically) a lazy part with imports of its own, and, so the
	// group stays closed, every module that imports one of them.
	const out = new Set<string>();
	const up = all.filter((id) =>
		(graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []).some((target) => (graph.getModuleInfo(target)?.importedIds.length ?? 0) > 0)
	);
	while (up.length > 0) {
		const id = up.pop()!;
		if (out.has(id)) continue;
		out.add(id);
		up.push(...(graph.getModuleInfo(id)?.importers ?? []));
	}
	for (const id of out) shell.delete(id);
	return shell;
}

/** Fails with the cycle if any chunk's static imports lead back to it. */
export function findChunkCycle(imports: ReadonlyMap<string, readonly string[]>): string[] | null {
	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const visit = (file: string): string[] | null => {
		state.set(file, 'open');
		path.push(file);
		for (const next of imports.get(file) ?? []) {
			const seen = state.get(next);
			if (seen === 'open') return [...path.slice(path.indexOf(next)), next];
			if (seen === undefined) {
				const found = visit(next);
				if (found) return found;
			}
		}
		path.pop();
		state.set(file, 'done');
		return null;
	};
	for (const file of imports.keys()) {
		if (state.has(file)) continue;
		const found = visit(file);
		if (found) return found;
	}
	return null;
}

export function shellChunk(): Plugin {
	let building = false;
	return {
		name: 'alur-shell-chunk',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		options(options) {
			if (!building) return null;
			// Required with includeDependenciesRecursively: false. SvelteKit asks for 'strict' but
			// reads only the exports it knows from its entries (start, app, the nodes), so an entry
			// chunk that also exports what the shell next to it imports changes nothing for it.
			//
			// Svelte's client runtime modules are side-effect free (their top level only builds
			// Symbols, Sets and Maps; custom elements, the one exception, Alur does not use), but
			// Svelte's package does not say so. Said here, a runtime module no shell module names
			// stays out of the shell even though the barrel there re-exports it: otherwise the
			// shell imported it for its "side effects", and its chunk imported the shell back.
			if (options.treeshake === false) this.error('the shell chunk needs tree-shaking');
			const treeshake = typeof options.treeshake === 'object' ? options.treeshake : {};
			if (treeshake.moduleSideEffects !== undefined) this.error('the shell chunk sets treeshake.moduleSideEffects and would replace the one given');
			return {
				...options,
				preserveEntrySignatures: 'allow-extension',
				treeshake: { ...treeshake, moduleSideEffects: (id: string) => !SVELTE_RUNTIME.test(id) }
			};
		},
		outputOptions(options) {
			if (!building) return null;
			const seen = new Set<string>();
			let plan: Set<string> | null = null;
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
								plan ??= planShell(seen, context);
								return plan.has(id) ? 'shell' : null;
							},
							includeDependenciesRecursively: false
						}
					]
				}
			};
		},
		generateBundle(_options, bundle) {
			if (!building) return;
			const imports = new Map<string, readonly string[]>();
			for (const [file, output] of Object.entries(bundle)) if (output.type === 'chunk') imports.set(file, output.imports);
			const cycle = findChunkCycle(imports);
			if (cycle) this.error(`chunk cycle in the browser build (a module would be read before it is defined): ${cycle.join(' → ')}`);
		}
	};
}
