import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { alurSync } from './server/sync/vite-plugin.ts';
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

export default defineConfig({
	plugins: [
		lazyFloatingUiForSuggestion(),
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
	build: {
		rolldownOptions: {
			treeshake: {
				// lib0/schema.js (via lib0/dom, which y-tiptap and yjs's logging import) builds
				// validators at module level with these calls, unannotated, so ~2 KiB of schema
				// classes stayed in the editor's first download although nothing uses them; the
				// calls have no side effects (they construct objects), so unused results may go.
				manualPureFunctions: ['$custom', '$constructedBy', '$literal', '$instanceOf', '$union', '$object', '$array', '$record', '$tuple', '$lambda', '$intersect', '$optional', '$stringTemplate', 'match']
			}
		}
	},
	server: { port: 3000 }
});
