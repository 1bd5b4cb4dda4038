// The published package in a fresh app beside @opentelemetry/sdk-node: npm
// pack, npm install, then what an app checks: one copy of the API and of the
// SDK, a TypeScript consumer that type-checks against its own API copy, and
// the app's diag logger receiving our diagnostics.
import t from 'tap';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appScript } from '../../src/dashboard/app-script.ts';
import { fetchText } from '../helpers/http.ts';

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

/** Starts the installed bin's demo on a free port, asks it for /healthz, the snapshot and the dashboard, and stops it with SIGTERM. */
async function demoServes(app: string): Promise<void> {
  // The bin itself (npx would run it in a child of its own, which a signal to npx does not stop).
  const bin = join(app, 'node_modules/.bin/parsec-telemetry');
  const child = spawn('env', ['-u', 'NODE_OPTIONS', bin, 'demo', '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /snapshot\s+(http:\/\/\S+)\/parsec\/metrics/.exec(out);
        if (m !== null) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before printing its URLs: ${out}`)));
    });
    const health = await fetchText(`${base}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
    const snapshot = JSON.parse((await fetchText(`${base}/parsec/metrics`)).body) as { channels?: unknown };
    if (snapshot.channels === undefined) throw new Error('no snapshot');
    // The dashboard ships built: the packed dist/dashboard/app.js is the app linked from src/dashboard/app/.
    const page = await fetchText(`${base}/parsec/dashboard`);
    const script = await fetchText(`${base}/parsec/dashboard/app.js`);
    if (page.status !== 200 || script.status !== 200) throw new Error(`the dashboard answered ${page.status}, its script ${script.status}`);
    if (script.body !== appScript()) throw new Error('the packed dashboard script is not the one linked from src/dashboard/app/');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const CONSUMER_TS = `
import { metrics } from '@opentelemetry/api';
import { EnvelopeCounters, createTelemetryReader, type TelemetryReader } from 'parsec-telemetry';
import { ATTR_ASPECT, ENVELOPES_PUBLISHED, type InstrumentSpec } from 'parsec-telemetry/instruments';
const envelopes: EnvelopeCounters = new EnvelopeCounters(metrics.getMeter('x'));
envelopes.observe('chat');
const spec: InstrumentSpec = ENVELOPES_PUBLISHED;
metrics.getMeter('plain').createCounter(spec.name).add(1, { [ATTR_ASPECT]: 'chat' });
const parsec: TelemetryReader = createTelemetryReader();
export { parsec };
`;

const CONSUMER_MJS = `
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createTelemetryReader, EnvelopeCounters } from 'parsec-telemetry';
import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from 'parsec-telemetry/instruments';
const messages = [];
const push = (m) => messages.push(String(m));
diag.setLogger({ error: push, warn: push, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
const parsec = createTelemetryReader({ sampleIntervalMs: 0 });
const sdk = new NodeSDK({ metricReaders: [parsec.reader], instrumentations: [], spanProcessors: [], logRecordProcessors: [], autoDetectResources: false });
sdk.start();
const envelopes = new EnvelopeCounters(metrics.getMeter('hub'));
envelopes.observe('chat', 2);
envelopes.observe('chat', -1);
metrics.getMeter('plain').createCounter(ENVELOPES_PUBLISHED.name).add(3, { [ATTR_ASPECT]: 'typing' });
const snap = await parsec.snapshot();
await parsec.shutdown();
await sdk.shutdown();
console.log(JSON.stringify({ byAspect: snap.envelopes.by_aspect, messages }));
`;

// A build, a pack and two installs: more than tap's default 30 s per file.
t.setTimeout(180_000);
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

  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  t.equal(await run('npx', ['--no-install', 'parsec-telemetry', '--version'], app), `parsec-telemetry ${version}\n`, 'the bin runs: npx parsec-telemetry --version');
  const map = JSON.parse(readFileSync(join(app, 'node_modules/parsec-telemetry/dist/index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
  t.equal(map.sourcesContent?.length, map.sources.length, 'the shipped source maps carry their sources (src/ is not shipped)');
  await t.resolves(demoServes(app), 'parsec-telemetry demo serves /healthz, the snapshot and the built dashboard');

  writeFileSync(join(app, 'consumer.mjs'), CONSUMER_MJS);
  const out = JSON.parse(await run(process.execPath, ['consumer.mjs'], app));
  t.same(out.byAspect, { chat: 2, typing: 3 }, 'the global API records into the reader, from the recorders and from a plain counter named by the instruments entry point');
  t.ok(out.messages.some((m: string) => /parsec-telemetry: .*dropped count -1/.test(m)), 'the app\'s diag logger receives our diagnostic');
});

t.test('installed from a git URL: prepare builds dist/, so main and the bin exist', async (t) => {
  const app = join(work, 'app-git');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-git', private: true, type: 'module' }));
  // The committed HEAD of this repository, as `npm install git+https://…` would fetch it.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `git+file://${root}#HEAD`], app);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  t.equal(await run(join(app, 'node_modules/.bin/parsec-telemetry'), ['--version'], app), `parsec-telemetry ${version}\n`, 'the bin runs');
  const out = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('parsec-telemetry'); console.log(typeof m.createTelemetry)"], app);
  t.equal(out, 'function\n', 'main resolves');
  t.equal(readFileSync(join(app, 'node_modules/parsec-telemetry/dist/dashboard/app.js'), 'utf8'), appScript(), 'prepare linked the dashboard script');
});
