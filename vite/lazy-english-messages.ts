/**
 * English messages out of the browser's first download (issue 12's JavaScript budget).
 *
 * Paraglide compiles each message into one module holding both languages (`id_x` and `en_x`)
 * and picks one by locale when called. Bahasa Indonesia is the default and what most visits
 * use, so in the client build this plugin takes every `en_x` out of the message modules, and
 * Paraglide's per-message wrapper (read the locale cookie, pick a language) becomes
 * `message("x", id_x)` of `src/lib/i18n/english.ts`, which looks English up in that module's
 * table (smaller, and no cookie parsed per call); all English messages go into one module,
 * `virtual:alur/english-messages`, which `src/hooks.client.ts` imports before hydration when the
 * locale is English (the language switch posts a form, so the locale only changes with a new
 * document). The server keeps Paraglide's modules as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { parseSync, type Plugin } from 'vite';

const ENGLISH_PREFIX = 'en_';
const INDONESIAN_PREFIX = 'id_';
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
			const { program } = parseSync(id, code);
			const s = new MagicString(code);
			let changed = false;
			for (const declaration of englishDeclarations(id, code)) {
				s.remove(declaration.start, declaration.end);
				changed = true;
			}
			// Paraglide's wrapper (read the locale, pick a language) becomes one shared call:
			// `export const x = message("x", id_x)` (src/lib/i18n/english.ts).
			const indonesian = new Set(
				program.body.flatMap((statement) =>
					statement.type === 'VariableDeclaration' && statement.declarations[0]?.id.type === 'Identifier' && statement.declarations[0].id.name.startsWith(INDONESIAN_PREFIX)
						? [statement.declarations[0].id.name.slice(INDONESIAN_PREFIX.length)]
						: []
				)
			);
			for (const statement of program.body) {
				if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') continue;
				const declarator = statement.declaration.declarations[0];
				if (statement.declaration.declarations.length !== 1 || declarator.id.type !== 'Identifier') continue;
				const name = declarator.id.name;
				if (!indonesian.has(name)) continue;
				s.overwrite(statement.start, statement.end, `export const ${name} = /* @__PURE__ */ __message(${JSON.stringify(name)}, ${INDONESIAN_PREFIX}${name});`);
				changed = true;
			}
			if (!changed) return null;
			s.prepend(`import { message as __message } from ${JSON.stringify(tableModule)};\n`);
			return { code: s.toString(), map: s.generateMap({ hires: 'boundary', source: id }) };
		}
	};
}
