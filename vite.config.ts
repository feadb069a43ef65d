import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { alurSync } from './server/sync/vite-plugin.ts';

export default defineConfig({
	plugins: [
		sveltekit(),
		alurSync(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The language lives in a cookie; without one, Bahasa Indonesia.
			strategy: ['cookie', 'baseLocale'],
			emitTsDeclarations: true
		})
	],
	server: { port: 3000 }
});
