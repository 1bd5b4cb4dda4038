// The public API is a list a user can read: every name the two entry points
// export has TSDoc where it is declared and a row in docs/api.md, and
// docs/api.md lists nothing that is not exported.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as main from '../../src/index.ts';
import * as instruments from '../../src/instruments.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

interface Exported {
  name: string;
  type: boolean;
  /** The file that declares it. */
  file: string;
}

/** The names an entry point exports, from its text: `export { ... } from`, `export type { ... } from`, or declared in it. */
function exportsOf(entry: string): Exported[] {
  const source = read(entry);
  const out: Exported[] = [];
  for (const m of source.matchAll(/export (type )?\{([^}]*)\} from '([^']+)'/g)) {
    const file = join(dirname(entry), m[3] as string);
    for (const name of (m[2] as string).split(',').map((n) => n.trim()).filter(Boolean)) out.push({ name, type: m[1] !== undefined, file });
  }
  for (const m of source.matchAll(/^export (const|function|class|interface|type) ([A-Za-z_]+)/gm)) {
    out.push({ name: m[2] as string, type: m[1] === 'interface' || m[1] === 'type', file: entry });
  }
  return out;
}

/** Whether the declaration of `name` in `file` (or in the file it re-exports it from) has a TSDoc block right above it. */
function hasTsDoc(name: string, file: string): boolean {
  const source = read(file);
  const declaration = new RegExp(`\\*/\\n(?:export )?(?:declare )?(?:abstract )?(?:const|function|class|interface|type) ${name}\\b`);
  if (declaration.test(source)) return true;
  const reexport = new RegExp(`export (?:type )?\\{[^}]*\\b${name}\\b[^}]*\\} from '([^']+)'`).exec(source);
  if (reexport) return hasTsDoc(name, join(dirname(file), reexport[1] as string));
  const imported = new RegExp(`import (?:type )?\\{[^}]*\\b${name}\\b[^}]*\\} from '([^']+)'`).exec(source);
  return imported !== null && hasTsDoc(name, join(dirname(file), imported[1] as string));
}

/** The names in the first column of the tables under a heading of docs/api.md. */
function documented(heading: string): string[] {
  const page = read('docs/api.md');
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const section = page.slice(start + 1).split(/\n## /)[0] as string;
  return [...section.matchAll(/^\| `([A-Za-z_]+)` \|/gm)].map((m) => m[1] as string);
}

const ENTRY_POINTS = [
  { entry: 'src/index.ts', heading: '`parsec-telemetry`', module: main as Record<string, unknown> },
  { entry: 'src/instruments.ts', heading: '`parsec-telemetry/instruments`', module: instruments as Record<string, unknown> },
];

for (const { entry, heading, module } of ENTRY_POINTS) {
  t.test(`${heading} (${entry})`, async (t) => {
    const names = exportsOf(entry);
    t.ok(names.length > 0, 'it exports names');
    t.same(names.filter((n) => !n.type).map((n) => n.name).sort(), Object.keys(module).sort(), 'the values read from the text are the module\'s runtime exports');
    t.same(names.filter((n) => !hasTsDoc(n.name, n.file)).map((n) => n.name), [], 'every export has TSDoc where it is declared');
    const rows = documented(heading);
    t.same(names.map((n) => n.name).filter((n) => !rows.includes(n)).sort(), [], 'every export has a row in docs/api.md');
    t.same(rows.filter((r) => !names.some((n) => n.name === r)).sort(), [], 'docs/api.md lists only what is exported');
    t.equal(new Set(rows).size, rows.length, 'each name has one row');
  });
}

t.test('docs/api.md counts the main entry point\'s exports right', async (t) => {
  const names = exportsOf('src/index.ts');
  const counts = /exports (\d+) values and (\d+) types/.exec(read('docs/api.md'));
  t.ok(counts, 'the page has its counts line');
  t.same([Number(counts?.[1]), Number(counts?.[2])], [names.filter((n) => !n.type).length, names.filter((n) => n.type).length]);
});

t.test('src/index.ts names every export (no export *)', async (t) => {
  t.notMatch(read('src/index.ts'), /export \*/);
});
