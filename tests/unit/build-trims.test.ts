import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Plugin } from 'vite';
import { dropTiptapDecorations } from '../../vite/drop-tiptap-decorations';
import { kitSvelteMembers } from '../../vite/kit-svelte-members';

// The browser build's rewrites of library code (vite/), run as the build runs them, on the
// files installed: each must still find what it rewrites, and the result must still work.

const root = path.resolve(import.meta.dirname, '..', '..');

/** The plugin's transform in a browser build; `this.error` throws, as Rolldown's does. */
function buildTransform(plugin: Plugin): (code: string, id: string) => string | null {
	const configResolved = plugin.configResolved as (config: { command: string }) => void;
	configResolved({ command: 'build' });
	const transform = plugin.transform as (this: unknown, code: string, id: string) => { code: string } | null;
	const context = {
		error(message: string): never {
			throw new Error(message);
		}
	};
	return (code, id) => transform.call(context, code, id)?.code ?? null;
}

describe("SvelteKit's client: onMount and tick as members of the svelte namespace", () => {
	const file = path.join(root, 'node_modules/@sveltejs/kit/src/runtime/client/client.js');
	const transform = buildTransform(kitSvelteMembers());

	it('rewrites the destructuring in the installed SvelteKit, line for line', () => {
		const code = readFileSync(file, 'utf8');
		const out = transform(code, file);
		expect(out).not.toBeNull();
		expect(out).not.toContain('const { onMount, tick } = svelte;');
		expect(out).toContain('const onMount = svelte.onMount, tick = svelte.tick;');
		expect(out?.split('\n').length).toBe(code.split('\n').length);
	});

	it('fails the build when SvelteKit no longer has the line, and leaves other files alone', () => {
		expect(() => transform('import * as svelte from "svelte";\n', file)).toThrow(/no longer in SvelteKit's client\.js/);
		expect(transform('const { onMount, tick } = svelte;', path.join(root, 'src/app.ts'))).toBeNull();
	});
});

describe("Tiptap's DecorationManager left out of the browser build", () => {
	const file = path.join(root, 'node_modules/@tiptap/core/dist/index.js');
	const transform = buildTransform(dropTiptapDecorations());
	// Beside the original, so its relative and package imports resolve as the original's do.
	const trimmed = path.join(path.dirname(file), `alur-trimmed-${process.pid}.js`);
	// Building the keymaps asks whether this is a Mac; Node 20 has no navigator.
	beforeAll(() => {
		if (typeof navigator === 'undefined') vi.stubGlobal('navigator', { platform: 'Linux x86_64', userAgent: 'Node.js', maxTouchPoints: 0 });
	});
	afterAll(() => {
		vi.unstubAllGlobals();
		rmSync(trimmed, { force: true });
	});

	async function trimmedCore(): Promise<typeof import('@tiptap/core')> {
		const code = readFileSync(file, 'utf8');
		const out = transform(code, file);
		if (out === null) throw new Error('the transform left Tiptap core as it was');
		expect(out.split('\n').length).toBe(code.split('\n').length);
		writeFileSync(trimmed, out);
		return (await import(/* @vite-ignore */ pathToFileURL(trimmed).href)) as typeof import('@tiptap/core');
	}

	const CONTENT = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Antrean panjang' }] }] };

	function schema(core: typeof import('@tiptap/core')) {
		return [
			core.Node.create({ name: 'doc', topNode: true, content: 'block+' }),
			core.Node.create({ name: 'paragraph', group: 'block', content: 'inline*', parseHTML: () => [{ tag: 'p' }], renderHTML: () => ['p', 0] }),
			core.Node.create({ name: 'text', group: 'inline' })
		];
	}

	it('an editor without addDecorations() works as before, with no decoration plugin', async () => {
		const core = await trimmedCore();
		const editor = new core.Editor({ extensions: schema(core), content: CONTENT });
		try {
			expect(editor.getText()).toBe('Antrean panjang');
			editor.commands.insertContentAt(editor.state.doc.content.size - 1, { type: 'text', text: ' di loket 3' });
			expect(editor.getText()).toBe('Antrean panjang di loket 3');
			// The plugins a mounted editor is given (a headless one builds them only when asked).
			const keys = editor.extensionManager.plugins.map((plugin) => (plugin as unknown as { key: string }).key);
			expect(keys.length).toBeGreaterThan(0);
			expect(keys.filter((key) => key.startsWith('__tiptap_decorations__'))).toEqual([]);
			expect(editor.extensionManager.decorationManager).toBeNull();
		} finally {
			editor.destroy();
		}
	});

	it('an extension that declares addDecorations() fails when the editor is mounted, naming it', async () => {
		const core = await trimmedCore();
		const highlight = core.Extension.create({ name: 'highlightWords', addDecorations: () => ({ create: () => [] }) });
		const editor = new core.Editor({ extensions: [...schema(core), highlight], content: CONTENT });
		try {
			// What mounting the editor does first: build its plugins.
			expect(() => editor.extensionManager.plugins).toThrow(/addDecorations\(\) of highlightWords/);
		} finally {
			editor.destroy();
		}
	});

	it('fails the build when Tiptap no longer builds the manager as expected', () => {
		expect(() => transform('export class ExtensionManager {}\n', file)).toThrow(/no longer builds its DecorationManager/);
	});
});
