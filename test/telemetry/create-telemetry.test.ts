import t from 'tap';
import { thrown } from '../helpers/expect-throw.ts';
import { createTelemetry, ErrorCode, InvalidOptionError, WindowedReader } from '../../src/index.ts';
import { READER_DEFAULTS } from '../../src/reader/options.ts';

t.test('defaults', async (t) => {
  const telemetry = createTelemetry();
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.reader.options.sampleIntervalMs, 1000);
  t.equal(telemetry.reader.options.rateWindowMs, 60_000);
  t.equal(telemetry.reader.options.countWindowMs, 3_600_000);
  t.equal(telemetry.reader.options.maxSeriesPerInstrument, 1000);
  t.equal(telemetry.aggregator.sources.length, 6);
  t.equal(typeof READER_DEFAULTS.clock(), 'number');
  const snap = await telemetry.snapshot();
  t.equal(snap.window?.rate_window_seconds, 60);
});

t.test('shutdown is idempotent', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0 });
  const a = telemetry.shutdown();
  t.equal(telemetry.shutdown(), a, 'the same promise');
  await a;
  t.equal(telemetry.reader.health().shutdown, true);
});

t.test('service name from the option, else OTEL_SERVICE_NAME, else parsec', async (t) => {
  const saved = process.env.OTEL_SERVICE_NAME;
  t.teardown(() => {
    if (saved === undefined) delete process.env.OTEL_SERVICE_NAME;
    else process.env.OTEL_SERVICE_NAME = saved;
  });
  delete process.env.OTEL_SERVICE_NAME;
  const names: unknown[] = [];
  for (const opts of [{ serviceName: 'node-7' }, {}, 'env'] as const) {
    if (opts === 'env') process.env.OTEL_SERVICE_NAME = 'from-env';
    const telemetry = createTelemetry({ sampleIntervalMs: 0, ...(opts === 'env' ? {} : opts) });
    const { resourceMetrics } = await telemetry.reader.collect();
    names.push(resourceMetrics.resource.attributes['service.name']);
    await telemetry.shutdown();
  }
  t.same(names, ['node-7', 'parsec', 'from-env']);
});

// Every invalid option throws an InvalidOptionError naming it.
const INVALID: [string, unknown][] = [
  ['clock', 5],
  ['sampleIntervalMs', -1],
  ['sampleIntervalMs', 1.5],
  ['sampleIntervalMs', Number.NaN],
  ['sampleIntervalMs', 120_000], // longer than the rate window
  ['rateWindowMs', 0],
  ['rateWindowMs', '60s'],
  ['rateWindowMs', Number.POSITIVE_INFINITY],
  ['countWindowMs', 30_000], // shorter than the rate window
  ['countWindowMs', null],
  ['maxSeriesPerInstrument', 0],
  ['maxSeriesPerInstrument', 10.5],
  ['serviceName', ''],
  ['serviceName', 42],
  ['serviceName', 'bad\nname'],
  ['sourceTimeoutMs', 0],
  ['collectTimeoutMs', 0],
  ['collectTimeoutMs', 'slow'],
];

t.test('invalid options throw a typed error naming the option', async (t) => {
  for (const [option, value] of INVALID) {
    const err = thrown(() => createTelemetry({ [option]: value }));
    t.ok(
      err instanceof InvalidOptionError && err.code === ErrorCode.INVALID_OPTION && err.option === option && err.message.includes(`"${option}"`),
      `${option} = ${String(value)}: ${String(err)}`,
    );
  }
  t.equal((thrown(() => createTelemetry('fast' as never)) as InvalidOptionError).option, 'options');
  const timer = thrown(() => new WindowedReader({ rateWindowMs: 3e9, countWindowMs: 3e9, sampleIntervalMs: 2.5e9 })) as InvalidOptionError;
  t.equal(timer.option, 'sampleIntervalMs');
  t.match(timer.message, /fits a timer/);
});

t.test('sources replace the reader sources', async (t) => {
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: {},
    sources: [{ name: 'fixed', tokens: () => ({ issued_last_hour: 9, revoked_last_hour: 0, active_count: 9 }) }],
  });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.aggregator.sources.length, 1);
  t.equal((await telemetry.snapshot()).tokens.issued_last_hour, 9);
});

t.test('failing sources are counted in parsec.telemetry.source_errors', async (t) => {
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: {},
    sourceTimeoutMs: 20,
    sources: [
      { name: 'broken', envelopes: () => { throw new Error('down'); } },
      { name: 'stuck', refresh: () => new Promise<void>(() => undefined) },
    ],
  });
  t.teardown(() => telemetry.shutdown());
  await telemetry.snapshot();
  const snap = await telemetry.snapshot();
  t.same(snap.errors?.map((e) => e.source).sort(), ['broken', 'stuck']);
  await telemetry.reader.sample();
  t.equal(telemetry.reader.total('parsec.telemetry.source_errors', { 'parsec.telemetry.source': 'broken' }), 2);
  t.equal(telemetry.reader.total('parsec.telemetry.source_errors', { 'parsec.telemetry.source': 'stuck' }), 2);
});

t.test('onSample and wallClock pass through: the caller\'s hook runs after each sample beside the co-reader drain', async (t) => {
  let samples = 0;
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, onSample: () => samples++, wallClock: () => Date.UTC(2026, 0, 2) });
  t.teardown(() => telemetry.shutdown());
  for (let i = 0; i < 25; i++) await telemetry.reader.sample();
  t.equal(samples, 25);
  t.equal((await telemetry.snapshot()).at, '2026-01-02T00:00:00.000Z');
});
