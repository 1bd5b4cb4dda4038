// Behaviour of @opentelemetry/sdk-metrics and @opentelemetry/api that the
// design relies on (docs/architecture.md, "SDK behaviour relied on"). Each test names what
// would have changed, so an SDK upgrade that changes it fails here, loudly.
import t from 'tap';
import { createNoopMeter, metrics, type ObservableResult } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { settledHeap } from '../helpers/gc.ts';

/** A reader that collects only when told, with a fixed temporality and cardinality limit. */
class ManualReader extends MetricReader {
  constructor(temporality: AggregationTemporality, cardinalityLimit = 2000) {
    super({ aggregationTemporalitySelector: () => temporality, cardinalitySelector: () => cardinalityLimit });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function points(reader: MetricReader, name: string): Promise<Map<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out = new Map<string, number>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) {
      if (m.descriptor.name !== name) continue;
      for (const p of m.dataPoints) out.set(JSON.stringify(p.attributes), p.value as number);
    }
  }
  return out;
}

const VIEW: ViewOptions = { instrumentName: 'c' };

t.test('with a view, one storage serves every reader and stashes each collection for the readers that did not collect', async (t) => {
  // src/telemetry/collection-drain.ts exists because of this; if it fails, the SDK no longer stashes and the drain can go.
  const ours = new ManualReader(AggregationTemporality.DELTA);
  const idle = new ManualReader(AggregationTemporality.CUMULATIVE);
  const provider = new MeterProvider({ readers: [ours, idle], views: [VIEW] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('m').createCounter('c');
  const before = settledHeap();
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 1000; i++) counter.add(1, { a: `v${i}` });
    await ours.collect();
  }
  const grownMb = (settledHeap() - before) / 2 ** 20;
  t.ok(grownMb > 8, `a reader that never collects holds 100 stashed collections (${grownMb.toFixed(1)} MB)`);
  const cumulative = await points(idle, 'c');
  t.equal(cumulative.get('{"a":"v0"}'), 100, 'and gets all of them when it finally collects');
  await ours.collect();
  t.ok((settledHeap() - before) / 2 ** 20 < grownMb / 4, 'after which the stash is released');
});

t.test('without views, each reader keeps a storage of its own: a reader that never collects holds nothing back', async (t) => {
  // createTelemetryReader registers no views for this reason.
  const ours = new ManualReader(AggregationTemporality.DELTA);
  const idle = new ManualReader(AggregationTemporality.CUMULATIVE);
  const provider = new MeterProvider({ readers: [ours, idle] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('m').createCounter('c');
  for (let i = 0; i < 1000; i++) counter.add(1, { a: `v${i}` });
  await ours.collect();
  const before = settledHeap();
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 1000; i++) counter.add(1, { a: `v${i}` });
    await ours.collect();
  }
  const grownMb = (settledHeap() - before) / 2 ** 20;
  t.ok(grownMb < 2, `heap grew ${grownMb.toFixed(2)} MB`);
  t.equal((await points(idle, 'c')).get('{"a":"v0"}'), 101, 'the idle reader still counts everything');
});

t.test('a cumulative reader re-exports an observable attribute set that was not observed in a round', async (t) => {
  // The recorders under createTelemetry observe only cells that changed (MeterRecorders.reportChangesOnly).
  const ours = new ManualReader(AggregationTemporality.DELTA);
  const cumulative = new ManualReader(AggregationTemporality.CUMULATIVE);
  const provider = new MeterProvider({ readers: [ours, cumulative], views: [VIEW] });
  t.teardown(() => provider.shutdown());
  let observeIdle = true;
  provider.getMeter('m').createObservableCounter('c').addCallback((r: ObservableResult) => {
    r.observe(10, { a: 'busy' });
    if (observeIdle) r.observe(5, { a: 'idle' });
  });
  await ours.collect();
  observeIdle = false;
  t.same([...(await points(ours, 'c'))], [['{"a":"busy"}', 0]], 'the delta reader sees no change for the idle set (it is not reported)');
  t.equal((await points(cumulative, 'c')).get('{"a":"idle"}'), 5, 'the cumulative reader still exports its total');
});

t.test('a delta reader turns an observable counter that went down into a new run', async (t) => {
  // The README's counter resets: never a negative count.
  const reader = new ManualReader(AggregationTemporality.DELTA);
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  let value = 100;
  provider.getMeter('m').createObservableCounter('c').addCallback((r) => r.observe(value));
  await points(reader, 'c');
  value = 30;
  t.equal((await points(reader, 'c')).get('{}'), 30, 'the new run counts from 0');
});

