import t, { type Test } from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext, Script } from 'node:vm';
import { LinkError, linkScript } from '../../src/dashboard/link-script.ts';

/** An app folder holding `files`, removed after the test. */
function app(t: Test, files: Record<string, string>): URL {
  const root = mkdtempSync(join(tmpdir(), 'parsec-link-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, 'app', name, '..'), { recursive: true });
    writeFileSync(join(root, 'app', name), text);
  }
  writeFileSync(join(root, 'outside.ts'), 'export const secret = 1;\n');
  return pathToFileURL(join(root, 'app') + '/');
}

/** Runs a linked script in a fresh context; returns what it logged. */
function run(script: string): unknown[] {
  const log: unknown[] = [];
  runInNewContext(script, { log: (v: unknown) => log.push(v) });
  return log;
}

t.test('modules run once each, in dependency order, with their named imports', async (t) => {
  const dir = app(t, {
    'types.ts': 'export interface Point { x: number }\nexport type Name = string;\n',
    'math.ts': "log('math');\nexport const two: number = 2;\nexport let count = 0;\nexport function double(n: number): number { count += 1; return n * two; }\n",
    'shape.ts': "import { double } from './math.ts';\nimport type { Point } from './types.ts';\nlog('shape');\nexport class Square { side: number; constructor(p: Point) { this.side = double(p.x); } }\n",
    'page/main.ts': [
      "import { Square } from '../shape.ts';",
      "import { double as twice, two, type Name } from '../math.ts';",
      "import { type Point } from '../types.ts';",
      "const p: Point = { x: 3 };",
      "const n: Name = 'square';",
      "log(`${n} ${new Square(p).side} ${twice(two)}`);",
      '',
    ].join('\n'),
  });
  const script = linkScript(dir, 'page/main.ts', '// banner');
  t.match(script, /^\/\/ banner\n/, 'the banner first');
  t.doesNotThrow(() => new Script(script), 'a classic script');
  t.notMatch(script, /^\s*(import|export)\b/m, 'no module syntax left');
  t.same(run(script), ['math', 'shape', 'square 6 4'], 'math once, before shape; main last');
});

t.test('what the linker refuses, naming the file', async (t) => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a package', { 'main.ts': "import { readFileSync } from 'node:fs';\nreadFileSync;\n" }, /main\.ts: imports 'node:fs'; the browser app imports only its own files/],
    ['a file outside the app', { 'main.ts': "import { secret } from '../outside.ts';\nsecret;\n" }, /main\.ts: imports '\.\.\/outside\.ts', outside the app/],
    ['a cycle', { 'main.ts': "import { b } from './b.ts';\nexport const a = 1;\nb;\n", 'b.ts': "import { a } from './main.ts';\nexport const b = a;\n" }, /main\.ts: an import cycle/],
    ['a default export', { 'main.ts': 'export default 1;\n' }, /main\.ts: unsupported export/],
    ['a namespace import', { 'main.ts': "import * as m from './b.ts';\nm;\n", 'b.ts': 'export const b = 1;\n' }, /main\.ts: unsupported import/],
    ['an export list', { 'main.ts': 'const a = 1;\nexport { a };\n' }, /main\.ts: unsupported export/],
  ];
  for (const [what, files, message] of cases) {
    t.throws(() => linkScript(app(t, files), 'main.ts', '//'), LinkError, what);
    t.throws(() => linkScript(app(t, files), 'main.ts', '//'), { name: 'LinkError', message }, what);
  }
  t.throws(() => linkScript(app(t, { 'main.ts': 'enum E { A }\n' }), 'main.ts', '//'), 'syntax that needs more than type stripping');
});

t.test("the dashboard's own app links, each file named in a comment", async (t) => {
  const script = linkScript(new URL('../../src/dashboard/app/', import.meta.url), 'page/main.ts', '//');
  t.doesNotThrow(() => new Script(script, { filename: 'app.js' }));
  for (const file of ['format', 'snapshot-fields', 'bars', 'history', 'sparkline', 'poll-timing', 'poll-response', 'poll-status', 'page/elements', 'page/cards', 'page/main']) {
    t.match(script, `// src/dashboard/app/${file}.ts\n`, file);
  }
  t.notMatch(script, /aggregate\/types/, 'the Snapshot type import leaves nothing behind');
});
