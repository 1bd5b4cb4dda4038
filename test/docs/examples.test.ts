import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeBlocks, page, pages, root } from '../helpers/docs.ts';

const recording = page('docs/recording.md');
const inAnApp = page('docs/in-an-app.md');

t.test('the recording example runs as printed and prints a snapshot', async (t) => {
  const block = /```ts\n(import \{ createTelemetry[\s\S]*?)```/.exec(recording)?.[1];
  t.ok(block, 'the example is in docs/recording.md');
  // Run it from a scratch file inside the repo, with the package mapped to its source.
  const dir = mkdtempSync(join(root, '.docs-example-'));
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

t.test('the NodeSDK example runs as printed: the app\'s SDK, our reader, the global API and the app\'s Prometheus exporter', async (t) => {
  const block = /```ts\n(import \{ metrics \} from '@opentelemetry\/api';\nimport \{ PrometheusExporter[\s\S]*?)```/.exec(inAnApp)?.[1];
  t.ok(block, 'the example is in docs/in-an-app.md');
  const dir = mkdtempSync(join(root, '.docs-example-'));
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

t.test('the instrument tables of docs/recording.md match the contract and the self-metrics', async (t) => {
  const { INSTRUMENTS, SELF_INSTRUMENTS } = await import('../../src/instruments.ts');
  for (const i of [...INSTRUMENTS, ...SELF_INSTRUMENTS]) {
    const row = recording.split('\n').find((line) => line.startsWith(`| \`${i.name}\` |`));
    t.ok(row, `${i.name} has a row`);
    t.match(row, `| ${i.kind} | \`${i.unit}\` |`, `${i.name}: kind and unit`);
    for (const a of i.attributes) t.match(row, a, `${i.name}: attribute ${a}`);
  }
});

t.test('every TypeScript example in the documents type-checks against the source', async (t) => {
  // Each ```ts block is a whole program. They are written to a scratch
  // directory with the package mapped to its source and checked by tsc with
  // the project's compiler options: a renamed export or option breaks the
  // example, and this test names it.
  const dir = mkdtempSync(join(root, '.docs-example-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files: string[] = [];
  for (const { path, text } of pages()) {
    for (const block of codeBlocks(text).filter((b) => b.lang === 'ts')) {
      const name = `${path.replace(/[/.]/g, '_')}_${block.line}.ts`;
      writeFileSync(join(dir, name), block.code
        .replaceAll("from 'parsec-telemetry/instruments'", "from '../src/instruments.ts'")
        .replaceAll("from 'parsec-telemetry'", "from '../src/index.ts'"));
      files.push(name);
    }
  }
  t.ok(files.length >= 5, `${files.length} examples`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, include: [], files }));
  // tap's loaders in NODE_OPTIONS break tsc in a child process: run it without them.
  const output = await new Promise<string>((resolve) => {
    execFile('env', ['-u', 'NODE_OPTIONS', join(root, 'node_modules/.bin/tsc'), '-p', dir], { cwd: root, timeout: 120_000 }, (err, stdout, stderr) => resolve(err ? `${stdout}${stderr}` || String(err) : ''));
  });
  t.equal(output, '', 'tsc reports nothing');
});
