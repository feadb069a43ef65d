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
import { replaceInLibrary } from './replace-in-library.ts';

export function dropTiptapDecorations(): Plugin {
	return replaceInLibrary({
		name: 'alur-drop-tiptap-decorations',
		file: /[\\/]node_modules[\\/]@tiptap[\\/]core[\\/]dist[\\/]index\.js$/,
		from: `\t\tthis.decorationManager = new DecorationManager({
\t\t\teditor,
\t\t\tentries
\t\t});
\t\treturn this.decorationManager.plugin;`,
		to: `\t\tif (entries.length > 0) throw new Error(
\t\t\t"addDecorations() of " + entries.map((entry) => entry.name).join(", ") + ": Alur's browser build leaves Tiptap's decoration API out (vite/drop-tiptap-decorations.ts)"
\t\t);
\t\treturn null;
`,
		missing: 'Tiptap core no longer builds its DecorationManager as vite/drop-tiptap-decorations.ts expects: check the plugin against this version'
	});
}
