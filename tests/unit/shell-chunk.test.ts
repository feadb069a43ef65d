import { describe, expect, it } from 'vitest';
import { findChunkCycle, planShell, reexports, svelteRuntimeNames } from '../../vite/shell-chunk';

describe('findChunkCycle', () => {
	it('finds none in a graph without cycles', () => {
		const imports = new Map([
			['nodes/13.js', ['chunks/shell.js', 'chunks/editor.js']],
			['chunks/editor.js', ['chunks/shell.js']],
			['chunks/shell.js', []]
		]);
		expect(findChunkCycle(imports)).toBeNull();
	});

	it('names the files of a cycle, however deep', () => {
		const imports = new Map([
			['entry.js', ['a.js']],
			['a.js', ['b.js']],
			['b.js', ['c.js']],
			['c.js', ['a.js']]
		]);
		expect(findChunkCycle(imports)).toEqual(['a.js', 'b.js', 'c.js', 'a.js']);
	});
});

type Info = { isEntry?: boolean; code?: string; imports?: string[]; dynamic?: string[] };

/** A module graph as Rolldown's context shows it, from a compact description. */
function graph(modules: Record<string, Info>) {
	const importers = new Map<string, string[]>();
	for (const [id, info] of Object.entries(modules)) for (const next of info.imports ?? []) importers.set(next, [...(importers.get(next) ?? []), id]);
	return {
		getModuleInfo: (id: string) => {
			const info = modules[id];
			if (!info) return null;
			return {
				isEntry: info.isEntry ?? false,
				code: info.code ?? '',
				importers: importers.get(id) ?? [],
				importedIds: info.imports ?? [],
				dynamicallyImportedIds: info.dynamic ?? []
			};
		}
	};
}

const START = '/app/node_modules/@sveltejs/kit/src/runtime/client/entry.js';
const ROOT_LAYOUT = '/app/.svelte-kit/generated/client-optimized/nodes/0.js';
const PAGE = '/app/.svelte-kit/generated/client-optimized/nodes/13.js';
const BARREL = '/app/src/lib/paraglide/messages.js';
const msg = (name: string) => `/app/src/lib/paraglide/messages/${name}.js`;

describe('planShell', () => {
	it('takes what the entry and root layout import, with only the messages they name', () => {
		const modules: Record<string, Info> = {
			[START]: { isEntry: true, imports: ['/app/kit-client.js'] },
			'/app/kit-client.js': {},
			[ROOT_LAYOUT]: { isEntry: true, imports: ['/app/Sidebar.svelte'] },
			'/app/Sidebar.svelte': { imports: [BARREL, '/app/format.ts'], code: 'm.nav_members()' },
			'/app/format.ts': {},
			[BARREL]: { imports: [msg('nav_members'), msg('impact_title')] },
			[msg('nav_members')]: { imports: ['/app/english.ts'] },
			[msg('impact_title')]: { imports: ['/app/english.ts'] },
			'/app/english.ts': {},
			[PAGE]: { isEntry: true, imports: ['/app/Editor.svelte', '/app/format.ts'] },
			'/app/Editor.svelte': { imports: [BARREL], code: 'm.impact_title()' }
		};
		const shell = planShell(Object.keys(modules), graph(modules));
		expect([...shell].sort()).toEqual(
			[START, '/app/kit-client.js', ROOT_LAYOUT, '/app/Sidebar.svelte', '/app/format.ts', msg('nav_members'), '/app/english.ts'].sort()
		);
		// A page's own modules and the messages only it names stay out.
		expect(shell.has(PAGE)).toBe(false);
		expect(shell.has(msg('impact_title'))).toBe(false);
	});

	it('leaves out a module that fetches a lazy part, and everything importing it, so the group stays closed', () => {
		const modules: Record<string, Info> = {
			[ROOT_LAYOUT]: { isEntry: true, imports: ['/app/Layout.svelte'] },
			'/app/Layout.svelte': { imports: ['/app/Toggle.svelte', '/app/util.ts'] },
			'/app/Toggle.svelte': { imports: ['/app/util.ts'], dynamic: ['/app/Tooltip.svelte'] },
			'/app/Tooltip.svelte': { imports: ['/app/bits-ui.js'] },
			'/app/bits-ui.js': {},
			'/app/util.ts': {}
		};
		const shell = planShell(Object.keys(modules), graph(modules));
		expect([...shell]).toEqual(['/app/util.ts']);
	});

	it("follows Svelte's runtime barrel only to the modules the shell's modules take from it", () => {
		const modules: Record<string, Info> = {
			[ROOT_LAYOUT]: { isEntry: true, imports: ['/app/Layout.svelte'] },
			'/app/Layout.svelte': { imports: [RUNTIME], code: "import * as $ from 'svelte/internal/client';\n$.each(a, 0, () => b); $.if(c, d);" },
			[RUNTIME]: { imports: [runtime('dom/blocks/each.js'), runtime('dom/blocks/if.js'), runtime('dom/blocks/svelte-element.js')], code: RUNTIME_CODE },
			[runtime('dom/blocks/each.js')]: { imports: [runtime('runtime.js')] },
			[runtime('dom/blocks/if.js')]: { imports: [runtime('runtime.js')] },
			[runtime('runtime.js')]: {},
			[runtime('dom/blocks/svelte-element.js')]: { imports: [runtime('dom/elements/transitions.js'), runtime('runtime.js')] },
			[runtime('dom/elements/transitions.js')]: {},
			[PAGE]: { isEntry: true, imports: ['/app/Chart.svelte'] },
			'/app/Chart.svelte': { imports: [RUNTIME], code: "import * as $ from 'svelte/internal/client';\n$.element(n, () => 'h2');" }
		};
		const shell = planShell(Object.keys(modules), graph(modules));
		expect([...shell].sort()).toEqual(
			[ROOT_LAYOUT, '/app/Layout.svelte', RUNTIME, runtime('dom/blocks/each.js'), runtime('dom/blocks/if.js'), runtime('runtime.js')].sort()
		);
	});

	it("takes the whole runtime when a shell module imports it in a way it cannot read", () => {
		const modules: Record<string, Info> = {
			[ROOT_LAYOUT]: { isEntry: true, imports: ['/app/reexport.js'] },
			'/app/reexport.js': { imports: [RUNTIME], code: "export * from 'svelte/internal/client';" },
			[RUNTIME]: { imports: [runtime('dom/blocks/each.js'), runtime('dom/blocks/svelte-element.js')], code: RUNTIME_CODE },
			[runtime('dom/blocks/each.js')]: {},
			[runtime('dom/blocks/svelte-element.js')]: {}
		};
		const shell = planShell(Object.keys(modules), graph(modules));
		expect(shell.has(runtime('dom/blocks/svelte-element.js'))).toBe(true);
		expect(shell.has(runtime('dom/blocks/each.js'))).toBe(true);
	});
});

