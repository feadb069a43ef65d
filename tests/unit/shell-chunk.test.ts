import { describe, expect, it } from 'vitest';
import { findChunkCycle, planShell } from '../../vite/shell-chunk';

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
});
