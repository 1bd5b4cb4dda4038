// The recorders hand their counter cells to the WindowedReader's collections
// instead of observing them (src/record/cell-handoff.ts); every other
// reader still gets them through the SDK. What a user checks: each reader
// counts every envelope exactly once, whichever reader collects when.
import t from 'tap';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { EnvelopeCounters, TokenCounters, WindowedReader } from '../../src/index.ts';
import { ENVELOPES_PUBLISHED, TOKENS_ISSUED } from '../../src/instruments.ts';
import { activeCellSink, collectWithSink, type CellSink } from '../../src/record/cell-handoff.ts';
import { contractViews } from '../../src/telemetry/contract-views.ts';

class CumulativeReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
  /** The cumulative value of `name` for one attribute value (summed over scopes). */
  async value(name: string, key?: string, value?: string): Promise<number> {
    const { resourceMetrics } = await this.collect();
    let total = 0;
    for (const m of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
      if (m.descriptor.name !== name) continue;
      for (const p of m.dataPoints) if (key === undefined || p.attributes[key] === value) total += p.value as number;
    }
    return total;
  }
}

const sink = (): CellSink => ({ reads: 'totals', counterCells: () => true });

t.test('collectWithSink sets the sink for the call only, restores the one before, and clears it when the call throws', (t) => {
  const outer = sink();
  const inner = sink();
  t.equal(activeCellSink(), undefined);
  const result = collectWithSink(outer, () => {
    t.equal(activeCellSink(), outer);
    collectWithSink(inner, () => t.equal(activeCellSink(), inner));
    t.equal(activeCellSink(), outer, 'the outer sink is back after a nested call');
    return 42;
  });
  t.equal(result, 42, 'returns what the call returns');
  t.throws(() => collectWithSink(outer, () => {
    throw new Error('boom');
  }), /boom/);
  t.equal(activeCellSink(), undefined, 'no sink after a call that threw');
  t.end();
});

for (const withViews of [false, true]) {
  t.test(`${withViews ? 'with the contract views (one shared storage)' : 'without views (a storage per reader)'}: each reader counts every envelope once, whoever collects when`, async (t) => {
    let now = 0;
    const windowed = new WindowedReader({ clock: () => now, sampleIntervalMs: 0 });
    const second = new WindowedReader({ clock: () => now, sampleIntervalMs: 0 });
    const cumulative = new CumulativeReader();
    const provider = new MeterProvider({ readers: [windowed, second, cumulative], views: withViews ? contractViews(1000) : [] });
    t.teardown(() => provider.shutdown());
    const meter = provider.getMeter('m');
    const envelopes = new EnvelopeCounters(meter);
    const tokens = new TokenCounters(meter);
    let sent = 0;
    for (let round = 0; round < 12; round++) {
      envelopes.observe('chat', 2);
      envelopes.observe(`a${round % 3}`);
      tokens.issued();
      sent += 3;
      now += 1000;
      // The three readers collect in every order, concurrently too.
      if (round % 3 === 0) await Promise.all([windowed.sample(), cumulative.collect(), second.sample()]);
      else if (round % 3 === 1) {
        await cumulative.collect();
        await second.sample();
        await windowed.sample();
      } else await windowed.sample();
    }
    await Promise.all([windowed.sample(), second.sample()]);
    for (const [name, reader] of [['the reader that takes the cells', windowed], ['a second WindowedReader, which observes them', second]] as const) {
      t.equal(reader.increase(ENVELOPES_PUBLISHED.name, 'count'), sent, `${name}: envelopes`);
      t.equal(reader.increase(ENVELOPES_PUBLISHED.name, 'count', { 'parsec.aspect': 'chat' }), 24, `${name}: chat`);
      t.equal(reader.total(TOKENS_ISSUED.name), 12, `${name}: tokens`);
    }
    t.equal(await cumulative.value(ENVELOPES_PUBLISHED.name, 'parsec.aspect', 'chat'), 24, 'the cumulative reader: chat');
    t.equal(await cumulative.value(TOKENS_ISSUED.name), 12, 'the cumulative reader: tokens');
  });
}

t.test('a plain-API observable counter of the same name, beside the recorders, is still read', async (t) => {
  let now = 0;
  const windowed = new WindowedReader({ clock: () => now, sampleIntervalMs: 0 });
  const cumulative = new CumulativeReader();
  const provider = new MeterProvider({ readers: [windowed, cumulative], views: contractViews(1000) });
  t.teardown(() => provider.shutdown());
  const meter = provider.getMeter('m');
  const envelopes = new EnvelopeCounters(meter);
  let plain = 0;
  meter.createObservableCounter(ENVELOPES_PUBLISHED.name).addCallback((r) => r.observe(plain, { 'parsec.aspect': 'chat' }));
  for (let i = 0; i < 5; i++) {
    envelopes.observe('chat', 2);
    plain += 3;
    now += 1000;
    await cumulative.collect();
    await windowed.sample();
  }
  t.equal(windowed.increase(ENVELOPES_PUBLISHED.name, 'count'), 25, 'both streams, each once');
});

t.test('a cell whose idle series was dropped, and whose row another series took, is counted in a row of its own again', async (t) => {
  let now = 0;
  const reader = new WindowedReader({ clock: () => now, sampleIntervalMs: 0, rateWindowMs: 60_000, countWindowMs: 120_000 });
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const envelopes = new EnvelopeCounters(provider.getMeter('m'));
  const step = async (aspects: string[]): Promise<void> => {
    for (const a of aspects) envelopes.observe(a);
    now += 10_000;
    await reader.sample();
  };
  await step(['idle', 'busy']);
  for (let i = 0; i < 15; i++) await step(['busy']); // 150 s: 'idle' unseen for more than the count window
  const aspects = (): unknown[] => reader.series(ENVELOPES_PUBLISHED.name).map((s) => s.attributes['parsec.aspect']).sort();
  t.same(aspects(), ['busy'], 'the idle series was dropped');
  await step(['newcomer']); // takes the freed row
  await step(['idle', 'idle']);
  t.same(aspects(), ['busy', 'idle', 'newcomer']);
  t.equal(reader.increase(ENVELOPES_PUBLISHED.name, 'rate', { 'parsec.aspect': 'idle' }), 2, 'idle: what it gained since it was last read');
  t.equal(reader.increase(ENVELOPES_PUBLISHED.name, 'rate', { 'parsec.aspect': 'newcomer' }), 1, 'newcomer: its own count only');
});
