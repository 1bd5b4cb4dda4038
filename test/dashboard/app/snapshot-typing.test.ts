// The app reads the snapshot through the library's own `Snapshot` type
// (src/dashboard/app/types.ts): a field renamed in the library fails the
// app's type check (`npm run typecheck` runs `tsc -p src/dashboard/app`).
// Checked on a copy of src/ with one field renamed.
import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');

/** `tsc -p src/dashboard/app` in `dir` (tap's loaders in NODE_OPTIONS break tsc: it runs without them). */
function typecheckApp(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('env', ['-u', 'NODE_OPTIONS', TSC, '--noEmit', '-p', 'src/dashboard/app'], { cwd: dir }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number(err.code), out: stdout + stderr });
    });
  });
}

/** A copy of src/ and the tsconfig beside it (an ES module package), removed after the test. */
function copyOfSources(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-typing-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** Renames `from` to `to` in every file of the library (not the app) under `dir`/src. */
function renameInLibrary(dir: string, from: RegExp, to: string): number {
  let files = 0;
  for (const entry of readdirSync(join(dir, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.startsWith('dashboard/app/')) continue;
    const file = join(dir, 'src', entry);
    const text = readFileSync(file, 'utf8');
    if (!from.test(text)) continue;
    writeFileSync(file, text.replace(new RegExp(from.source, 'g'), to));
    files += 1;
  }
  return files;
}

t.test('the copy type-checks as it is', async (t) => {
  const run = await typecheckApp(copyOfSources(t));
  t.equal(run.code, 0, run.out);
});

t.test('a renamed figure fails the check where the app reads it', async (t) => {
  const dir = copyOfSources(t);
  t.ok(renameInLibrary(dir, /\brate_per_second\b/, 'rate_per_sec') > 0);
  const run = await typecheckApp(dir);
  t.not(run.code, 0, 'the check fails');
  t.match(run.out, /src\/dashboard\/app\/history\.ts.*rate_per_second/, 'in the pure logic');
  t.match(run.out, /src\/dashboard\/app\/page\/cards\.ts.*rate_per_second/, 'and in the page');
});

t.test('a renamed section fails it too', async (t) => {
  const dir = copyOfSources(t);
  const file = join(dir, 'src/aggregate/types.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s*)envelopes: EnvelopeStats;/m, '$1envelope_stats: EnvelopeStats;'));
  const run = await typecheckApp(dir);
  t.not(run.code, 0, 'the check fails');
  t.match(run.out, /src\/dashboard\/app\/snapshot-fields\.ts.*index type 'Snapshot'/, 'the section names the app reads are checked against Snapshot');
});
