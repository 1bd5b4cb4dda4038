/**
 * Links the dashboard's browser app (./app/, TypeScript ES modules) into
 * one classic script: each file's types are stripped by Node
 * (`stripTypeScriptTypes`, node:module), its body is wrapped in a function
 * of its own, its `import { a } from './x.ts'` becomes a read of the
 * linked module's exports, and the files run in dependency order, entry
 * last, inside one strict-mode function.
 *
 * The app keeps to the module syntax this understands and anything else
 * throws {@link LinkError} naming the file: relative named imports (type
 * imports vanish with the types), and `export` before a `function`,
 * `const`, `let` or `class` declaration.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The app's module syntax is not what {@link linkScript} links. */
export class LinkError extends Error {
  override name = 'LinkError';
}

interface Linked {
  readonly url: URL;
  /** The variable holding the module's exports in the linked script. */
  readonly name: string;
  readonly body: string;
  readonly exports: readonly string[];
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2;?/gm;
const EXPORT = /^export\s+((?:async\s+)?function\*?|const|let|class)\s+([\w$]+)/gm;
const LEFTOVER = /^\s*(import|export)\b/m;

/**
 * The script linked from `entry` (a path in `appDir`) and the files it
 * imports, with `banner` (a comment) as its first line.
 *
 * @throws LinkError when a file imports a package, a file outside
 *   `appDir`, or itself through others, or uses other module syntax
 */
export function linkScript(appDir: URL, entry: string, banner: string): string {
  const linked: Linked[] = [];
  const names = new Map<string, string>();
  const visiting = new Set<string>();

  const visit = (url: URL): string => {
    const known = names.get(url.href);
    if (known !== undefined) return known;
    if (visiting.has(url.href)) throw new LinkError(`${where(url)}: an import cycle`);
    visiting.add(url.href);
    const file = where(url);
    const js = stripTypeScriptTypes(readFileSync(url, 'utf8'), { sourceUrl: file });
    const withImports = js.replace(IMPORT, (_all, specifiers: string, _quote: string, from: string) => {
      if (!from.startsWith('.')) throw new LinkError(`${file}: imports '${from}'; the browser app imports only its own files`);
      const target = new URL(from, url);
      if (!target.href.startsWith(appDir.href)) throw new LinkError(`${file}: imports '${from}', outside the app`);
      return `const { ${bindings(specifiers)} } = ${visit(target)};`;
    });
    const exports: string[] = [];
    const body = withImports.replace(EXPORT, (_all, kind: string, name: string) => {
      exports.push(name);
      return `${kind} ${name}`;
    });
    const leftover = LEFTOVER.exec(body);
    if (leftover !== null) throw new LinkError(`${file}: unsupported ${leftover[1]} (only named imports and exported declarations)`);
    const name = `$${linked.length}`;
    linked.push({ url, name, body, exports });
    names.set(url.href, name);
    visiting.delete(url.href);
    return name;
  };
  visit(new URL(entry, appDir));

  const parts = linked.map((m) =>
    `// ${where(m.url)}\nconst ${m.name} = (function () {\n${m.body.trimEnd()}\nreturn { ${m.exports.join(', ')} };\n})();\n`,
  );
  return `${banner}\n(function () {\n'use strict';\n${parts.join('\n')}})();\n`;
}

/** `a, b as c` → `a, b: c` (blank entries, left by stripped type imports, dropped). */
function bindings(specifiers: string): string {
  return specifiers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'))
    .join(', ');
}

/** The file's path from the package root's src/ on (for messages and comments). */
function where(url: URL): string {
  const path = fileURLToPath(url);
  const at = path.lastIndexOf('/src/');
  return at === -1 ? path : path.slice(at + 1);
}
