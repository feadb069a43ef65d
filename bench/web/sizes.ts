/**
 * What each page loads on a first visit, from the build's own manifest: SvelteKit renders, for a
 * route, `<link rel="modulepreload">` for the client entry's imports (start, app and their shared
 * chunks) and for every node of the route (its layouts and its page: the node file and the chunks
 * it imports statically), and `<link rel="stylesheet">` for their CSS. That set is what the
 * browser downloads before the page is interactive; chunks a page imports dynamically come on top
 * and are counted by the browser run (editable.ts), which sees them fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface RouteFiles {
	js: string[];
	css: string[];
}

export interface SizeReport {
	js_gz_kib: number;
	css_gz_kib: number;
	js_files: number;
}

interface ManifestRoute {
	id: string;
	page: { layouts: Array<number | undefined>; leaf: number } | null;
}

interface ServerManifest {
	_: {
		client: { imports: string[]; stylesheets: string[] };
		routes: ManifestRoute[];
	};
}

function isServerManifest(value: unknown): value is ServerManifest {
	if (typeof value !== 'object' || value === null || !('_' in value)) return false;
	const inner = (value as { _: unknown })._;
	return typeof inner === 'object' && inner !== null && 'client' in inner && 'routes' in inner;
}

/**
 * `.svelte-kit/output/server/manifest.js`, SvelteKit's manifest of the last build (adapter-node
 * bundles it into a hashed chunk of build/server, so it is read before that step).
 */
async function loadManifest(outputDir: string): Promise<ServerManifest> {
	const file = path.join(outputDir, 'server', 'manifest.js');
	if (!existsSync(file)) throw new Error(`${file} is missing: build first (vite build), or drop --no-build`);
	// Only closures that import the nodes lazily run here; the query defeats the module cache
	// when one process reads two builds.
	const module: { manifest?: unknown } = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
	if (!isServerManifest(module.manifest)) throw new Error(`${file} does not look like a SvelteKit manifest`);
	return module.manifest;
}

/**
 * A node's `imports` and `stylesheets`, read as text: importing the node module would load the
 * route's server code (database, configuration) into the benchmark.
 */
function nodeFiles(outputDir: string, index: number): RouteFiles {
	const source = readFileSync(path.join(outputDir, 'server', 'nodes', `${index}.js`), 'utf8');
	const list = (name: string): string[] => {
		const match = new RegExp(`export const ${name} = (\\[[^\\]]*\\]);`).exec(source);
		if (!match) return [];
		const parsed: unknown = JSON.parse(match[1]);
		return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
	};
	return { js: list('imports'), css: list('stylesheets') };
}

/**
 * Every route id with a page → the JS and CSS files (paths under build/client) of a first visit,
 * from SvelteKit's build output (`.svelte-kit/output`).
 */
export async function routeFiles(outputDir: string): Promise<Map<string, RouteFiles>> {
	const manifest = await loadManifest(outputDir);
	const { client, routes } = manifest._;
	const result = new Map<string, RouteFiles>();
	for (const route of routes) {
		if (!route.page) continue;
		const js = new Set(client.imports);
		const css = new Set(client.stylesheets);
		const nodes = [...route.page.layouts.filter((n): n is number => typeof n === 'number'), route.page.leaf];
		for (const n of nodes) {
			const files = nodeFiles(outputDir, n);
			for (const f of files.js) js.add(f);
			for (const f of files.css) css.add(f);
		}
		result.set(route.id, { js: [...js], css: [...css] });
	}
	return result;
}

const gzCache = new Map<string, number>();

/** Gzipped size (zlib level 9, as adapter-node's precompression) of a file under `clientDir`. */
export function gzipBytes(clientDir: string, file: string): number {
	const full = path.join(clientDir, file);
	const cached = gzCache.get(full);
	if (cached !== undefined) return cached;
	const size = gzipSync(readFileSync(full), { level: 9 }).length;
	gzCache.set(full, size);
	return size;
}

export const kib = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

export function measure(clientDir: string, files: RouteFiles): SizeReport {
	const sum = (list: string[]) => list.reduce((total, f) => total + gzipBytes(clientDir, f), 0);
	return { js_gz_kib: kib(sum(files.js)), css_gz_kib: kib(sum(files.css)), js_files: files.js.length };
}
