import t from 'tap';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, InMemoryMetricExporter, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { createTelemetry, createTelemetryReader } from '../../src/index.ts';
import { TELEMETRY_HEALTHY, TELEMETRY_START_TIME } from '../../src/instruments.ts';
import { selfGauges } from '../../src/telemetry/self-gauges.ts';

/** The value of one unlabelled sample in Prometheus text. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

t.test('/metrics carries the start time and whether sampling is healthy', async (t) => {
  const telemetry = createTelemetry({ env: {}, otlp: false, sampleIntervalMs: 0, wallClock: () => 1_800_000_000_250 });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  const scrape = async () => (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  await telemetry.snapshot(); // a sample
  const first = await scrape();
  t.equal(sample(first, 'parsec_telemetry_start_time'), 1_800_000_000.25, 'the telemetry\'s start on its wall clock, in seconds');
  t.equal(sample(first, 'parsec_telemetry_healthy'), 1, 'sampling: 1');
  t.match(first, `# UNIT parsec_telemetry_start_time ${TELEMETRY_START_TIME.unit}`);
});

t.test('healthy follows what /healthz would answer; a no-op meter registers nothing until a real one comes', async (t) => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const periodic = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [periodic] });
  t.teardown(() => provider.shutdown());
  let real = false;
  let ok = true;
  const register = selfGauges(() => (real ? provider.getMeter('self') : createNoopMeter()), () => 1_700_000_000.5, () => ok);
  t.equal(register(), false, 'the no-op meter: not registered');
  real = true;
  t.equal(register(), true, 'registered on the real meter');
  t.equal(register(), true, 'and only once');
  const values = async (): Promise<Record<string, unknown>> => {
    exporter.reset();
    await periodic.forceFlush();
    const found = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    return Object.fromEntries(found.map((m) => [m.descriptor.name, m.dataPoints.map((p) => p.value)]));
  };
  t.same(await values(), { [TELEMETRY_START_TIME.name]: [1_700_000_000.5], [TELEMETRY_HEALTHY.name]: [1] });
  ok = false;
  t.same((await values())[TELEMETRY_HEALTHY.name], [0], 'stalled or shut down: 0');
});

t.test('on the global API the gauges register after a sample once an SDK is there', async (t) => {
  const before = Date.now() / 1000;
  const parsec = createTelemetryReader({ env: {}, sampleIntervalMs: 0, onSample: () => samples++ });
  const after = Date.now() / 1000;
  let samples = 0;
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const periodic = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [parsec.reader, periodic] });
  t.ok(metrics.setGlobalMeterProvider(provider), 'the global provider is set after the reader was made');
  t.teardown(async () => {
    metrics.disable();
    await parsec.shutdown();
    await provider.shutdown();
  });
  await parsec.snapshot();
  t.equal(samples, 1, 'the caller\'s onSample still runs');
  await periodic.forceFlush();
  const found = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  const start = found.find((m) => m.descriptor.name === TELEMETRY_START_TIME.name)?.dataPoints[0]?.value as number;
  t.ok(start >= before && start <= after, `start time registered: ${start}, when createTelemetryReader ran (default wall clock Date.now)`);
  t.ok(found.some((m) => m.descriptor.name === TELEMETRY_HEALTHY.name), 'healthy registered');
});
