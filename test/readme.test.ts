import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

t.test('the README recording example runs as printed and prints a snapshot', async (t) => {
  const block = /```ts\n(import \{ createTelemetry[\s\S]*?)```/.exec(readme)?.[1];
  t.ok(block, 'the example is in the README');
  // Run it from a scratch file inside the repo, with the package mapped to its source.
  const dir = mkdtempSync(join(root, '.readme-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'example.ts');
  writeFileSync(file, (block as string).replace("'parsec-telemetry'", "'../src/index.ts'"));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: root, timeout: 30_000 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
  const snap = JSON.parse(stdout);
  t.same(snap.envelopes.by_aspect, { chat: 1, receipt: 3, typing: 1 });
  t.same(snap.tokens, { issued_last_hour: 1, revoked_last_hour: 1, active_count: 1 }, 'the live count observeTokens reports');
  t.same(snap.channels, { total_active: 1, by_pattern: { 'room:*': 1 } });
  t.equal(snap.history.buffer_utilization_pct, 40);
  t.equal(snap.presence.average_per_channel, 4);
  t.equal(snap.cache.size_bytes, 4096);
});

t.test('the README NodeSDK example runs as printed: the app\'s SDK, our reader, the global API and the app\'s Prometheus exporter', async (t) => {
  const block = /```ts\n(import \{ metrics \} from '@opentelemetry\/api';\nimport \{ PrometheusExporter[\s\S]*?)```/.exec(readme)?.[1];
  t.ok(block, 'the example is in the README');
  const dir = mkdtempSync(join(root, '.readme-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'example.ts');
  writeFileSync(file, (block as string).replace("'parsec-telemetry'", "'../src/index.ts'"));
  // The example sends nothing anywhere: no span or log is made, and the environment says so too.
  const env = { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: root, env, timeout: 30_000 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
  const { snapshot, prometheus } = JSON.parse(stdout);
  t.same(snapshot.envelopes.by_aspect, { chat: 3, typing: 4 }, 'the recorders and the plain counter on the global API');
  t.equal(snapshot.tokens.issued_last_hour, 2);
  t.equal(snapshot.errors, undefined);
  t.equal(prometheus, true, 'the app\'s own exporter serves the same instruments');
});

t.test('the README instrument tables match the contract and the self-metrics', async (t) => {
  const { INSTRUMENTS, SELF_INSTRUMENTS } = await import('../src/index.ts');
  for (const i of [...INSTRUMENTS, ...SELF_INSTRUMENTS]) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${i.name}\` |`));
    t.ok(row, `${i.name} has a row`);
    t.match(row, `| ${i.kind} | \`${i.unit}\` |`, `${i.name}: kind and unit`);
    for (const a of i.attributes) t.match(row, a, `${i.name}: attribute ${a}`);
  }
});
