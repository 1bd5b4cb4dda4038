// Pipelined `GET /metrics` froze the process: every request ran its own SDK
// collection (even after its client had gone) while the same flood on
// /parsec/metrics shared its computations. And on either path Node's HTTP
// parser made a request and a response object for every request a socket had
// sent before any handler could refuse one (src/http/paced-connection.ts).
import t, { type Test } from 'tap';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { createTelemetry, EnvelopeCounters, type TelemetryServer } from '../../src/index.ts';
import { MAX_PIPELINED_REQUESTS } from '../../src/http/limit-pipelining.ts';
import { createPrometheusHandler } from '../../src/http/prometheus-handler.ts';
import { SERVER_DEFAULTS } from '../../src/http/listen.ts';
import { pipelineFlood } from '../helpers/pipeline-flood.ts';
import { settledHeap } from '../helpers/gc.ts';

const SOCKETS = 20;
const PER_SOCKET = 200;

let collections = 0;
let onCollect: (() => void) | undefined;
const proto = PrometheusExporter.prototype as unknown as { collect: MetricReader['collect'] };
proto.collect = function (this: MetricReader, options) {
  collections++;
  onCollect?.();
  return MetricReader.prototype.collect.call(this, options);
};
t.teardown(() => {
  delete (proto as { collect?: unknown }).collect;
});


/** A telemetry with 200 aspects, listening on an ephemeral port, both paths warmed once. */
async function floodTarget(t: Test): Promise<TelemetryServer> {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, otlp: false });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 200; i++) envelopes.observe(`aspect-${i}`, i + 1);
  const server = await telemetry.listen({ port: 0 });
  await pipelineFlood(server.port, '/parsec/metrics', 1, 1);
  await pipelineFlood(server.port, '/metrics', 1, 1);
  return server;
}

t.test('a pipelined flood on /metrics shares collections and costs no more than the same flood on /parsec/metrics', async (t) => {
  // Both paths warmed once, then each flooded.
  const s = await floodTarget(t);
  // Three rounds, alternating, and the best of each: the machine's noise hits both alike.
  const snapshotMs: number[] = [];
  const metricsMs: number[] = [];
  collections = 0;
  for (let round = 0; round < 3; round++) {
    snapshotMs.push((await pipelineFlood(s.port, '/parsec/metrics', SOCKETS, PER_SOCKET)).healthzMs);
    metricsMs.push((await pipelineFlood(s.port, '/metrics', SOCKETS, PER_SOCKET)).healthzMs);
  }
  const requests = 3 * SOCKETS * PER_SOCKET;
  const snapshot = Math.min(...snapshotMs);
  const metrics = Math.min(...metricsMs);
  t.comment(`/healthz after ${SOCKETS}x${PER_SOCKET} pipelined requests: /parsec/metrics ${snapshot.toFixed(1)} ms, /metrics ${metrics.toFixed(1)} ms; ${collections} collections for ${requests} requests`);

  t.ok(collections * 20 <= requests, `${collections} SDK collections for ${requests} /metrics requests`);
  t.ok(collections <= 3 * SOCKETS * MAX_PIPELINED_REQUESTS, 'never more collections than requests answered');
  t.ok(metrics <= 2 * snapshot, '/healthz answers within 2x the time it takes under the same flood on /parsec/metrics');
});

t.test('a pipelined flood costs the parsing of a slice of each connection, not of all it sent', async (t) => {
  const s = await floodTarget(t);

  // Each socket sends as much as in bench/pipelined-flood.ts (1 400 requests, about 50 KB); fewer sockets.
  const sockets = 20;
  const perSocket = 1_400;
  const requestBytes = 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'.length;
  // Parsed at most: the unanswered ones, then a slice more; once more after the refused request's answer went out.
  const parsedBound = sockets * (MAX_PIPELINED_REQUESTS + 2 * Math.ceil(SERVER_DEFAULTS.parseSliceBytes / requestBytes));
  for (const path of ['/metrics', '/parsec/metrics']) {
    // Sampled whenever the parser emits a request: the moments the flood allocates.
    let peakHeap = 0;
    let alive = 0;
    let mostAlive = 0;
    const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
      mostAlive = Math.max(mostAlive, ++alive);
      res.once('close', () => alive--);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    };
    const before = settledHeap();
    s.server.on('request', onRequest);
    await pipelineFlood(s.port, path, sockets, perSocket);
    s.server.off('request', onRequest);
    const growthMb = (peakHeap - before) / 1e6;
    t.comment(`${path} ${sockets}x${perSocket}: heap peak +${growthMb.toFixed(1)} MB, at most ${mostAlive} requests parsed and not closed at once`);
    // Before src/http/paced-connection.ts: every request parsed at once (28 000), heap peak +57 to +63 MB.
    t.ok(mostAlive <= parsedBound, `${path}: ${mostAlive} requests parsed and open at once (bound ${parsedBound})`);
    t.ok(growthMb < 32, `${path}: heap grew ${growthMb.toFixed(1)} MB at its peak (< 32)`);
  }
});

t.test('a request whose client has gone costs no collection', async (t) => {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const withExporter = new MeterProvider({ readers: [exporter] });
  t.teardown(() => withExporter.shutdown());
  withExporter.getMeter('t').createCounter('c').add(1);
  const handler = createPrometheusHandler(exporter);
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const fake = () => {
    const sent: number[] = [];
    const socket = { destroyed: false };
    const res = {
      destroyed: false,
      writableEnded: false,
      headersSent: false,
      writeHead: (status: number) => void sent.push(status),
      end: () => undefined,
    };
    return { req: { method: 'GET', socket } as unknown as IncomingMessage, res: res as unknown as ServerResponse, socket, sent };
  };
  collections = 0;

  const gone = fake();
  gone.socket.destroyed = true;
  handler(gone.req, gone.res);
  const leaves = fake();
  handler(leaves.req, leaves.res);
  leaves.socket.destroyed = true; // before the collection starts
  for (let i = 0; i < 5; i++) await turn();
  t.equal(collections, 0, 'no collection for clients that are gone');

  const stays = fake();
  const leavesDuring = fake();
  handler(leavesDuring.req, leavesDuring.res);
  handler(stays.req, stays.res);
  const late = fake();
  onCollect = () => {
    onCollect = undefined;
    leavesDuring.socket.destroyed = true;
    handler(late.req, late.res); // arrives while the collection runs
  };
  for (let i = 0; i < 40 && late.sent.length === 0; i++) await turn();
  t.same(stays.sent, [200]);
  t.same(leavesDuring.sent, [], 'nothing serialised or written for a client that left during the collection');
  t.same(late.sent, [200], 'a request that came during a collection gets the next one');
  t.equal(collections, 2);
});
