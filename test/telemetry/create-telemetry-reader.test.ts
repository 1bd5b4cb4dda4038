// createTelemetryReader inside an app's own OpenTelemetry SDK (the real
// @opentelemetry/sdk-node), beside the co-readers apps register.
import t from 'tap';
import { context, logs, metrics, propagation, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelemetryReader, EnvelopeCounters, InvalidArgumentError, InvalidOptionError, TokenCounters, type TelemetryReaderOptions } from '../../src/index.ts';
import { captureDiag } from '../helpers/diag.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { settledHeap } from '../helpers/gc.ts';
import { fetchText } from '../helpers/http.ts';

/**
 * An app's SDK with our reader and its own co-readers; auto-instrumentation,
 * traces and logs off. NodeSDK's shutdown leaves its globals registered (the
 * meter provider, context manager, propagator): the teardown unregisters
 * them for the next test.
 */
function appSdk(t: { teardown(fn: () => void): void }, readers: IMetricReader[]): NodeSDK {
  const sdk = new NodeSDK({ metricReaders: readers, instrumentations: [], spanProcessors: [], logRecordProcessors: [], autoDetectResources: false });
  t.teardown(() => {
    for (const api of [metrics, context, propagation, trace, logs]) api.disable();
  });
  return sdk;
}

/** The co-readers apps register beside ours. */
const coReaders: Record<string, () => { reader: IMetricReader; exporter?: InMemoryMetricExporter }> = {
  'a Prometheus exporter nobody scrapes': () => ({ reader: new PrometheusExporter({ preventServerStart: true }) }),
  'a periodic reader with delta temporality': () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    return { reader: new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 }), exporter };
  },
  'a periodic cumulative reader with a 1 h interval': () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    return { reader: new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 }), exporter };
  },
};

for (const [name, make] of Object.entries(coReaders)) {
  t.test(`inside NodeSDK beside ${name}`, async (t) => {
    let now = 0;
    const parsec = createTelemetryReader({ clock: () => now, sampleIntervalMs: 0, maxSeriesPerInstrument: 50, env: {} });
    const co = make();
    const sdk = appSdk(t, [parsec.reader, co.reader]);
    sdk.start();
    t.teardown(async () => {
      await parsec.shutdown();
      await sdk.shutdown();
    });

    // A component on the global API, and one with the recorders.
    const hub = metrics.getMeter('hub');
    const plain = hub.createCounter('parsec.envelopes.published');
    const envelopes = new EnvelopeCounters(metrics.getMeter('broker'));
    const tokens = new TokenCounters(metrics.getMeter('broker'));

    // 70 s at 10 events a second: the rate window (60 s) is full and holds the last minute only.
    for (let s = 0; s < 70; s++) {
      plain.add(4, { 'parsec.aspect': 'chat' });
      envelopes.observe('typing', 6);
      tokens.issued();
      now += 1000;
      await parsec.reader.sample();
    }
    const snap = await parsec.snapshot();
    t.equal(snap.errors, undefined, 'no source failed');
    t.ok(Math.abs(snap.envelopes.rate_per_second - 10) < 0.5, `rate ${snap.envelopes.rate_per_second}/s ≈ 10/s`);
    t.same(snap.window?.partial, true, 'the count window is still filling');
    t.ok((snap.window?.rate_covered_seconds ?? 0) >= 55 && (snap.window?.rate_covered_seconds ?? 0) <= 61, 'the rate window is covered once full');
    t.equal(snap.tokens.issued_last_hour, 70, 'counts over the count window');
    t.equal(snap.tokens.active_count, 70);

    // Series caps: 200 more aspects through the plain API, the cap is 50.
    for (let i = 0; i < 200; i++) plain.add(1, { 'parsec.aspect': `flood-${i}` });
    now += 1000;
    const flooded = await parsec.snapshot();
    t.ok(parsec.reader.series('parsec.envelopes.published').length <= 51, 'at most the cap plus the overflow series');
    const byAspect = flooded.envelopes.by_aspect ?? {};
    const total = Object.values(byAspect).reduce((a, b) => a + b, 0);
    t.ok((byAspect._other ?? 0) > 0, 'attribute sets beyond the cap are counted as _other');
    t.ok(total >= 200 + 54 * 10, `nothing is lost to the cap (${total} in the window)`);

    // /parsec/metrics through handler() on the app's own server.
    const server = createServer(parsec.handler());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const reply = await fetchText(`http://127.0.0.1:${(server.address() as AddressInfo).port}/parsec/metrics`);
    t.equal(reply.status, 200);
    t.equal(JSON.parse(reply.body).tokens.issued_last_hour, 70);
  });
}

