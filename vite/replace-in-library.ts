import type { Plugin } from 'vite';

export interface LibraryReplacement {
	/** The plugin's name. */
	name: string;
	/** The one library file it rewrites. */
	file: RegExp;
	/** The exact code it replaces, and what with: the same number of lines (no source map). */
	from: string;
	to: string;
	/** Why the build fails when the file no longer holds `from` (a library upgrade). */
	missing: string;
}

/**
 * A browser-build rewrite of one exact piece of a library's code. The build fails when the
 * code is not there, so an upgrade that changes it is noticed instead of the rewrite silently
 * doing nothing. The server build and `vite dev` keep the library as it is.
 */
export function replaceInLibrary(replacement: LibraryReplacement): Plugin {
	if (replacement.from.split('\n').length !== replacement.to.split('\n').length) {
		throw new Error(`${replacement.name}: the replacement must keep the line count`);
	}
	let building = false;
	return {
		name: replacement.name,
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		transform(code, id) {
			if (!building || !replacement.file.test(id.split('?')[0])) return null;
			if (!code.includes(replacement.from)) this.error(replacement.missing);
			return { code: code.replace(replacement.from, replacement.to), map: null };
		}
	};
}
