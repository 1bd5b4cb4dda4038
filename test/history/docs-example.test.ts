import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const page = readFileSync(join(root, 'docs', 'history.md'), 'utf8');

t.test('the example of docs/history.md runs as printed and prints the chat series', async (t) => {
  const block = /```ts\n(import \{ createTelemetry, EnvelopeCounters \}[\s\S]*?)```/.exec(page)?.[1];
  t.ok(block, 'the example is on the page');
  const dir = mkdtempSync(join(root, '.docs-history-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'example.ts');
  writeFileSync(file, (block as string).replace("'parsec-telemetry'", "'../src/index.ts'"));
  const started = Date.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: root, timeout: 30_000 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
  const points = JSON.parse(stdout) as [number, number][];
  t.equal(points.length, 1, 'one sample: one point');
  t.equal(points[0]?.[1], 3, 'the three chat envelopes of the rate window');
  t.ok((points[0]?.[0] as number) >= started - 1000 && (points[0]?.[0] as number) <= Date.now(), 'stamped with the wall clock');
});
