// The cluster history against a real Prometheus server (Debian package
// `prometheus`): two demo nodes scraped every second, and the CLI's `serve`
// over that Prometheus. Its /parsec/metrics/history answers with range
// queries: a point per 5 s step while Prometheus has data, and the newest
// point of every series equals the snapshot `serve` gives at the same time.
import t from 'tap';
import { main } from '../../src/cli.ts';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { numericFields } from '../../src/history/flatten.ts';
import { createTelemetry, type MetricsHistory, type Snapshot } from '../../src/index.ts';
import { recordingIo } from '../helpers/cli-io.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { startPrometheus } from './prometheus-server.ts';

/** Bound on waiting for Prometheus to hold a few history steps of both nodes. */
const FILL_LIMIT_MS = 30_000;
/** Bound on waiting for a scrape of both nodes after they stop. */
const FREEZE_LIMIT_MS = 10_000;
const TOKEN = 'history-secret';
const AUTH = { authorization: `Bearer ${TOKEN}` };

async function baseUrl(x: { out: string }): Promise<string> {
  for (let i = 0; i < 20_000; i++) {
    const base = /history\s+(http:\/\/\S+)\/parsec\/metrics\/history/.exec(x.out)?.[1];
    if (base !== undefined) return base;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`serve printed no history URL: ${x.out}`);
}

t.test('serve answers the history with range queries over a real Prometheus', async (t) => {
  const prometheus = requireProgram(t, 'prometheus');
  if (prometheus === undefined) return;
  const nodes = [];
  for (const [rate, seed] of [[100, 1], [300, 2]] as const) {
    const telemetry = createTelemetry({ serviceName: `parsec-node-${seed}`, env: {}, otlp: false, global: false });
    const demo = new DemoNode(telemetry.meter, { ratePerSecond: rate, seed }).start();
    const server = await telemetry.listen({ port: 0 });
    t.teardown(async () => {
      demo.close();
      await telemetry.shutdown();
    });
    nodes.push({ demo, target: `127.0.0.1:${server.port}` });
  }
  const server = await startPrometheus(t, prometheus, nodes.map((n) => n.target));
  const x = recordingIo({ PARSEC_TELEMETRY_TOKEN: TOKEN });
  const run = main(['serve', '--prometheus', server.url, '--port', '0'], x);
  t.teardown(async () => {
    x.signal('SIGTERM');
    await run;
  });
  const base = await baseUrl(x);
  const history = async (range: string): Promise<MetricsHistory> => {
    const reply = await fetchText(`${base}/parsec/metrics/history?range=${range}`, { headers: AUTH });
    t.equal(reply.status, 200, `range=${range}: 200`);
    return JSON.parse(reply.body) as MetricsHistory;
  };
  t.equal((await fetchText(`${base}/parsec/metrics/history`)).status, 401, 'the token protects the history as it does the snapshot');

  // 1. Wait (bounded) until the history holds 4 steps with both nodes.
  const deadline = performance.now() + FILL_LIMIT_MS;
  for (;;) {
    const reply = await fetchText(`${base}/parsec/metrics/history?range=5m`, { headers: AUTH });
    const nodesSeries = reply.status === 200 ? (JSON.parse(reply.body) as MetricsHistory).series.nodes ?? [] : [];
    if (nodesSeries.length >= 4 && nodesSeries.slice(-4).every(([, v]) => v === 2)) break;
    if (performance.now() > deadline) {
      t.fail(`no 4 history steps of 2 nodes within ${FILL_LIMIT_MS} ms: ${JSON.stringify(nodesSeries)}\n${server.output()}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  // 2. Freeze the nodes and wait for a scrape of both after that: gauges then stand still.
  for (const n of nodes) n.demo.stop();
  const frozenAt = Date.now() / 1000;
  const freezeDeadline = performance.now() + FREEZE_LIMIT_MS;
  for (;;) {
    const stamps = await server.query('timestamp(parsec_history_buffered)');
    if (stamps.length === 2 && stamps.every((s) => Number(s.value[1]) > frozenAt)) break;
    if (performance.now() > freezeDeadline) {
      t.fail(`no scrape of both nodes within ${FREEZE_LIMIT_MS} ms after they stopped: ${JSON.stringify(stamps)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const snapReply = await fetchText(`${base}/parsec/metrics`, { headers: AUTH });
  const five = await history('5m');
  const snap = JSON.parse(snapReply.body) as Snapshot;
  t.equal(snap.errors, undefined, 'the snapshot had no failed query');
  t.equal(five.range_seconds, 300);
  t.equal(five.step_seconds, 5);

  const fields = numericFields(snap);
  const missing = fields.filter((f) => five.series[f.path] === undefined).map((f) => f.path);
  t.same(missing, [], `each of the snapshot's ${fields.length} numeric fields has a series`);
  const gauges = ['nodes', 'channels.total_active', 'presence.total_users', 'presence.total_agents', 'presence.average_per_channel',
    'history.total_envelopes_buffered', 'history.buffer_utilization_pct', 'cache.size_bytes', 'tokens.active_count'];
  for (const path of gauges) {
    const newest = five.series[path]?.at(-1)?.[1];
    t.equal(newest, fields.find((f) => f.path === path)?.value, `${path}: the newest point equals the snapshot`);
  }
  const rate = five.series['envelopes.rate_per_second']?.at(-1)?.[1] as number;
  t.ok(Math.abs(rate - snap.envelopes.rate_per_second) <= 0.05 * snap.envelopes.rate_per_second,
    `envelopes.rate_per_second: newest point ${rate} ≈ snapshot ${snap.envelopes.rate_per_second} (evaluated moments apart)`);
  const stamps = (five.series.nodes as [number, number][]).map(([ms]) => ms);
  t.ok(stamps.slice(1).every((ms, i) => ms - (stamps[i] as number) === 5_000), 'points 5 s apart, oldest first');
  t.ok(stamps.length <= 60, 'at most 60 points');

  const hour = await history('1h');
  t.equal(hour.step_seconds, 60);
  t.ok((hour.series.nodes ?? []).length >= 1, '1h: the minute steps with data');
  t.equal((await fetchText(`${base}/parsec/metrics/history?range=2h`, { headers: AUTH })).status, 400);
});
