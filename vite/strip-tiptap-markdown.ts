/**
 * Tiptap 3's extensions carry their Markdown parsing and rendering (`parseMarkdown`,
 * `renderMarkdown`, `markdownTokenizer`, …) in their configuration objects, for `@tiptap/markdown`,
 * which Alur does not use: Tiptap's core never reads those fields. Object properties cannot be
 * tree-shaken, so the browser build drops them from `@tiptap/extension-*` and `@tiptap/extensions`
 * (with the helpers only they used), about 2 KiB gzipped on the editor route (issue 12's budget).
 * The server build keeps them; nothing it or the browser runs reads them.
 */
import MagicString from 'magic-string';
import { parseSync, type Plugin } from 'vite';

const MARKDOWN_FIELDS = new Set(['parseMarkdown', 'renderMarkdown', 'markdownTokenizer', 'markdownTokenName', 'markdownOptions']);
const TIPTAP_EXTENSION = /[\\/]node_modules[\\/]@tiptap[\\/](extension-[^\\/]+|extensions)[\\/]dist[\\/].*\.js$/;

interface Node {
	type: string;
	start: number;
	end: number;
}

interface PropertyNode extends Node {
	type: 'Property';
	computed: boolean;
	key: { type: string; name?: string; value?: unknown };
}

function isMarkdownField(node: Node): node is PropertyNode {
	if (node.type !== 'Property') return false;
	const { computed, key } = node as PropertyNode;
	const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? key.value : undefined;
	return !computed && typeof name === 'string' && MARKDOWN_FIELDS.has(name);
}

export function stripTiptapMarkdown(): Plugin {
	let building = false;
	return {
		name: 'alur-strip-tiptap-markdown',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			building = config.command === 'build';
		},
		transform(code, id) {
			const file = id.split('?')[0];
			if (!building || !TIPTAP_EXTENSION.test(file) || !code.includes('arkdown')) return null;
			const { program } = parseSync(file, code);
			const s = new MagicString(code);
			let changed = false;
			const visit = (value: unknown): void => {
				if (!value || typeof value !== 'object') return;
				if (Array.isArray(value)) {
					for (const child of value) visit(child);
					return;
				}
				const node = value as Node;
				if (typeof node.type === 'string' && isMarkdownField(node)) {
					// The comma after the property goes too (whitespace and comments between are kept).
					const rest = code.slice(node.end);
					const comma = /^\s*,/.exec(rest);
					s.remove(node.start, comma ? node.end + comma[0].length : node.end);
					changed = true;
					return;
				}
				for (const child of Object.values(value)) if (child && typeof child === 'object') visit(child);
			};
			visit(program);
			return changed ? { code: s.toString(), map: s.generateMap({ hires: 'boundary', source: file }) } : null;
		}
	};
}
