import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Cross-site requests are refused in hooks.server.ts (handleOrigin), for forms and JSON alike,
		// with an answer the form can show; '*' turns SvelteKit's own check off.
		csrf: { trustedOrigins: ['*'] },
		// Small stylesheets go into the (gzipped) page instead of a request each: SvelteKit links
		// every lazy part's CSS eagerly, and on 3G those nine files held the connections the
		// editor's scripts wait for (issue 12; README, "Performance").
		inlineStyleThreshold: 2200,
		// Routes are resolved by the server on client navigation, so the browser's first download
		// carries no route table (every route's pattern and nodes): 5 KiB and 9 files off the
		// editor's (issue 12; README, "Performance").
		router: { resolution: 'server' },
		typescript: {
			config: (config) => {
				config.include.push('../drizzle.config.ts', '../server/**/*.ts', '../tests/**/*.ts', '../bench/**/*.ts', '../vite.config.ts', '../vite/**/*.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
