// Each temporality preference, over OTLP/HTTP and OTLP/gRPC, with a collector
// that fails (503 / UNAVAILABLE, then down) and comes back. What a user checks:
// - cumulative: the export after the failure carries the full totals;
// - delta: each export carries the increase since the previous export's
//   collection, so a failed export loses exactly what was recorded between
//   the previous collection and its own (the exporter retries that payload
//   until the export timeout, then drops it); the sum of the deltas of the
//   accepted exports is what was recorded minus that;
// - lowmemory: synchronous counters are delta as above, observable counters
//   (the Parsec recorders) stay cumulative;
// - under every preference the snapshot and /metrics stay exact, and the
//   telemetry's co-reader drain (every 20 samples; 25 snapshots run between
//   exports here) never drops a delta collection.
import t from 'tap';
import { createTelemetry, EnvelopeCounters, observeCache, type Telemetry } from '../../src/index.ts';
import { startOtlpGrpcReceiver } from '../fixtures/otlp-grpc-receiver.ts';
import { startOtlpReceiver, type MetricsRequest, type Point } from '../fixtures/otlp-receiver.ts';
import { settledHeap } from '../helpers/gc.ts';
import { fetchText } from '../helpers/http.ts';

/** The receiver behind one transport, seen the same way. */
interface Collector {
  readonly protocol: 'http/protobuf' | 'grpc';
  readonly endpoint: string;
  readonly requests: readonly MetricsRequest[];
  points(name: string): Point[];
  fail(): void;
  ok(): void;
  stop(): Promise<void>;
  restart(): Promise<unknown>;
}

async function collector(protocol: 'http/protobuf' | 'grpc'): Promise<Collector> {
  if (protocol === 'grpc') {
    const r = await startOtlpGrpcReceiver();
    return Object.assign(r, { protocol, endpoint: r.url, fail: () => r.setMode('unavailable'), ok: () => r.setMode('ok') }) as Collector;
  }
  const r = await startOtlpReceiver();
  return Object.assign(r, {
    protocol,
    endpoint: r.metricsUrl,
    fail: () => r.setMode('unavailable', { retryAfter: new Date(0).toUTCString() }),
    ok: () => r.setMode('ok'),
  }) as unknown as Collector;
}

const ENVELOPES = 'parsec.envelopes.published';
const TOKENS = 'parsec.tokens.issued';

/**
 * Flushes until the collector accepts an export, for at most 10 s: after a
 * restart a gRPC channel reconnects only when its back-off (about 1 s) ends,
 * and until then each export fails at once. OTLP/HTTP is accepted at the first.
 */
async function flushUntilAccepted(telemetry: Telemetry, c: Collector): Promise<void> {
  const before = c.requests.length;
  const deadline = performance.now() + 10_000;
  while (c.requests.length === before && performance.now() < deadline) await telemetry.meterProvider.forceFlush();
  if (c.requests.length === before) throw new Error('the collector accepted no export within 10 s');
}