const RUNTIME = '/app/node_modules/svelte/src/internal/client/index.js';
const runtime = (file: string) => `/app/node_modules/svelte/src/internal/client/${file}`;
const RUNTIME_CODE = `/** @import { X } from './types' */
export { index, each } from './dom/blocks/each.js';
export { if_block as if } from './dom/blocks/if.js';
export {
	element
} from './dom/blocks/svelte-element.js';
`;

describe('reexports', () => {
	it("maps each name a pure re-export barrel exports to the module it comes from", () => {
		const map = reexports(RUNTIME, RUNTIME_CODE, [runtime('dom/blocks/each.js'), runtime('dom/blocks/if.js'), runtime('dom/blocks/svelte-element.js')]);
		expect(Object.fromEntries(map ?? [])).toEqual({
			index: runtime('dom/blocks/each.js'),
			each: runtime('dom/blocks/each.js'),
			if: runtime('dom/blocks/if.js'),
			element: runtime('dom/blocks/svelte-element.js')
		});
	});

	it('gives up on a barrel with code of its own, or a source it does not import', () => {
		const imports = [runtime('dom/blocks/each.js'), runtime('dom/blocks/if.js'), runtime('dom/blocks/svelte-element.js')];
		expect(reexports(RUNTIME, RUNTIME_CODE + 'export const x = 1;\n', imports)).toBeNull();
		expect(reexports(RUNTIME, RUNTIME_CODE + "export * from './other.js';\n", imports)).toBeNull();
		expect(reexports(RUNTIME, RUNTIME_CODE, imports.slice(0, 2))).toBeNull();
	});
});

describe('svelteRuntimeNames', () => {
	it("reads a compiled component's `$.name` uses, not another identifier's members", () => {
		const code = "import * as $ from 'svelte/internal/client';\nvar root = $.from_html(`<p></p>`);\n$.each(a, 16, () => b);\nfoo$.bar(); x.$.baz;";
		expect([...(svelteRuntimeNames('/app/A.svelte', code, RUNTIME) ?? [])].sort()).toEqual(['each', 'from_html']);
	});

	it("reads a named import through a relative path to the barrel", () => {
		const code = "import { derived, get as read } from '../internal/client/index.js';\nimport { tag } from '../internal/client/dev/tracing.js';";
		expect([...(svelteRuntimeNames('/app/node_modules/svelte/src/reactivity/date.js', code, RUNTIME) ?? [])].sort()).toEqual(['derived', 'get']);
	});

	it('says null when the module does not import the barrel in a form it reads', () => {
		expect(svelteRuntimeNames('/app/a.js', "export * from 'svelte/internal/client';", RUNTIME)).toBeNull();
		expect(svelteRuntimeNames('/app/a.js', "import { tag } from './internal/client/dev/tracing.js';", RUNTIME)).toBeNull();
	});
});