t.test('a delta co-reader exports every event exactly once, whatever our reader samples between its exports', async (t) => {
  let now = 0;
  const parsec = createTelemetryReader({ clock: () => now, sampleIntervalMs: 0, env: {} });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  const delta = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [parsec.reader, delta] });
  t.teardown(() => provider.shutdown());
  const meter = provider.getMeter('app');
  const envelopes = new EnvelopeCounters(meter);
  const plain = meter.createCounter('parsec.envelopes.published');
  let recorded = 0;
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 1 + (round % 7); i++) {
      envelopes.observe(`a${i}`, i + 1);
      plain.add(2, { 'parsec.aspect': `p${i}` });
      recorded += i + 1 + 2;
    }
    now += 700;
    await parsec.reader.sample();
    if (round % 3 === 0) await parsec.snapshot();
    if (round % 5 === 0) await delta.forceFlush();
  }
  await delta.forceFlush();
  const exported = sumPoints(exporter.getMetrics(), 'parsec.envelopes.published');
  t.equal(exported, recorded, `the delta reader exported ${exported} of ${recorded} events`);
  const snap = await parsec.snapshot();
  const inWindow = Object.values(snap.envelopes.by_aspect ?? {}).reduce((a, b) => a + b, 0);
  t.equal(inWindow, recorded, 'and our reader counted them all too (28 s, inside the rate window)');
});

t.test('heap stays bounded over 300 snapshots of 1 000 active series beside a co-reader that never collects', async (t) => {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  const neverCollects = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [parsec.reader, neverCollects] });
  t.teardown(() => provider.shutdown());
  const envelopes = new EnvelopeCounters(provider.getMeter('app'));
  const touchAll = () => {
    for (let i = 0; i < 1000; i++) envelopes.observe(`aspect-${i}`);
  };
  for (let i = 0; i < 20; i++) {
    touchAll();
    await parsec.snapshot();
  }
  const before = settledHeap();
  for (let i = 0; i < 300; i++) {
    touchAll();
    await parsec.snapshot();
  }
  const growthMb = (settledHeap() - before) / 2 ** 20;
  t.ok(growthMb <= 16, `heap grew ${growthMb.toFixed(2)} MB over 300 snapshots (limit 16 MB)`);
});

t.test('a reader that no provider registered is an error in the snapshot, never a silent empty one', async (t) => {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => parsec.shutdown());
  const snap = await parsec.snapshot();
  t.equal(snap.errors?.length, 6, 'every section names the cause');
  t.match(snap.errors?.[0]?.message, /not registered on a MeterProvider.*metricReaders/);
});

t.test('a reader registered on a second provider throws a clear typed error', async (t) => {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  const first = new MeterProvider({ readers: [parsec.reader] });
  t.teardown(() => first.shutdown());
  const err = thrown(() => new MeterProvider({ readers: [parsec.reader] }));
  t.ok(err instanceof InvalidArgumentError, 'an InvalidArgumentError');
  t.match((err as Error).message, /expected a reader no MeterProvider has registered yet .*serves one provider/);
});

t.test('shutdown is idempotent and leaves the provider to the app, which shuts it down without complaint', async (t) => {
  const messages = captureDiag(t);
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  const sdk = appSdk(t, [parsec.reader]);
  sdk.start();
  const server = await parsec.listen({ port: 0 });
  await parsec.shutdown();
  await parsec.shutdown();
  await t.rejects(fetchText(`${server.url}/healthz`), 'its server is closed');
  await t.rejects(parsec.listen({ port: 0 }), { code: 'PARSEC_TELEMETRY_SHUT_DOWN' });
  await sdk.shutdown();
  t.same(messages, [], 'no "Cannot call shutdown twice" from the SDK');
});

