// The cluster snapshot against a real Prometheus server (Debian package
// `prometheus`): two demo nodes in this process, scraped every second; the
// snapshot PrometheusSource computes must equal the sum of the two nodes' own
// snapshots: rates within 10 %, gauges exact, counts over the hour within 2 % (what a node counted
// before its first scrape included), nodes 2; and what a node restart may lose.
import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusSource } from '../../src/cluster/prometheus-source.ts';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { TokenCounters } from '../../src/record/token-counters.ts';
import { Aggregator, createTelemetry, type Snapshot, type Source, type Telemetry } from '../../src/index.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { startPrometheus } from './prometheus-server.ts';

// Two real Prometheus runs of 10–15 s each: more than tap's default 30 s per file on a busy machine.
t.setTimeout(120_000);

/** Rate window of the nodes and of the cluster source: 10 s, so a full window fits in a short test. */
const RATE_WINDOW_MS = 10_000;
/** Bound on waiting for Prometheus to hold a full rate window of both nodes (its first scrape comes ~5 s after start). */
const FILL_LIMIT_MS = 25_000;
/** Bound on waiting for a scrape of both nodes after they stop. */
const FREEZE_LIMIT_MS = 10_000;

interface Node {
  telemetry: Telemetry;
  demo: DemoNode;
  target: string;
}

async function startNode(t: { teardown(fn: () => unknown): void }, ratePerSecond: number, seed: number): Promise<Node> {
  const telemetry = createTelemetry({ serviceName: `parsec-node-${seed}`, env: {}, otlp: false, rateWindowMs: RATE_WINDOW_MS });
  const demo = new DemoNode(telemetry.meter, { ratePerSecond, seed }).start();
  const server = await telemetry.listen({ port: 0 });
  t.teardown(async () => {
    demo.close();
    await telemetry.shutdown();
  });
  return { telemetry, demo, target: `127.0.0.1:${server.port}` };
}

/** The nodes' own snapshots merged by the aggregator's rules: what the cluster snapshot must equal. */
async function sumOfNodes(snapshots: readonly Snapshot[]): Promise<Snapshot> {
  const sources: Source[] = snapshots.map((s, i) => ({
    name: `node ${i}`,
    channels: () => s.channels,
    envelopes: () => s.envelopes,
    presence: () => s.presence,
    history: () => s.history,
    tokens: () => s.tokens,
    cache: () => s.cache,
    window: () => s.window,
  }));
  return new Aggregator({ sources }).snapshot();
}

function within(t: Test, actual: number, expected: number, relative: number, what: string): void {
  t.ok(Number.isFinite(actual) && Number.isFinite(expected), `${what}: finite figures`);
  const ok = Math.abs(actual - expected) <= relative * Math.abs(expected);
  t.ok(ok, `${what}: ${actual} within ${relative * 100} % of ${expected}`);
}

