/**
 * Tiptap 3.31's core builds a DecorationManager in every editor, for extensions that declare
 * `addDecorations()`. No Alur extension does (Alur's decorations, the comment highlights and
 * section prompts, are ProseMirror plugins of their own), so the manager always finds nothing
 * and returns no plugin, yet its class and helpers are ~2.2 KiB gzipped of the editor's first
 * download (issue 12's budget). In the browser build, the construction becomes "no plugin", and
 * an extension that later declares `addDecorations()` fails loudly when the editor starts rather
 * than being ignored. The build fails if the code it replaces changes (a Tiptap upgrade), and
 * the server build keeps Tiptap as it is.
 */
import type { Plugin } from 'vite';

const CORE = /[\\/]node_modules[\\/]@tiptap[\\/]core[\\/]dist[\\/]index\.js$/;
const CONSTRUCTION = `\t\tthis.decorationManager = new DecorationManager({
\t\t\teditor,
\t\t\tentries
\t\t});
\t\treturn this.decorationManager.plugin;`;
/** The same number of lines, so positions after it stay where they were (no source map needed). */
const NONE = `\t\tif (entries.length > 0) throw new Error(
\t\t\t"addDecorations() of " + entries.map((entry) => entry.name).join(", ") + ": Alur's browser build leaves Tiptap's decoration API out (vite/drop-tiptap-decorations.ts)"
\t\t);
\t\treturn null;
`;

export function dropTiptapDecorations(): Plugin {
	let building = false;
	return {
		name: 'alur-drop-tiptap-decorations',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		transform(code, id) {
			if (!building || !CORE.test(id.split('?')[0])) return null;
			if (!code.includes(CONSTRUCTION)) {
				this.error("Tiptap core no longer builds its DecorationManager as vite/drop-tiptap-decorations.ts expects: check the plugin against this version");
			}
			return { code: code.replace(CONSTRUCTION, NONE), map: null };
		}
	};
}
