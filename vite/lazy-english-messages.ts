/**
 * English messages out of the browser's first download (issue 12's JavaScript budget).
 *
 * Paraglide compiles each message into one module holding both languages (`id_x` and `en_x`)
 * and picks one by locale when called. Bahasa Indonesia is the default and what most visits
 * use, so in the client build this plugin takes every `en_x` out of the message modules: the
 * call `en_x(inputs)` becomes `(english.x ?? id_x)(inputs)`, `english` being the table of
 * `src/lib/i18n/english.ts`, and all English messages go into one module,
 * `virtual:alur/english-messages`, which `src/hooks.client.ts` imports before hydration when the
 * locale is English (the language switch posts a form, so the locale only changes with a new
 * document). The server keeps Paraglide's modules as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { parseSync, type ESTree, type Plugin } from 'vite';

const ENGLISH_PREFIX = 'en_';
const VIRTUAL_ID = 'virtual:alur/english-messages';
const RESOLVED_VIRTUAL_ID = '\0' + VIRTUAL_ID;

const root = fileURLToPath(new URL('..', import.meta.url));
const messagesDir = path.join(root, 'src', 'lib', 'paraglide', 'messages');
const tableModule = path.join(root, 'src', 'lib', 'i18n', 'english.ts');

/** A compiled message module's `const en_x = …;` declarations: [name without the prefix, statement]. */
function englishDeclarations(file: string, code: string): Array<{ name: string; start: number; end: number }> {
	const { program } = parseSync(file, code);
	const found: Array<{ name: string; start: number; end: number }> = [];
	for (const statement of program.body) {
		if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) continue;
		const id = statement.declarations[0].id;
		if (id.type === 'Identifier' && id.name.startsWith(ENGLISH_PREFIX)) {
			found.push({ name: id.name.slice(ENGLISH_PREFIX.length), start: statement.start, end: statement.end });
		}
	}
	return found;
}

function isMessageModule(id: string): boolean {
	const file = id.split('?')[0];
	return path.dirname(file) === messagesDir && file.endsWith('.js') && path.basename(file) !== '_index.js';
}

function callees(program: ESTree.Program, names: Set<string>): ESTree.IdentifierReference[] {
	const out: ESTree.IdentifierReference[] = [];
	const visit = (node: unknown): void => {
		if (!node || typeof node !== 'object') return;
		if (Array.isArray(node)) {
			for (const child of node) visit(child);
			return;
		}
		const n = node as { type?: string; callee?: { type: string; name?: string } };
		if (n.type === 'CallExpression' && n.callee?.type === 'Identifier' && names.has(n.callee.name ?? '')) {
			out.push(n.callee as ESTree.IdentifierReference);
		}
		for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
	};
	visit(program);
	return out;
}

export function lazyEnglishMessages(): Plugin {
	let building = false;
	return {
		name: 'alur-lazy-english-messages',
		// Only the browser's modules change; the server renders with Paraglide's as they are.
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		configResolved(config) {
			// In development the message modules keep their English (the table is filled but unused).
			building = config.command === 'build';
		},
		resolveId(source) {
			return source === VIRTUAL_ID ? RESOLVED_VIRTUAL_ID : null;
		},
		load(id) {
			if (id !== RESOLVED_VIRTUAL_ID) return null;
			const body: string[] = [];
			const entries: string[] = [];
			for (const name of readdirSync(messagesDir).sort()) {
				const file = path.join(messagesDir, name);
				if (!isMessageModule(file)) continue;
				const code = readFileSync(file, 'utf8');
				this.addWatchFile(file);
				for (const declaration of englishDeclarations(file, code)) {
					body.push(code.slice(declaration.start, declaration.end));
					entries.push(`${JSON.stringify(declaration.name)}: ${ENGLISH_PREFIX}${declaration.name}`);
				}
			}
			return `${body.join('\n')}\nexport default {\n${entries.join(',\n')}\n};\n`;
		},
		transform(code, id) {
			if (!building || !isMessageModule(id)) return null;
			const declarations = englishDeclarations(id, code);
			if (declarations.length === 0) return null;
			const s = new MagicString(code);
			for (const declaration of declarations) s.remove(declaration.start, declaration.end);
			const byName = new Map(declarations.map((d) => [ENGLISH_PREFIX + d.name, d.name]));
			const { program } = parseSync(id, code);
			for (const callee of callees(program, new Set(byName.keys()))) {
				const name = byName.get(callee.name)!;
				// The Indonesian message stands in if the English module could not be fetched.
				s.overwrite(callee.start, callee.end, `(__english[${JSON.stringify(name)}] ?? id_${name})`);
			}
			s.prepend(`import { english as __english } from ${JSON.stringify(tableModule)};\n`);
			return { code: s.toString(), map: s.generateMap({ hires: 'boundary', source: id }) };
		}
	};
}
