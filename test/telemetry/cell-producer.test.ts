// Under createTelemetry the cumulative co-readers get the recorders' cells
// from cell producers of their own (src/telemetry/cell-producer.ts), not
// from the SDK's storage. What a user checks: `/metrics` (and OTLP, in
// test/telemetry/otlp-export.test.ts) shows exactly what the SDK would
// have shown for the same recorders.
import t from 'tap';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createTelemetry, EnvelopeCounters, TokenCounters, type Telemetry } from '../../src/index.ts';
import { CellProducer } from '../../src/telemetry/cell-producer.ts';
import { CellPrometheusExporter } from '../../src/telemetry/cell-readers.ts';
import { ScopedMeterProvider } from '../../src/telemetry/scoped-meter-provider.ts';
import { createPrometheusHandler } from '../../src/http/prometheus-handler.ts';
import { fetchText } from '../helpers/http.ts';
import { createServer } from 'node:http';

/** The `/metrics` lines of the recorders' counters, without the HELP/TYPE comments' order mattering. */
async function recorderLines(telemetry: Telemetry): Promise<string[]> {
  const server = await telemetry.listen({ port: 0 });
  const { body } = await fetchText(`${server.url}/metrics`);
  return body.split('\n').filter((l) => /^(# (HELP|TYPE) )?parsec_(envelopes|tokens)_/.test(l)).sort();
}

function record(telemetry: Telemetry): void {
  for (const meter of [telemetry.meter, telemetry.meterProvider.getMeter('component', '1.2.3', { schemaUrl: 'https://example.com/schema' })]) {
    const envelopes = new EnvelopeCounters(meter);
    envelopes.observe('chat', 12);
    envelopes.observe('typing', 5);
    envelopes.bind('idle'); // a cell that never counted: exported as 0, as the SDK does
    new TokenCounters(meter).issued(3);
  }
}

t.test('/metrics shows the recorder cells exactly as the SDK path does, under each meter\'s scope', async (t) => {
  // A delta OTLP reader turns the producers off (src/telemetry/create-telemetry.ts): the SDK path, for comparison.
  const viaSdk = createTelemetry({ sampleIntervalMs: 0, env: {}, global: false, otlp: { endpoint: 'http://127.0.0.1:9/v1/metrics', temporality: 'delta', exportIntervalMs: 3_600_000, exportTimeoutMs: 200 } });
  const viaProducer = createTelemetry({ sampleIntervalMs: 0, env: {}, global: false });
  t.teardown(async () => {
    await viaSdk.shutdown();
    await viaProducer.shutdown();
  });
  record(viaSdk);
  record(viaProducer);
  await viaSdk.snapshot();
  await viaProducer.snapshot();
  const expected = await recorderLines(viaSdk);
  t.ok(expected.some((l) => l.includes('otel_scope_name="component"') && l.includes('otel_scope_version="1.2.3"') && l.includes('parsec_aspect="chat"')), 'the SDK path names the component scope');
  t.same(await recorderLines(viaProducer), expected, 'the same lines');
  const snap = await viaProducer.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 24, typing: 10 }, 'and the snapshot counts both meters once');
});

t.test('a cell producer that does not know a meter leaves its cells to the SDK, which observes them', async (t) => {
  const producer = new CellProducer(() => undefined);
  const exporter = new CellPrometheusExporter(producer);
  const provider = new MeterProvider({ readers: [exporter] });
  t.teardown(() => provider.shutdown());
  new EnvelopeCounters(provider.getMeter('plain')).observe('chat', 4);
  const server = createServer(createPrometheusHandler(exporter));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as { port: number };
  const { body } = await fetchText(`http://127.0.0.1:${port}/metrics`);
  const lines = body.split('\n').filter((l) => l.startsWith('parsec_envelopes_published_total{'));
  t.equal(lines.length, 1, 'one series, not two');
  t.match(lines[0], /parsec_aspect="chat".*\} 4$/);
});

t.test('ScopedMeterProvider: the scope of a meter is the one the SDK reports for it', async (t) => {
  const { InMemoryMetricExporter, PeriodicExportingMetricReader, AggregationTemporality } = await import('@opentelemetry/sdk-metrics');
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new ScopedMeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const cases: [unknown, string | undefined, object | undefined][] = [
    ['app', '2.0.0', { schemaUrl: 'https://example.com/s' }],
    ['bare', undefined, undefined],
    [undefined, '1', undefined], // not a string: the SDK's empty name
    ['', '1', undefined],
  ];
  const meters = cases.map(([name, version, options], i) => {
    const meter = provider.getMeter(name as string, version, options);
    meter.createCounter(`c${i}`).add(1);
    return meter;
  });
  t.equal(provider.getMeter('app', '2.0.0', { schemaUrl: 'https://example.com/s' }), meters[0], 'the SDK hands out one meter per scope');
  await provider.forceFlush();
  const scopes = exporter.getMetrics().flatMap((r) => r.scopeMetrics);
  meters.forEach((meter, i) => {
    const reported = scopes.find((s) => s.metrics.some((m) => m.descriptor.name === `c${i}`))?.scope;
    t.same(provider.scopeOf(meter), reported, `case ${i}`);
  });
  t.equal(provider.scopeOf(new MeterProvider().getMeter('other')), undefined, 'a meter of another provider has none');
});

t.test('a drain\'s collection leaves the cells out, and the next collection still carries their totals', async (t) => {
  const { InMemoryMetricExporter, AggregationTemporality } = await import('@opentelemetry/sdk-metrics');
  const { CellPeriodicReader } = await import('../../src/telemetry/cell-readers.ts');
  const { collectWithSink, DISCARD_SINK } = await import('../../src/record/cell-handoff.ts');
  let provider: ScopedMeterProvider | undefined;
  const scopeOf = (m: Parameters<ScopedMeterProvider['scopeOf']>[0]) => provider?.scopeOf(m);
  const readers = [
    new CellPrometheusExporter(new CellProducer(scopeOf)),
    new CellPeriodicReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 }, new CellProducer(scopeOf)),
  ];
  const live = new ScopedMeterProvider({ readers });
  provider = live;
  t.teardown(() => live.shutdown());
  const meter = live.getMeter('m');
  new EnvelopeCounters(meter).observe('chat', 4);
  meter.createCounter('plain').add(2);
  for (const reader of readers) {
    const names = (r: Awaited<ReturnType<CellPrometheusExporter['collect']>>): string[] => r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name)).sort();
    const drained = await collectWithSink(DISCARD_SINK, () => reader.collect()); // the drain's collection (src/telemetry/collection-drain.ts)
    t.same(names(drained), ['plain'], `${reader.constructor.name}: the drain collects the other instruments, not the cells`);
    const next = await reader.collect();
    t.same(names(next), ['parsec.envelopes.published', 'plain'], `${reader.constructor.name}: the next collection has the cells`);
    const chat = next.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'parsec.envelopes.published')?.dataPoints[0]?.value;
    t.equal(chat, 4, `${reader.constructor.name}: with their whole total`);
  }
});