t.test('an unregistered reader shuts down without sampling', async (t) => {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  await parsec.shutdown();
  t.equal(parsec.health().status, 'shutdown');
});

t.test('failing sources are counted on the global meter once the app\'s SDK has started', async (t) => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const app = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const failing = { name: 'failing', envelopes: () => Promise.reject(new Error('down')) };
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {}, sources: [failing] });
  t.teardown(() => parsec.shutdown());
  const before = await parsec.snapshot();
  t.equal(before.errors?.[0]?.source, 'failing', 'reported before the SDK starts (the no-op meter counts nothing)');
  const sdk = appSdk(t, [parsec.reader, app]);
  sdk.start();
  t.teardown(() => sdk.shutdown());
  await parsec.snapshot();
  await parsec.snapshot();
  await app.forceFlush();
  t.equal(sumPoints(exporter.getMetrics(), 'parsec.telemetry.source_errors'), 2, 'the two failures after start');
});

t.test('the meter option takes the source-error counter', async (t) => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const app = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const own = new MeterProvider({ readers: [app] });
  t.teardown(() => own.shutdown());
  const failing = { name: 'failing', envelopes: () => Promise.reject(new Error('down')) };
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {}, sources: [failing], meter: own.getMeter('self') });
  await parsec.snapshot();
  await app.forceFlush();
  t.equal(sumPoints(exporter.getMetrics(), 'parsec.telemetry.source_errors'), 1);
});

t.test('invalid options throw a typed error naming the option', async (t) => {
  const cases: [TelemetryReaderOptions | unknown, string][] = [
    [{ sampleIntervalMs: -1 }, 'sampleIntervalMs'],
    [{ rateWindowMs: 'x' }, 'rateWindowMs'],
    [{ countWindowMs: 1 }, 'countWindowMs'],
    [{ maxSeriesPerInstrument: 0 }, 'maxSeriesPerInstrument'],
    [{ collectTimeoutMs: Number.NaN }, 'collectTimeoutMs'],
    [{ clock: 5 }, 'clock'],
    [{ onSample: 'x' }, 'onSample'],
    [{ sourceTimeoutMs: 0 }, 'sourceTimeoutMs'],
    [{ wallClock: {} }, 'wallClock'],
    [{ token: '' }, 'token'],
    [{ env: { PARSEC_TELEMETRY_TOKEN: '  ' } }, 'PARSEC_TELEMETRY_TOKEN'],
    [{ env: 'x' }, 'env'],
    ['options', 'options'],
  ];
  for (const [options, option] of cases) {
    const err = thrown(() => createTelemetryReader(options as TelemetryReaderOptions));
    t.ok(err instanceof InvalidOptionError, `${JSON.stringify(options)} throws InvalidOptionError`);
    t.equal((err as InvalidOptionError).option, option);
  }
  t.ok(thrown(() => createTelemetryReader({ meter: {} as never })) instanceof InvalidArgumentError, 'a meter that is not a Meter');
  t.ok(thrown(() => createTelemetryReader({ sources: 'x' as never })) instanceof InvalidArgumentError, 'sources that are not an array');
  const parsec = createTelemetryReader({ env: {}, sampleIntervalMs: 0 });
  for (const pathPrefix of ['ops', '/ops/', '/a?b', '', 7]) {
    const err = thrown(() => parsec.handler({ pathPrefix: pathPrefix as string }));
    t.ok(err instanceof InvalidOptionError || err instanceof InvalidArgumentError, `pathPrefix ${JSON.stringify(pathPrefix)} is refused`);
  }
});

function sumPoints(batches: ResourceMetrics[], name: string): number {
  let sum = 0;
  for (const rm of batches) {
    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== name) continue;
        for (const p of metric.dataPoints) sum += p.value as number;
      }
    }
  }
  return sum;
}