t.test('a view\'s cardinality limit wins over the reader\'s', async (t) => {
  // src/telemetry/contract-views.ts sets a limit above the reader's own cap, so our cap overflows first.
  const reader = new ManualReader(AggregationTemporality.DELTA, 3);
  const provider = new MeterProvider({ readers: [reader], views: [{ ...VIEW, aggregationCardinalityLimit: 10 }] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('m').createCounter('c');
  for (let i = 0; i < 8; i++) counter.add(1, { a: `v${i}` });
  t.equal((await points(reader, 'c')).size, 8, 'eight sets kept under the view\'s limit of 10, not the reader\'s 3');
  const bare = new ManualReader(AggregationTemporality.DELTA, 3);
  const bareProvider = new MeterProvider({ readers: [bare] });
  t.teardown(() => bareProvider.shutdown());
  const bareCounter = bareProvider.getMeter('m').createCounter('c');
  for (let i = 0; i < 8; i++) bareCounter.add(1, { a: `v${i}` });
  const overflowed = await points(bare, 'c');
  t.equal(overflowed.size, 3, 'without a view the reader\'s limit holds (two sets and the overflow set)');
  t.equal(overflowed.get('{"otel.metric.overflow":true}'), 6, 'the overflow set is the one the reader reports as _other');
});

t.test('the API hands out its one no-op meter while no provider is registered', async (t) => {
  // src/telemetry/global-provider.ts tells "no global provider" this way.
  metrics.disable();
  t.equal(metrics.getMeter('any'), createNoopMeter());
  const provider = new MeterProvider();
  t.ok(metrics.setGlobalMeterProvider(provider));
  t.not(metrics.getMeter('any'), createNoopMeter());
  t.notOk(metrics.setGlobalMeterProvider(new MeterProvider()), 'a second registration is refused');
  metrics.disable();
  t.equal(metrics.getMeter('any'), createNoopMeter(), 'disable() unregisters');
});

t.test('a MeterProvider initialises each reader when it is constructed, once', async (t) => {
  // WindowedReader.registered and its clear error on a second provider rely on it.
  let initialised = 0;
  class Counting extends ManualReader {
    protected override onInitialized(): void {
      initialised++;
    }
  }
  const reader = new Counting(AggregationTemporality.DELTA);
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  t.equal(initialised, 1);
  t.throws(() => new MeterProvider({ readers: [reader] }), /can not be bound to a MeterProvider again/);
});

t.test('collect() calls every observable callback before it returns its promise', async (t) => {
  // src/record/cell-handoff.ts relies on it: the cell sink is set only around the synchronous call of collect().
  const reader = new ManualReader(AggregationTemporality.DELTA);
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const meter = provider.getMeter('m');
  let insideCall = false;
  const seen: boolean[] = [];
  meter.createObservableCounter('single').addCallback(() => void seen.push(insideCall));
  meter.addBatchObservableCallback(() => void seen.push(insideCall), [meter.createObservableGauge('batch')]);
  insideCall = true;
  const collected = reader.collect();
  insideCall = false;
  await collected;
  t.same(seen, [true, true], 'both callbacks ran within the call');
});

t.test('a data point carries the very attributes object the observable callback observed', async (t) => {
  // src/reader/series-store.ts tells a recorder cell's own observation (already read from the cell) by that object.
  for (const views of [[], [{ instrumentName: 'o' }]]) {
    const ours = new ManualReader(AggregationTemporality.DELTA);
    const other = new ManualReader(AggregationTemporality.CUMULATIVE);
    const provider = new MeterProvider({ readers: [ours, other], views });
    const attributes = Object.freeze({ a: 'x' });
    let value = 0;
    provider.getMeter('m').createObservableCounter('o').addCallback((r: ObservableResult) => r.observe(value, attributes));
    value = 5;
    await other.collect(); // another reader's observation, stashed for ours under a view
    value = 7;
    const { resourceMetrics } = await ours.collect();
    const points = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).flatMap((m): readonly { attributes: object }[] => m.dataPoints);
    t.ok(points.length > 0 && points.every((p) => p.attributes === attributes), `${views.length} view(s): the observed object itself`);
    await provider.shutdown();
  }
});
