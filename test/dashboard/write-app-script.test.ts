import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appScript } from '../../src/dashboard/app-script.ts';
import { writeAppScript } from '../../src/dashboard/write-app-script.ts';

const SCRIPT = fileURLToPath(new URL('../../src/dashboard/write-app-script.ts', import.meta.url));

function node(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--disable-warning=ExperimentalWarning', SCRIPT, ...args], (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number(err.code), stderr });
    });
  });
}

t.test('the build step writes the script the server serves from the sources', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-write-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'dist/dashboard/app.js');
  const run = await node([out]);
  t.equal(run.code, 0, run.stderr);
  t.equal(readFileSync(out, 'utf8'), appScript());

  const again = join(dir, 'direct/app.js');
  writeAppScript(again);
  t.equal(readFileSync(again, 'utf8'), appScript(), 'the same when called');
});

t.test('without a file it says how to call it', async (t) => {
  const run = await node([]);
  t.not(run.code, 0);
  t.match(run.stderr, 'usage: node src/dashboard/write-app-script.ts <file>');
});
