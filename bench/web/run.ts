/**
 * `npm run bench:web`: builds (vite build, unless --no-build), then prints one JSON line with
 * the gzipped JavaScript and CSS each main route loads on a first visit, the reference bare
 * Tiptap 3 + Yjs page, and the time to an editable editor on Regular 3G with a 4× CPU slowdown.
 * See bench/web/README.md. Run it under `flock /tmp/alur-e2e.lock` on a shared machine: it
 * builds into build/ and .svelte-kit/, which other runs read.
 *
 *   --no-build      measure the build already in build/
 *   --no-browser    sizes only (no server, no Chromium)
 *   --no-reference  skip bundling the reference page
 *   --runs N        browser runs (default 5; the median is reported)
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, measureEditable, median, PROFILE, startServer } from './editable';
import { referenceJsGzKib } from './reference';
import { gzipBytes, kib, measure, routeFiles, type SizeReport } from './sizes';

const root = path.resolve(import.meta.dirname, '..', '..');
const outputDir = path.join(root, '.svelte-kit', 'output');
const clientDir = path.join(root, 'build', 'client');

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');

/** The main routes, by SvelteKit route id, under the names the JSON uses. */
const ROUTES: Record<string, string> = {
	home: '/',
	login: '/login',
	register: '/register',
	org: '/o/[orgId]',
	team: '/o/[orgId]/teams/[teamId]',
	editor: '/o/[orgId]/d/[documentId]'
};

const BUDGET = { editor_js_gz_kib: 200, keystroke_ms: 3500 } as const;

function log(message: string): void {
	// stderr: stdout carries only the JSON line.
	process.stderr.write(`[bench:web] ${message}\n`);
}

if (!flag('--no-build')) {
	log('vite build');
	const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0) throw new Error(`vite build failed (${result.status})`);
}

const files = await routeFiles(outputDir);
const routes: Record<string, SizeReport> = {};
for (const [name, id] of Object.entries(ROUTES)) {
	const route = files.get(id);
	if (!route) throw new Error(`route ${id} is not in the build`);
	routes[name] = measure(clientDir, route);
}
const editorStatic = routes.editor;

const output: Record<string, unknown> = {
	editor_js_gz_kib: editorStatic.js_gz_kib,
	editor_css_gz_kib: editorStatic.css_gz_kib,
	routes
};

if (!flag('--no-reference')) {
	log('bundling the reference Tiptap + Yjs page');
	const reference = await referenceJsGzKib(root);
	output.reference_js_gz_kib = reference;
	output.editor_to_reference = Math.round((editorStatic.js_gz_kib / reference) * 100) / 100;
}

if (!flag('--no-browser')) {
	log('starting the production server');
	const serverStarted = Date.now();
	const server = await startServer(root);
	log(`server up in ${Date.now() - serverStarted} ms`);
	const browser = await launchChromium();
	try {
		log(`${runs} first visits of the editor on Regular 3G, ${PROFILE.cpuSlowdown}× CPU`);
		const measured = await measureEditable(browser, server.origin, runs, log);
		// What the browser fetched beyond the manifest's set: chunks the page imports dynamically
		// on its way to an editable editor. They count towards the route's weight.
		const staticJs = new Set(files.get(ROUTES.editor)?.js ?? []);
		const staticCss = new Set(files.get(ROUTES.editor)?.css ?? []);
		const lazy = [...new Set(measured.runs.flatMap((r) => r.files))].filter((f) => !staticJs.has(f) && !staticCss.has(f));
		const lazyJs = kib(lazy.filter((f) => f.endsWith('.js')).reduce((t, f) => t + gzipBytes(clientDir, f), 0));
		const lazyCss = kib(lazy.filter((f) => f.endsWith('.css')).reduce((t, f) => t + gzipBytes(clientDir, f), 0));
		output.editor_js_gz_kib = Math.round((editorStatic.js_gz_kib + lazyJs) * 10) / 10;
		output.editor_css_gz_kib = Math.round((editorStatic.css_gz_kib + lazyCss) * 10) / 10;
		output.editor_lazy_js_gz_kib = lazyJs;
		// Named, so whoever splits the bundle sees what came on top of the manifest's set.
		output.editor_lazy_files = Object.fromEntries(lazy.map((f) => [f, kib(gzipBytes(clientDir, f))]));
		if (typeof output.reference_js_gz_kib === 'number') {
			output.editor_to_reference = Math.round(((output.editor_js_gz_kib as number) / output.reference_js_gz_kib) * 100) / 100;
		}
		output.editable_3g = {
			profile: `Regular 3G (${PROFILE.downloadThroughput} B/s down, ${PROFILE.uploadThroughput} B/s up, ${PROFILE.latency} ms), ${PROFILE.cpuSlowdown}x CPU, 390x844`,
			keystroke_ms_median: median(measured.runs.map((r) => r.keystroke_ms)),
			editable_ms_median: median(measured.runs.map((r) => r.editable_ms)),
			keystroke_ms: measured.runs.map((r) => r.keystroke_ms),
			editable_ms: measured.runs.map((r) => r.editable_ms),
			first_slash_menu_ms_median: median(measured.runs.map((r) => r.slash_menu_ms)),
			first_slash_menu_ms: measured.runs.map((r) => r.slash_menu_ms),
			later_slash_menu_ms_median: median(measured.runs.map((r) => r.later_slash_menu_ms))
		};
	} finally {
		await browser.close();
		await server.stop();
	}
}

output.budget = BUDGET;
// The browser figures are wall-clock times on a possibly shared machine: say how busy it was.
output.load_average_1m = Math.round(os.loadavg()[0] * 100) / 100;
output.cores = os.availableParallelism();
// Exit explicitly once the line is out: handles left by the in-process Vite build of the
// reference keep the event loop alive, and on a shared machine this process holds the build lock.
process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(0));
