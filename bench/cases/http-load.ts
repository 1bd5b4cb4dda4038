// Case 5: HTTP under load. autocannon (programmatic API) against
// GET /parsec/metrics, 50 connections for 10 s, pipelining 1.
//
// The server runs in a process of its own (full configuration, a demo node
// publishing 1 000 envelopes/s so every section of the snapshot has
// content), autocannon in this one: each gets a core. The server counts:
//   requests      'request' events on its http.Server
//   snapshots     aggregator.snapshot() calls (one per request)
//   computations  Aggregator computations (calls of the first source's refresh(),
//                 which every computation calls once); snapshots − computations
//                 = calls that joined a computation in flight
//   samples       calls of reader.sample() (each source's refresh, the 1 s timer)
//   collections   calls of reader.collect(): SDK collections actually run
// Single flight means concurrent requests share a computation and a
// collection: target collections ≤ requests / 10.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { fig, fullTelemetry, log, report, sleep, target, type Row } from '../harness.ts';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;

interface Counts {
  requests: number;
  /** aggregator.snapshot() calls: each request makes one; those beyond the computations joined one in flight. */
  snapshotCalls: number;
  computations: number;
  samples: number;
  collections: number;
}

if (process.argv[2] === 'server') {
  const telemetry = await fullTelemetry();
  const demo = new DemoNode(telemetry.meter, { ratePerSecond: 1_000 }).start();
  const counts: Counts = { requests: 0, snapshotCalls: 0, computations: 0, samples: 0, collections: 0 };
  const reader = telemetry.reader;
  const collect = reader.collect.bind(reader);
  reader.collect = (options) => {
    counts.collections++;
    return collect(options);
  };
  const sample = reader.sample.bind(reader);
  reader.sample = () => {
    counts.samples++;
    return sample();
  };
  const aggregator = telemetry.aggregator;
  const snapshot = aggregator.snapshot.bind(aggregator);
  aggregator.snapshot = () => {
    counts.snapshotCalls++;
    return snapshot();
  };
  const first = aggregator.sources[0];
  if (first?.refresh === undefined) throw new Error('the first source has no refresh()');
  const refresh = first.refresh.bind(first);
  first.refresh = (signal) => {
    counts.computations++;
    return refresh(signal);
  };
  const server = await telemetry.listen({ port: 0 });
  server.server.ref();
  server.server.on('request', () => counts.requests++);
  process.on('message', (m) => {
    if (m === 'reset') {
      counts.requests = counts.snapshotCalls = counts.computations = counts.samples = counts.collections = 0;
      process.send?.({ reset: true });
    } else if (m === 'counts') {
      process.send?.({ counts: { ...counts } });
    } else if (m === 'exit') {
      demo.close();
      process.exit(0);
    }
  });
  process.send?.({ url: server.url });
} else {
  const server = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: process.execArgv });
  const next = <T>(key: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: unknown): void => {
        if (typeof m === 'object' && m !== null && key in m) {
          server.off('message', on);
          resolve((m as Record<string, T>)[key] as T);
        }
      };
      server.on('message', on);
    });
  const url = `${await next<string>('url')}/parsec/metrics`;
  log(`warm-up ${WARMUP_S} s…`);
  await autocannon({ url, connections: 10, duration: WARMUP_S });
  await sleep(200);
  server.send('reset');
  await next('reset');
  log(`${CONNECTIONS} connections for ${DURATION_S} s…`);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  server.send('counts');
  const counts = await next<Counts>('counts');
  server.send('exit');
  const completed = r.requests.total;
  const perCollection = counts.collections === 0 ? Infinity : counts.requests / counts.collections;
  const rows: Row[] = [
    { id: 'rps', name: `GET /parsec/metrics, ${CONNECTIONS} connections, ${DURATION_S} s: requests/s (mean; median of 1 s samples)`, unit: 'req/s', median: fig(r.requests.average), note: `median ${fig(r.requests.p50)}; ${completed} requests, ${r['2xx']} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors` },
    { id: 'latency', name: 'latency (autocannon)', unit: 'ms', median: fig(r.latency.p50), p99: fig(r.latency.p99), n: r.latency.totalCount, note: `mean ${fig(r.latency.average)}, max ${fig(r.latency.max)}` },
    { id: 'collections', name: 'SDK collections by the reader (reader.collect calls)', unit: 'count', median: counts.collections, note: `${counts.samples} reader.sample() calls` },
    { id: 'computations', name: 'Aggregator computations', unit: 'count', median: counts.computations, note: `${counts.snapshotCalls} aggregator.snapshot() calls, ${counts.snapshotCalls - counts.computations} joined a computation in flight` },
    { id: 'requests', name: 'requests seen by the server', unit: 'count', median: counts.requests },
  ];
  report({
    case: 'http-load',
    title: '5. HTTP under load (autocannon, /parsec/metrics)',
    rows,
    ratios: [
      { name: 'requests per collection', value: fig(perCollection) },
      { name: 'requests per computation', value: fig(counts.computations === 0 ? Infinity : counts.requests / counts.computations) },
    ],
    targets: [
      target('collections ≤ requests / 10', fig(counts.collections / counts.requests), '<=', 0.1, 'collections ÷ requests, both counted in the server'),
    ],
    params: { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, demoRatePerSecond: 1_000 },
    details: { counts, autocannon: { requests: r.requests, latency: r.latency, throughput: r.throughput, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx } },
  });
}
