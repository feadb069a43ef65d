/**
 * The reference: the least a collaborative Tiptap 3 page can ship — Tiptap's core, StarterKit,
 * the Collaboration extension, Yjs and a y-websocket provider, the versions in package.json —
 * bundled by the same Vite (rolldown, minified) into a temporary directory, gzipped like the app.
 * Alur's editor route is judged against it: what Alur adds on top is the app (Svelte, the shell,
 * its own blocks and menus, IndexedDB persistence, carets, messages).
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { gzipBytes, kib } from './sizes';

const ENTRY = `import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

const doc = new Y.Doc();
new WebsocketProvider('ws://' + location.host + '/sync', 'reference', doc);
new Editor({
	element: document.querySelector('#editor'),
	// Collaboration brings its own undo; StarterKit's would conflict with it.
	extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc })]
});
`;

function jsFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) out.push(...jsFiles(full).map((f) => path.join(entry, f)));
		else if (entry.endsWith('.js')) out.push(entry);
	}
	return out;
}

/** Gzipped KiB of the reference page's JavaScript. The directory sits in the repository's .tmp so
 * that the packages resolve from its node_modules. */
export async function referenceJsGzKib(root: string): Promise<number> {
	const dir = path.join(root, '.tmp', `bench-web-reference-${process.pid}`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	try {
		writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="editor"></div><script type="module" src="./main.js"></script>\n');
		writeFileSync(path.join(dir, 'main.js'), ENTRY);
		const outDir = path.join(dir, 'dist');
		await build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
		return kib(jsFiles(outDir).reduce((total, f) => total + gzipBytes(outDir, f), 0));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