for (const protocol of ['http/protobuf', 'grpc'] as const) {
  for (const temporality of ['cumulative', 'delta', 'lowmemory'] as const) {
    t.test(`${protocol}, ${temporality}: a collector that fails and comes back`, async (t) => {
      const c = await collector(protocol);
      t.teardown(() => c.stop());
      const telemetry = createTelemetry({
        sampleIntervalMs: 0,
        env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality.toUpperCase() },
        otlp: { protocol, endpoint: c.endpoint, exportIntervalMs: 60_000, exportTimeoutMs: 300 },
      });
      t.teardown(() => telemetry.shutdown());
      const server = await telemetry.listen({ port: 0 });
      const envelopes = new EnvelopeCounters(telemetry.meter); // an ObservableCounter
      const tokens = telemetry.meter.createCounter(TOKENS); // a synchronous Counter, through the plain API
      observeCache(telemetry.meter, () => ({ hits: 3, misses: 1, evictions: 0, sizeBytes: 512, entries: 2 })); // every export has a point
      const recorded = { envelopes: 0, tokens: 0 };
      const lost = { envelopes: 0, tokens: 0 };
      const record = async (e: number, k: number, failing: boolean): Promise<void> => {
        envelopes.observe('chat', e);
        tokens.add(k);
        recorded.envelopes += e;
        recorded.tokens += k;
        if (failing) {
          lost.envelopes += e;
          lost.tokens += k;
        }
        for (let i = 0; i < 25; i++) await telemetry.snapshot(); // runs the co-reader drain at least once
      };

      await record(10, 4, false);
      await flushUntilAccepted(telemetry, c);
      c.fail(); // 503 / UNAVAILABLE, retried until the export timeout
      await record(5, 2, true);
      const accepted = c.requests.length;
      await telemetry.meterProvider.forceFlush();
      await c.stop(); // down
      await record(7, 3, true);
      await telemetry.meterProvider.forceFlush();
      t.equal(c.requests.length, accepted, 'both exports failed');
      c.ok();
      await c.restart();
      await flushUntilAccepted(telemetry, c); // carries no new counts: the failed exports took them
      await record(1, 1, false);
      await flushUntilAccepted(telemetry, c);

      const snap = await telemetry.snapshot();
      t.same(snap.envelopes.by_aspect, { chat: recorded.envelopes }, 'the snapshot is exact');
      t.equal(snap.tokens.issued_last_hour, recorded.tokens);
      const prom = (await fetchText(`${server.url}/metrics`)).body;
      t.match(prom, new RegExp(`parsec_envelopes_published_total\\{[^}]*parsec_aspect="chat"[^}]*\\} ${recorded.envelopes}\\n`), '/metrics is exact');
      t.match(prom, new RegExp(`parsec_tokens_issued_total\\{[^}]*\\} ${recorded.tokens}\\n`));

      const check = (name: string, wantDelta: boolean, total: number, lostThere: number): void => {
        const points = c.points(name);
        t.ok(points.length > 0, `${name} exported`);
        t.ok(points.every((p) => p.temporality === (wantDelta ? 1 : 2)), `${name}: ${wantDelta ? 'delta' : 'cumulative'} points`);
        if (wantDelta) {
          const sum = points.reduce((s, p) => s + p.value, 0);
          t.equal(sum, total - lostThere, `${name}: accepted deltas add up to ${total} recorded − ${lostThere} recorded while the exports failed`);
        } else {
          t.equal(points.at(-1)?.value, total, `${name}: the export after the failure carries the full total`);
        }
      };
      check(ENVELOPES, temporality === 'delta', recorded.envelopes, lost.envelopes);
      check(TOKENS, temporality !== 'cumulative', recorded.tokens, lost.tokens);
    });
  }
}

t.test('a delta OTLP reader is not drained; what it holds between exports is released by its next collection, failed export or not', async (t) => {
  let plainHeld = 0;
  for (const via of ['plain OTel counter', 'recorders'] as const) {
    const c = await collector('http/protobuf');
    const telemetry = createTelemetry({
      sampleIntervalMs: 0, env: {}, prometheus: false,
      otlp: { endpoint: c.endpoint, temporality: 'delta', exportIntervalMs: 60_000, exportTimeoutMs: 300 },
    });
    const envelopes = new EnvelopeCounters(telemetry.meter);
    const counter = telemetry.meter.createCounter('parsec.envelopes.published');
    const attributes = Array.from({ length: 1000 }, (_, a) => ({ 'parsec.aspect': `aspect-${a}` }));
    const busy = async (snapshots: number): Promise<void> => {
      for (let i = 0; i < snapshots; i++) {
        for (let a = 0; a < 1000; a++) {
          if (via === 'recorders') envelopes.observe(`aspect-${a}`);
          else counter.add(1, attributes[a]);
        }
        await telemetry.snapshot();
      }
    };
    await busy(20);
    await telemetry.meterProvider.forceFlush();
    const before = settledHeap();
    await busy(300); // 300 collections of 1 000 changed series between two exports
    const held = settledHeap() - before;
    await c.stop();
    await telemetry.meterProvider.forceFlush(); // fails: the collector is down
    const after = settledHeap() - before;
    const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    if (via === 'recorders') {
      // The recorders hand their cells to the reader's collections, which stash none of them for the
      // OTLP reader: what is held is the SDK's empty entry per collection and instrument.
      t.ok(held < plainHeld / 10, `recorders: held between exports: ${mb(held)} for 300 collections of 1 000 series (plain API: ${mb(plainHeld)})`);
    } else {
      plainHeld = held;
      t.ok(held > 4 * 2 ** 20, `plain API: held between exports: ${mb(held)} for 300 collections of 1 000 series`);
      t.ok(after < held / 4, `plain API: released by the next (failed) export's collection: ${mb(after)} left`);
    }
    t.equal((await telemetry.snapshot()).envelopes.by_aspect?.['aspect-7'], 320, `${via}: the snapshot counted every envelope`);
    await telemetry.shutdown();
  }
});
