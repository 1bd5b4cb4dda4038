import t from 'tap';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, requireProgram } from './system-program.ts';

function recorder() {
  const calls: string[] = [];
  return { calls, plan: (n: number, comment?: string) => void calls.push(`plan ${n} ${comment}`), fail: (m: string) => calls.push(`fail ${m}`) };
}

t.test('finds an executable file on PATH, not a plain file or a directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-path-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
  chmodSync(join(dir, 'tool'), 0o755);
  writeFileSync(join(dir, 'notes'), 'x');
  const env = { PATH: `${join(dir, 'missing')}::${dir}` };
  t.equal(findProgram('tool', env), join(dir, 'tool'));
  t.equal(findProgram('notes', env), undefined, 'not executable');
  t.equal(findProgram('missing', { PATH: dir }), undefined);
  t.equal(findProgram(join(dir, 'tool'), {}), join(dir, 'tool'), 'an absolute path is checked as it is');
  t.equal(findProgram('tool', {}), undefined, 'no PATH');
  const r = recorder();
  t.equal(requireProgram(r, 'tool', { env }), join(dir, 'tool'));
  t.same(r.calls, []);
});

t.test('missing: skipped with a reason on a developer machine, a failure under CI=true', async (t) => {
  const dev = recorder();
  t.equal(requireProgram(dev, 'no-such-program-xyz', { env: { PATH: '/nonexistent' } }), undefined);
  t.same(dev.calls, ['plan 0 no-such-program-xyz not found on PATH: install it to run this test (CI installs it with .ci/run)']);
  const ci = recorder();
  t.equal(requireProgram(ci, 'no-such-program-xyz', { env: { PATH: '/nonexistent', CI: 'true' } }), undefined);
  t.match(ci.calls, [/^fail no-such-program-xyz is required under CI=true but was not found on PATH/]);
});

t.test('defaults to process.env', async (t) => {
  t.equal(requireProgram(recorder(), 'sh'), findProgram('sh', process.env));
});
