// Pipelined `GET /metrics` froze the process: every request ran its own SDK
// collection (even after its client had gone) while the same flood on
// /parsec/metrics shared its computations.
import t from 'tap';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';
import { MAX_PIPELINED_REQUESTS } from '../../src/http/limit-pipelining.ts';
import { createPrometheusHandler } from '../../src/http/prometheus-handler.ts';
import { pipelineFlood } from '../helpers/pipeline-flood.ts';

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

t.test('a pipelined flood on /metrics shares collections and costs no more than the same flood on /parsec/metrics', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, otlp: false });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 200; i++) envelopes.observe(`aspect-${i}`, i + 1);
  const s = await telemetry.listen({ port: 0 });

  // Warm both paths once, then flood each.
  await pipelineFlood(s.port, '/parsec/metrics', 1, 1);
  await pipelineFlood(s.port, '/metrics', 1, 1);
  // Two rounds, alternating, and the better of each: the machine's noise hits both alike.
  const snapshotMs: number[] = [];
  const metricsMs: number[] = [];
  collections = 0;
  for (let round = 0; round < 2; round++) {
    snapshotMs.push((await pipelineFlood(s.port, '/parsec/metrics', SOCKETS, PER_SOCKET)).healthzMs);
    metricsMs.push((await pipelineFlood(s.port, '/metrics', SOCKETS, PER_SOCKET)).healthzMs);
  }
  const requests = 2 * SOCKETS * PER_SOCKET;
  const snapshot = Math.min(...snapshotMs);
  const metrics = Math.min(...metricsMs);
  t.comment(`/healthz after ${SOCKETS}x${PER_SOCKET} pipelined requests: /parsec/metrics ${snapshot.toFixed(1)} ms, /metrics ${metrics.toFixed(1)} ms; ${collections} collections for ${requests} requests`);

  t.ok(collections * 20 <= requests, `${collections} SDK collections for ${requests} /metrics requests`);
  t.ok(collections <= 2 * SOCKETS * MAX_PIPELINED_REQUESTS, 'never more collections than requests answered');
  t.ok(metrics <= 2 * snapshot, '/healthz answers within 2x the time it takes under the same flood on /parsec/metrics');
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
