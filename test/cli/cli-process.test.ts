import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fetchText } from '../helpers/http.ts';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** Spawns the CLI; resolves with its base URL once it prints it. */
function spawnDemo(t: Test, args: string[]) {
  const child = spawn(process.execPath, [CLI, 'demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed within 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      const m = /snapshot\s+(http:\/\/[^/\s]+)\/parsec\/metrics/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    exited.then(() => reject(new Error(`exited early; stderr: ${stderr}`)), () => undefined);
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

t.test('demo --rate 200: the snapshot shows ~200/s with tokens and cache; /metrics has HELP; SIGTERM exits 0 within 5 s', async (t) => {
  const demo = spawnDemo(t, ['--port', '0', '--rate', '200']);
  const url = await demo.url;
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'binds loopback by default');
  let snap: { envelopes: { rate_per_second: number }; tokens: { issued_last_hour: number; active_count: number }; cache: { hit_rate_pct: number; size_bytes: number } } | undefined;
  const deadline = performance.now() + 30_000;
  for (;;) {
    const res = await fetchText(`${url}/parsec/metrics`);
    t.equal(res.status, 200);
    snap = JSON.parse(res.body);
    const rate = snap?.envelopes.rate_per_second ?? 0;
    const ready = Math.abs(rate - 200) <= 30 && (snap?.tokens.issued_last_hour ?? 0) > 0 && (snap?.cache.size_bytes ?? 0) > 0 && (snap?.cache.hit_rate_pct ?? 0) > 0;
    if (ready || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250)); // polling a live process, not timing a result
  }
  t.ok(Math.abs((snap?.envelopes.rate_per_second ?? 0) - 200) <= 30, `rate_per_second ${snap?.envelopes.rate_per_second} within 15 % of 200`);
  t.ok((snap?.tokens.issued_last_hour ?? 0) > 0, 'tokens issued');
  t.ok((snap?.tokens.active_count ?? 0) > 0, 'tokens active');
  t.ok((snap?.cache.size_bytes ?? 0) > 0, 'cache holds bytes');
  t.ok((snap?.cache.hit_rate_pct ?? 0) > 0, 'cache hits');

  const prom = await fetchText(`${url}/metrics`);
  t.match(prom.body, '# HELP parsec_envelopes_published_total Envelopes published on Parsec channels, by aspect.');
  t.match(prom.body, /parsec_envelopes_published_total\{[^}]*parsec_aspect="chat"/);

  const sent = performance.now();
  demo.child.kill('SIGTERM');
  const { code } = await demo.exited;
  const took = performance.now() - sent;
  t.equal(code, 0, 'exit code 0');
  t.ok(took < 5_000, `exited ${Math.round(took)} ms after SIGTERM`);
  t.match(demo.output().stdout, 'SIGTERM: shutting down');
});

t.test('SIGINT stops it too', async (t) => {
  const demo = spawnDemo(t, ['--port=0', '--rate=10']);
  await demo.url;
  demo.child.kill('SIGINT');
  t.equal((await demo.exited).code, 0);
});

t.test('a bad flag prints a clear message and exits 2', async (t) => {
  const demo = spawnDemo(t, ['--port', 'eighty']);
  await demo.url.catch(() => undefined);
  t.equal((await demo.exited).code, 2);
  t.match(demo.output().stderr, '--port');
  t.match(demo.output().stderr, 'parsec-telemetry demo --help');
});

t.test('SIGTERM: a final OTLP export carries the envelopes published just before it', async (t) => {
  const { startOtlpReceiver, hasMetric } = await import('../fixtures/otlp-receiver.ts');
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const demo = spawnDemo(t, ['--port', '0', '--rate', '500', '--otlp', receiver.metricsUrl]);
  const url = await demo.url;
  let published = 0;
  for (let i = 0; i < 200 && published < 500; i++) {
    const snap = JSON.parse((await fetchText(`${url}/parsec/metrics`)).body);
    published = Object.values(snap.envelopes.by_aspect ?? {}).reduce((a: number, b) => a + (b as number), 0);
    if (published < 500) await new Promise((resolve) => setTimeout(resolve, 50)); // polling a live process
  }
  const final = receiver.waitForExport(hasMetric('parsec.envelopes.published'), { timeoutMs: 10_000 });
  demo.child.kill('SIGTERM');
  await final;
  t.equal((await demo.exited).code, 0);
  const exported = receiver.latestSum('parsec.envelopes.published') ?? 0;
  t.ok(exported >= published, `final export ${exported} ≥ ${published} seen in the last snapshot before SIGTERM`);
});
