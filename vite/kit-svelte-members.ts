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
import { replaceInLibrary } from './replace-in-library.ts';

export function kitSvelteMembers(): Plugin {
	return replaceInLibrary({
		name: 'alur-kit-svelte-members',
		file: /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]client[\\/]client\.js$/,
		from: 'const { onMount, tick } = svelte;',
		to: 'const onMount = svelte.onMount, tick = svelte.tick;',
		missing: "const { onMount, tick } = svelte; is no longer in SvelteKit's client.js: check what vite/kit-svelte-members.ts does is still needed"
	});
}
