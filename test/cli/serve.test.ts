import t from 'tap';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli.ts';
import { recordingIo as io } from '../helpers/cli-io.ts';
import type { Snapshot } from '../../src/index.ts';
import { deadUrl, fakePrometheus, vector } from '../cluster/fake-prometheus.ts';
import { fetchText } from '../helpers/http.ts';


/** Waits (bounded) until `serve` has printed its snapshot URL; returns the server's base URL. */
async function baseUrl(x: { out: string }): Promise<string> {
  for (let i = 0; i < 2_000; i++) {
    const base = /snapshot\s+(http:\/\/\S+)\/parsec\/metrics/.exec(x.out)?.[1];
    if (base !== undefined) return base;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`serve printed no URL: ${x.out}`);
}

/** Waits (bounded) until `predicate` holds, yielding to I/O between checks. */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !predicate(); i++) await new Promise((resolve) => setImmediate(resolve));
}

t.test('serve: the cluster snapshot from a Prometheus API, the dashboard, health; exits 0 on a signal', async (t) => {
  const fake = await fakePrometheus((query) => {
    if (query.startsWith('count(count by (job, instance)')) return vector([{}, 2]);
    if (query === 'sum(parsec_tokens_issued_total)') return vector([{}, 40]);
    if (query === 'sum(parsec_tokens_revoked_total)') return vector([{}, 10]);
    if (query.startsWith('sum by (parsec_aspect')) return vector([{ parsec_aspect: 'chat' }, 600]);
    if (query.startsWith('time() -')) return vector([{}, 3_600]);
    return vector();
  });
  t.teardown(fake.close);
  const x = io();
  const run = main(['serve', '--prometheus', `${fake.url}/`, '--port', '0'], x);
  const base = await baseUrl(x);
  t.match(x.out, `the cluster snapshot of the Parsec nodes in Prometheus at ${fake.url}/`);
  t.match(x.out, `dashboard   ${base}/parsec/dashboard`);
  t.match(x.out, `health      ${base}/healthz`);
  const reply = await fetchText(`${base}/parsec/metrics`);
  t.equal(reply.status, 200);
  const snap = JSON.parse(reply.body) as Snapshot;
  t.equal(snap.nodes, 2);
  t.same(snap.envelopes, { rate_per_second: 10, by_aspect: { chat: 600 } });
  t.equal(snap.tokens.active_count, 30);
  t.same(snap.window, { rate_window_seconds: 60, rate_covered_seconds: 60, count_window_seconds: 3_600, count_covered_seconds: 3_600, partial: false });
  t.equal(snap.errors, undefined);
  t.equal((await fetchText(`${base}/parsec/dashboard`)).status, 200, 'the dashboard is served');
  t.equal((await fetchText(`${base}/healthz`)).status, 200);
  t.equal((await fetchText(`${base}/metrics`)).status, 404, 'no local instruments: no /metrics');
  t.ok(fake.requests.every((r) => r.path === '/api/v1/query' && r.method === 'POST'));
  x.signal('SIGTERM');
  t.equal(await run, 0);
  t.match(x.out, 'SIGTERM: shutting down');
  t.equal(x.err, '', 'no warning while Prometheus answers');
});

t.test('serve with Prometheus unreachable: a warning at start, the snapshot lists the error and keeps its shape', async (t) => {
  const url = await deadUrl();
  const x = io();
  const run = main(['serve', '--prometheus', url, '--port', '0'], x);
  const base = await baseUrl(x);
  await until(() => x.err !== '');
  t.match(x.err, new RegExp(`^\\S+Z warn parsec-telemetry: snapshot source "prometheus" failed: Prometheus query \\w+ cannot reach ${url}/api/v1/query: ECONNREFUSED \\(logged at most once a minute per source\\)\\n$`));
  const reply = await fetchText(`${base}/parsec/metrics`);
  t.equal(reply.status, 200);
  const snap = JSON.parse(reply.body) as Snapshot;
  t.same(Object.keys(snap), ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache', 'at', 'errors']);
  t.equal(snap.errors?.[0]?.source, 'prometheus');
  x.signal('SIGINT');
  t.equal(await run, 0);
});

t.test('serve honours PARSEC_TELEMETRY_TOKEN', async (t) => {
  const fake = await fakePrometheus(() => vector());
  t.teardown(fake.close);
  const x = io({ PARSEC_TELEMETRY_TOKEN: 'tok-9' });
  const run = main(['serve', '--prometheus', fake.url, '--port', '0'], x);
  const base = await baseUrl(x);
  t.equal((await fetchText(`${base}/parsec/metrics`)).status, 401);
  t.equal((await fetchText(`${base}/parsec/metrics`, { headers: { authorization: 'Bearer tok-9' } })).status, 200);
  x.signal('SIGTERM');
  t.equal(await run, 0);
});

t.test('serve usage errors exit 2 with a clear message', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['serve'], {}, /missing required option --prometheus URL/],
    [['serve', '--prometheus', 'ftp://127.0.0.1/'], {}, /invalid value for --prometheus/],
    [['serve', '--prometheus', 'http://admin:hunter2@127.0.0.1:9090'], {}, /invalid option "url": expected a URL without credentials/],
    [['serve', '--prometheus', 'http://127.0.0.1:9090/?x=1'], {}, /invalid option "url"/],
    [['serve', '--prometheus', 'http://127.0.0.1:9090', '--port', '0'], { PARSEC_TELEMETRY_TOKEN: 'has space' }, /PARSEC_TELEMETRY_TOKEN/],
  ];
  for (const [argv, env, message] of cases) {
    const x = io(env);
    t.equal(await main(argv, x), 2, argv.join(' '));
    t.match(x.err, message, argv.join(' '));
    t.notMatch(x.err, 'hunter2', 'credentials are never echoed');
    t.equal(x.out, '');
  }
});

t.test('serve on a port in use: a clear message and exit 1', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => blocker.once('listening', resolve));
  t.teardown(() => blocker.close());
  const x = io();
  const port = (blocker.address() as AddressInfo).port;
  t.equal(await main(['serve', '--prometheus', 'http://127.0.0.1:9090', '--port', String(port)], x), 1);
  t.match(x.err, `cannot listen on 127.0.0.1:${port}`);
});
