/**
 * SvelteKit's client router (`@sveltejs/kit/src/runtime/client/client.js`, 2.70) imports Svelte
 * as a namespace and destructures it once (`const { onMount, tick } = svelte;`). Destructuring
 * uses the namespace as a value, so the bundler keeps every export of `svelte` with it:
 * `createEventDispatcher`, `beforeUpdate`/`afterUpdate`, `createRawSnippet`, `getAbortSignal`…,
 * about 1 KiB gzipped on every page that nothing calls (issue 12's budget). The same two names
 * read as member accesses are resolved statically, and the rest is dropped. The build fails if
 * the line changes, so a SvelteKit upgrade that rewrites it is noticed rather than silently
 * undoing the saving.
 */
import type { Plugin } from 'vite';

const CLIENT = /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]client[\\/]client\.js$/;
const DESTRUCTURE = 'const { onMount, tick } = svelte;';
/** On the same line, so positions after it stay where they were (no source map needed). */
const MEMBERS = 'const onMount = svelte.onMount, tick = svelte.tick;';

export function kitSvelteMembers(): Plugin {
	let building = false;
	return {
		name: 'alur-kit-svelte-members',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		transform(code, id) {
			if (!building || !CLIENT.test(id.split('?')[0])) return null;
			if (!code.includes(DESTRUCTURE)) {
				this.error(`${DESTRUCTURE} is no longer in SvelteKit's client.js: check what vite/kit-svelte-members.ts does is still needed`);
			}
			return { code: code.replace(DESTRUCTURE, MEMBERS), map: null };
		}
	};
}