t.test('the cluster snapshot over a real Prometheus equals the sum of two nodes', async (t) => {
  const prometheus = requireProgram(t, 'prometheus');
  if (prometheus === undefined) return;
  const nodes = [await startNode(t, 100, 1), await startNode(t, 300, 2)];
  const server = await startPrometheus(t, prometheus, nodes.map((n) => n.target));
  const source = new PrometheusSource({ url: server.url, rateWindowMs: RATE_WINDOW_MS, queryTimeoutMs: 2_000 });
  const cluster = new Aggregator({ sources: [source], sourceTimeoutMs: 3_000 });

  // 1. While the nodes run: wait (bounded) until Prometheus holds a full rate window of both, then compare rates.
  let snap: Snapshot | undefined;
  const fillDeadline = performance.now() + FILL_LIMIT_MS;
  for (;;) {
    snap = await cluster.snapshot();
    if (snap.nodes === 2 && snap.window?.rate_covered_seconds === RATE_WINDOW_MS / 1000) break;
    if (performance.now() > fillDeadline) {
      t.fail(`Prometheus did not hold a full rate window of 2 nodes within ${FILL_LIMIT_MS} ms: ${JSON.stringify(snap)}\n${server.output()}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const [running, ...own] = await Promise.all([cluster.snapshot(), ...nodes.map((n) => n.telemetry.snapshot())]);
  const sum = await sumOfNodes(own);
  t.equal(running.errors, undefined, 'no query failed');
  t.equal(running.nodes, 2, 'nodes: the two scrape targets');
  t.same(running.window, { rate_window_seconds: 10, rate_covered_seconds: 10, count_window_seconds: 3_600, count_covered_seconds: running.window?.count_covered_seconds, partial: true });
  // The aggregator's merge rule averages rates over sources (the seed's rule); a cluster's rate is their sum.
  const nodeRates = own.reduce((acc, s) => acc + s.envelopes.rate_per_second, 0);
  within(t, running.envelopes.rate_per_second, nodeRates, 0.1, 'envelopes.rate_per_second = the sum of the nodes’ rates');
  within(t, running.envelopes.rate_per_second, 400, 0.1, 'the demo rates add up');
  // by_aspect counts the rate window: compare them as rates (the nodes' windows cover 55/60 to 60/60 of it).
  const clusterCovered = running.window?.rate_covered_seconds as number;
  for (const [aspect, count] of Object.entries(sum.envelopes.by_aspect ?? {})) {
    const nodeRate = own.reduce((acc, s) => acc + (s.envelopes.by_aspect?.[aspect] ?? 0) / (s.window?.rate_covered_seconds as number), 0);
    within(t, (running.envelopes.by_aspect?.[aspect] ?? 0) / clusterCovered, nodeRate, 0.1, `by_aspect.${aspect} per second (${count} in the nodes' windows)`);
  }
  within(t, running.cache.hit_rate_pct, sum.cache.hit_rate_pct, 0.1, 'cache.hit_rate_pct');
  within(t, (running.cache.hits as number) / clusterCovered, own.reduce((a, s) => a + (s.cache.hits as number) / (s.window?.rate_covered_seconds as number), 0), 0.1, 'cache hits per second');

  // 2. Freeze the nodes, wait (bounded) for a scrape of both after that, then every gauge must be exact.
  for (const n of nodes) n.demo.stop();
  const frozenAt = Date.now() / 1000;
  const freezeDeadline = performance.now() + FREEZE_LIMIT_MS;
  for (;;) {
    const stamps = await server.query('timestamp(parsec_history_buffered)');
    if (stamps.length === 2 && stamps.every((s) => s.value[1] !== undefined && Number(s.value[1]) > frozenAt)) break;
    if (performance.now() > freezeDeadline) {
      t.fail(`no scrape of both nodes within ${FREEZE_LIMIT_MS} ms after they stopped: ${JSON.stringify(stamps)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [frozen, ...frozenOwn] = await Promise.all([cluster.snapshot(), ...nodes.map((n) => n.telemetry.snapshot())]);
  const frozenSum = await sumOfNodes(frozenOwn);
  t.equal(frozen.errors, undefined);
  t.equal(frozen.nodes, 2);
  t.same(frozen.channels, frozenSum.channels, 'channels: total and by_pattern exact');
  // Both sides are ratios of sums (the merge weights by denominators), so even the percentages are exact.
  t.same(frozen.history, frozenSum.history, 'history: buffered, capacity and utilisation exact');
  t.same(frozen.presence, frozenSum.presence, 'presence: users, agents, channels and average exact');
  t.equal(frozen.cache.size_bytes, frozenSum.cache.size_bytes, 'cache.size_bytes exact');
  t.equal(frozen.cache.size_entries, frozenSum.cache.size_entries, 'cache.size_entries exact');
  t.equal(frozen.cache.by_backend?.memory?.size_bytes, frozenSum.cache.by_backend?.memory?.size_bytes);
  t.equal(frozen.cache.unavailable, undefined);
  t.equal(frozen.tokens.active_count, frozenSum.tokens.active_count, 'tokens.active_count (from the counters’ totals) exact');

  // 3. Counts over the hour include what each node counted before Prometheus first scraped it (the demo
  //    issues its first tokens at start): the nodes started inside the window, so their counters count from zero.
  const [first] = await server.query('sum(min_over_time(parsec_tokens_issued_total[1h]))');
  const firstScraped = Number(first?.value[1]);
  t.ok(firstScraped > 0, `the nodes had issued ${firstScraped} tokens by their first scrape`);
  const [plain] = await server.query('sum(increase(parsec_tokens_issued_total[1h]))');
  t.comment(`tokens.issued_last_hour: cluster ${frozen.tokens.issued_last_hour}, sum of the nodes ${frozenSum.tokens.issued_last_hour}, increase() alone ${Number(plain?.value[1]).toFixed(1)}`);
  within(t, frozen.tokens.issued_last_hour, frozenSum.tokens.issued_last_hour, 0.02, 'tokens.issued_last_hour = the sum of the nodes’ (increase() alone misses the first scrape)');
  within(t, frozen.tokens.revoked_last_hour, frozenSum.tokens.revoked_last_hour, 0.02, 'tokens.revoked_last_hour');
  within(t, frozen.cache.evictions_last_hour as number, frozenSum.cache.evictions_last_hour as number, 0.02, 'cache.evictions_last_hour');
  t.ok(Number(plain?.value[1]) < 0.5 * frozenSum.tokens.issued_last_hour, 'increase() alone is far off: the gap is what came before the first scrape');

});

t.test('a node restart inside the window loses at most what the node counted between its last scrape and the restart; a failed scrape loses nothing', async (t) => {
  const prometheus = requireProgram(t, 'prometheus');
  if (prometheus === undefined) return;
  const a = await startNode(t, 100, 1);
  let b = await startNode(t, 300, 2);
  const port = Number(b.target.split(':')[1]);
  // Node a is scraped through a proxy that can fail scrapes (answer 503) without a restart.
  let failing = false;
  const direct = a.target;
  const proxy = createServer((_req, res) => {
    if (failing) {
      res.writeHead(503).end();
      return;
    }
    fetchText(`http://${direct}/metrics`).then(
      (reply) => res.writeHead(reply.status, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(reply.body),
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => proxy.close(resolve)));
  a.target = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const server = await startPrometheus(t, prometheus, [a.target, b.target]);
  const source = new PrometheusSource({ url: server.url, rateWindowMs: RATE_WINDOW_MS, queryTimeoutMs: 2_000 });
  const cluster = new Aggregator({ sources: [source], sourceTimeoutMs: 3_000 });
  const issuedOf = `parsec_tokens_issued_total{instance="${b.target}"}`;

  // Bounded wait until Prometheus scraped both nodes at least twice.
  const waitFor = async (what: string, expr: string, ok: (values: number[]) => boolean): Promise<boolean> => {
    const deadline = performance.now() + FILL_LIMIT_MS;
    for (;;) {
      const values = (await server.query(expr)).map((s) => Number(s.value[1]));
      if (ok(values)) return true;
      if (performance.now() > deadline) {
        t.fail(`${what} within ${FILL_LIMIT_MS} ms: ${JSON.stringify(values)}\n${server.output()}`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  if (!(await waitFor('two scrapes of both nodes', 'count_over_time(parsec_tokens_issued_total[1h])', (v) => v.length === 2 && v.every((n) => n >= 2)))) return;

  // Failed scrapes of node a (its series go stale), then it is scraped again: the same process, nothing to add.
  failing = true;
  if (!(await waitFor('a failed scrape of node a', `up{instance="${a.target}"}`, (v) => v[0] === 0))) return;
  failing = false;
  if (!(await waitFor('node a scraped again', `up{instance="${a.target}"}`, (v) => v[0] === 1))) return;

  // Stop node b while it runs: what it counted after its last scrape is the most the cluster may lose.
  b.demo.close();
  new TokenCounters(b.telemetry.meter).issued(7); // most likely after its last scrape: then these 7 are lost
  const bOwn = (await b.telemetry.snapshot()).tokens.issued_last_hour;
  await b.telemetry.shutdown();
  const [lastScraped] = await server.query(`last_over_time(${issuedOf}[1h])`);
  const bScraped = Number(lastScraped?.value[1]);
  t.ok(bScraped > 0 && bScraped <= bOwn, `node b's last scrape saw ${bScraped} of its ${bOwn} tokens`);

  // The same target again: a new process counting from zero (a counter reset in Prometheus).
  // Prometheus sees the reset only if the new process's first scraped count is below node b's
  // last one. A demo node issues a token per member as it starts: 193 for node b's seed and 194
  // for this one's with the default 220 members, so a first scrape of 194 after a last one of
  // 194 showed no reset, and the test failed now and then. With a tenth of the members the new
  // process starts at 18 tokens, far below node b's last scrape, however late its first comes.
  const telemetry = createTelemetry({ serviceName: 'parsec-node-2b', env: {}, otlp: false, rateWindowMs: RATE_WINDOW_MS });
  const demo = new DemoNode(telemetry.meter, { ratePerSecond: 300, seed: 3, userCount: 20, agentCount: 2 }).start();
  await telemetry.listen({ port });
  t.teardown(async () => {
    demo.close();
    await telemetry.shutdown();
  });
  b = { telemetry, demo, target: b.target };
  if (!(await waitFor('a reset and two scrapes of the restarted node', `resets(${issuedOf}[1h]) and on() (count_over_time(${issuedOf}[5s]) >= 2)`, (v) => v.length === 1 && v[0] === 1))) return;

  // Freeze both, wait for a scrape of both after that, and compare.
  a.demo.stop();
  b.demo.stop();
  const frozenAt = Date.now() / 1000;
  if (!(await waitFor('a scrape of both nodes after they stopped', 'timestamp(parsec_tokens_issued_total)', (v) => v.length === 2 && v.every((x) => x > frozenAt)))) return;
  const [snap, aOwn, bNewOwn] = await Promise.all([cluster.snapshot(), a.telemetry.snapshot(), b.telemetry.snapshot()]);
  t.equal(snap.errors, undefined, 'no query failed');
  const most = aOwn.tokens.issued_last_hour + bOwn + bNewOwn.tokens.issued_last_hour;
  const least = most - (bOwn - bScraped);
  const [plain] = await server.query('sum(increase(parsec_tokens_issued_total[1h]))');
  t.comment(`after a restart: cluster ${snap.tokens.issued_last_hour}, nodes counted ${most}, of which ${bOwn - bScraped} after node b's last scrape; increase() alone ${Number(plain?.value[1]).toFixed(1)}`);
  t.ok(snap.tokens.issued_last_hour >= least * 0.98, `cluster ${snap.tokens.issued_last_hour} ≥ ${least} (all but what node b counted after its last scrape), within 2 %`);
  t.ok(snap.tokens.issued_last_hour <= most * 1.02, `cluster ${snap.tokens.issued_last_hour} ≤ ${most} (what the nodes counted), within 2 %`);
});
