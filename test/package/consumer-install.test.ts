// The published package in a fresh app beside @opentelemetry/sdk-node: npm
// pack, npm install, then what an app checks: one copy of the API and of the
// SDK, a TypeScript consumer that type-checks against its own API copy, and
// the app's diag logger receiving our diagnostics.
import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a command as an app's shell would. tap adds its loaders to every
 * child's NODE_OPTIONS (they break tsc: a require(esm) cycle), so the
 * command goes through `env -u NODE_OPTIONS`.
 */
function run(file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('env', ['-u', 'NODE_OPTIONS', file, ...args], { cwd, timeout: 240_000, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Where each copy of a package is installed, from `npm ls --all --parseable` (one path per installed package). */
function copies(parseable: string, name: string): string[] {
  return [...new Set(parseable.split('\n').filter((line) => line.endsWith(`/node_modules/${name}`)))];
}

const CONSUMER_TS = `
import { metrics } from '@opentelemetry/api';
import { EnvelopeCounters, createTelemetryReader, type TelemetryReader } from 'parsec-telemetry';
const envelopes: EnvelopeCounters = new EnvelopeCounters(metrics.getMeter('x'));
envelopes.observe('chat');
const parsec: TelemetryReader = createTelemetryReader();
export { parsec };
`;

const CONSUMER_MJS = `
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createTelemetryReader, EnvelopeCounters } from 'parsec-telemetry';
const messages = [];
const push = (m) => messages.push(String(m));
diag.setLogger({ error: push, warn: push, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
const parsec = createTelemetryReader({ sampleIntervalMs: 0 });
const sdk = new NodeSDK({ metricReaders: [parsec.reader], instrumentations: [], spanProcessors: [], logRecordProcessors: [], autoDetectResources: false });
sdk.start();
const envelopes = new EnvelopeCounters(metrics.getMeter('hub'));
envelopes.observe('chat', 2);
envelopes.observe('chat', -1);
const snap = await parsec.snapshot();
await parsec.shutdown();
await sdk.shutdown();
console.log(JSON.stringify({ byAspect: snap.envelopes.by_aspect, messages }));
`;

const work = mkdtempSync(join(tmpdir(), 'parsec-consumer-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
let tarball: string | undefined;

t.before(async () => {
  await run('npm', ['run', 'build'], root);
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root);
  tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
});

// Both releases of the SDK line the package's ranges accept.
for (const sdkNode of ['0.301.0', '0.300.0']) t.test(`installed from its tarball beside @opentelemetry/sdk-node ${sdkNode}`, async (t) => {
  t.ok(tarball, 'npm pack made a tarball');
  const app = join(work, `app-${sdkNode}`);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({
    name: 'consumer', private: true, type: 'module',
    dependencies: {
      '@opentelemetry/api': '1.10.0',
      '@opentelemetry/sdk-node': sdkNode,
      'parsec-telemetry': `file:${join(work, tarball as string)}`,
    },
  }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);

  const installed = await run('npm', ['ls', '--all', '--parseable'], app);
  for (const name of ['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/exporter-prometheus']) {
    t.same(copies(installed, name), [join(app, 'node_modules', name)], `one copy of ${name}`);
  }

  writeFileSync(join(app, 'index.ts'), CONSUMER_TS);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
    files: ['index.ts'],
  }));
  await t.resolves(run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app), 'a TypeScript consumer type-checks against its own API copy');

  writeFileSync(join(app, 'consumer.mjs'), CONSUMER_MJS);
  const out = JSON.parse(await run(process.execPath, ['consumer.mjs'], app));
  t.same(out.byAspect, { chat: 2 }, 'the global API records into the reader');
  t.ok(out.messages.some((m: string) => /parsec-telemetry: .*dropped count -1/.test(m)), 'the app\'s diag logger receives our diagnostic');
});
