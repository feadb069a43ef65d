import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { alurSync } from './server/sync/vite-plugin.ts';
import { dropTiptapDecorations } from './vite/drop-tiptap-decorations.ts';
import { kitSvelteMembers } from './vite/kit-svelte-members.ts';
import { lazyEnglishMessages } from './vite/lazy-english-messages.ts';
import { shellChunk } from './vite/shell-chunk.ts';
import { stripTiptapMarkdown } from './vite/strip-tiptap-markdown.ts';

/**
 * `@tiptap/suggestion` imports floating-ui for a positioning helper the slash menu does not use;
 * its import resolves to a stand-in that fetches floating-ui on first call
 * (src/lib/editor/lazy-floating-ui.ts), so the editor's first download does not carry it.
 */
function lazyFloatingUiForSuggestion(): Plugin {
	const standIn = fileURLToPath(new URL('./src/lib/editor/lazy-floating-ui.ts', import.meta.url));
	return {
		name: 'alur-lazy-floating-ui-for-suggestion',
		enforce: 'pre',
		resolveId(source, importer) {
			if (source === '@floating-ui/dom' && importer && /[\\/]@tiptap[\\/]suggestion[\\/]/.test(importer)) return standIn;
			return null;
		}
	};
}

/**
 * lib0/dom (imported by y-tiptap for `dom.doc`, and by lib0/logging) builds four validators at
 * module level as `$.$custom(…)`, unannotated, so they and with them all of lib0/schema
 * (~1.3 KiB gzipped) stayed in the editor's first download unused. They only construct objects:
 * annotated pure, they go, and lib0/schema with them (nothing else in the browser imports it).
 */
function pureLib0DomValidators(): Plugin {
	return {
		name: 'alur-pure-lib0-dom-validators',
		transform(code, id) {
			if (!/[\\/]lib0[\\/]dom\.js$/.test(id.split('?')[0])) return null;
			return { code: code.replace(/^(export const \$\w+ = )(\$\.\$custom\()/gm, '$1/* @__PURE__ */ $2'), map: null };
		}
	};
}

export default defineConfig({
	plugins: [
		lazyFloatingUiForSuggestion(),
		pureLib0DomValidators(),
		kitSvelteMembers(),
		dropTiptapDecorations(),
		stripTiptapMarkdown(),
		sveltekit(),
		alurSync(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The language lives in a cookie; without one, Bahasa Indonesia.
			strategy: ['cookie', 'baseLocale'],
			emitTsDeclarations: true
		}),
		lazyEnglishMessages(),
		// What every page loads, in one file (vite/shell-chunk.ts); the build fails on a chunk cycle.
		shellChunk()
	],
	server: { port: 3000 }
});
