import t from 'tap';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { EnvelopeCounters, WindowedReader } from '../../src/index.ts';
import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../../src/instruments.ts';
import { OVERFLOW_ATTRIBUTES } from '../../src/reader/windowed-reader.ts';
import { clocked } from '../helpers/clocked.ts';
import { tickClock } from '../helpers/tick-clock.ts';
import { captureDiag } from '../helpers/diag.ts';
import { contractSeriesCount } from '../helpers/self-series.ts';

t.test('memory bound: 10 000 distinct aspects against a cap of 1 000 keep at most 1 001 series, and lose no count', async (t) => {
  for (const via of ['plain OTel counter', 'plain OTel observable counter', 'recorders', 'recorders with a larger cap']) {
    const c = clocked({ maxSeriesPerInstrument: 1000 });
    const meter = c.telemetry.meter;
    const counter = meter.createCounter(ENVELOPES_PUBLISHED.name);
    const cumulative = new Map<string, number>();
    if (via === 'plain OTel observable counter') {
      meter.createObservableCounter(ENVELOPES_PUBLISHED.name).addCallback((r) => {
        for (const [aspect, v] of cumulative) r.observe(v, { [ATTR_ASPECT]: aspect });
      });
    }
    const envelopes = new EnvelopeCounters(meter, via === 'recorders with a larger cap' ? { maxAspects: 5000 } : undefined);
    let n = 0;
    await c.advance(10_000, 1000, () => {
      for (let i = 0; i < 1000; i++, n++) {
        if (via.startsWith('recorders')) envelopes.observe(`aspect-${n}`);
        else if (via === 'plain OTel counter') counter.add(1, { [ATTR_ASPECT]: `aspect-${n}` });
        else cumulative.set(`aspect-${n}`, 1);
      }
    });
    t.equal(n, 10_000);
    t.ok(contractSeriesCount(c.telemetry.reader) <= 1001, `${via}: ${contractSeriesCount(c.telemetry.reader)} series kept`);
    const overflow = c.telemetry.reader.series(ENVELOPES_PUBLISHED.name).filter((s) => s.overflow);
    t.equal(overflow.length, 1, `${via}: one overflow series`);
    t.same(overflow[0]?.attributes, OVERFLOW_ATTRIBUTES);
    const snap = await c.telemetry.snapshot();
    const byAspect = snap.envelopes.by_aspect ?? {};
    t.ok(Object.keys(byAspect).length <= 1001, `${via}: by_aspect bounded`);
    t.ok((byAspect._other ?? 0) > 0, `${via}: the overflow shows as by_aspect["_other"]`);
    t.equal(Object.values(byAspect).reduce((a, b) => a + b, 0), 10_000, `${via}: every envelope is still counted`);
    await c.telemetry.shutdown();
  }
});

t.test('series unseen for longer than the count window are dropped', async (t) => {
  const c = clocked({ rateWindowMs: 60_000, countWindowMs: 120_000 });
  t.teardown(() => c.telemetry.shutdown());
  const counter = c.telemetry.meter.createCounter(ENVELOPES_PUBLISHED.name);
  const tokens = c.telemetry.meter.createCounter('parsec.tokens.issued');
  for (let i = 0; i < 500; i++) counter.add(1, { [ATTR_ASPECT]: `a${i}` });
  tokens.add(3);
  await c.advance(1000);
  t.equal(contractSeriesCount(c.telemetry.reader), 501);
  await c.advance(60_000);
  t.equal(contractSeriesCount(c.telemetry.reader), 501, 'kept while inside the count window');
  await c.advance(125_000);
  t.equal(contractSeriesCount(c.telemetry.reader), 1, 'dropped after it; the attribute-free series stays');
  t.equal((await c.telemetry.snapshot()).tokens.active_count, 3, 'lifetime totals survive');
});

t.test('the reader keeps the last windows when a collection fails, and logs once', async (t) => {
  const messages = captureDiag(t);
  const reader = new WindowedReader({ clock: () => 0, sampleIntervalMs: 0 });
  await reader.sample(); // not registered with a MeterProvider: collect() throws
  await reader.sample();
  t.equal(messages.filter((m) => m.includes('sampling failed')).length, 1, 'logged once, not per sample');
  t.same(reader.coverage('rate'), { windowSeconds: 60, coveredSeconds: 0, partial: true }, 'nothing covered before any sample');
  t.equal(reader.increase('c', 'rate'), 0);
});

t.test('a failing callback is logged once a minute and the rest is collected', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  c.telemetry.meter.createObservableGauge('parsec.history.buffered').addCallback(() => {
    throw new Error('component broke');
  });
  c.telemetry.meter.createObservableGauge('parsec.history.capacity').addCallback(() => {
    throw 'thrown string';
  });
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  await c.advance(30_000, 1000, () => envelopes.observe('chat'));
  t.equal((await c.telemetry.snapshot()).envelopes.rate_per_second, 1);
  t.equal(messages.filter((m) => m.includes('component broke')).length, 1, 'once in 30 s');
  t.equal(messages.filter((m) => m.includes('thrown string')).length, 1, 'a thrown non-Error is logged by its text');
  await c.advance(31_000);
  t.equal(messages.filter((m) => m.includes('component broke')).length, 2, 'again after a minute');
});

t.test('instruments the reader cannot read are ignored with one diagnostic', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const meter = c.telemetry.meter;
  meter.createHistogram('parsec.latency').record(5);
  meter.createObservableGauge(ENVELOPES_PUBLISHED.name).addCallback((r) => r.observe(7));
  meter.createCounter(ENVELOPES_PUBLISHED.name).add(2, { [ATTR_ASPECT]: 'chat' });
  meter.createObservableGauge('parsec.odd').addCallback((r) => r.observe(Number.NaN));
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.ok(messages.some((m) => m.includes('"parsec.latency" is neither a counter nor a gauge')));
  t.ok(messages.some((m) => m.includes('both as a counter and as a gauge')));
  t.same(snap.envelopes.by_aspect, { chat: 2 }, 'the counter stream is read; the conflicting gauge stream is not');
  t.equal(c.telemetry.reader.gauge('parsec.odd'), 0, 'non-finite values are skipped');
});

t.test('grouping: series without the key group as _invalid, filters select', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const counter = c.telemetry.meter.createCounter(ENVELOPES_PUBLISHED.name);
  counter.add(4);
  counter.add(1, { [ATTR_ASPECT]: 'chat', region: 'eu' });
  counter.add(2, { [ATTR_ASPECT]: 'chat', region: 'us' });
  await c.advance(1000);
  const r = c.telemetry.reader;
  t.same(Object.fromEntries(r.increaseBy(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, 'rate')), { _invalid: 4, chat: 3 });
  t.equal(r.increase(ENVELOPES_PUBLISHED.name, 'count', { region: 'us' }), 2);
  t.equal(r.total(ENVELOPES_PUBLISHED.name, { region: 'eu' }), 1);
  t.equal(r.total('missing'), 0);
  t.equal(r.increase('missing', 'rate'), 0);
  t.same(r.series('missing'), []);
  t.equal(r.has('missing'), false);
  t.equal(r.gauge(ENVELOPES_PUBLISHED.name), 0, 'a counter read as a gauge is 0');
  t.equal(r.total('parsec.cache.size'), 0);
});

t.test('a clock that steps back never runs the windows backwards', async (t) => {
  let now = 10_000;
  const provider = new MeterProvider({ readers: [] });
  const reader = new WindowedReader({ clock: () => now, sampleIntervalMs: 0 });
  const p = new MeterProvider({ readers: [reader] });
  t.teardown(() => Promise.all([provider.shutdown(), p.shutdown()]));
  const counter = p.getMeter('x').createCounter('c');
  counter.add(5);
  now = 11_000;
  await reader.sample();
  now = 5_000; // the injected clock jumps back
  counter.add(5);
  await reader.sample();
  t.equal(reader.increase('c', 'rate'), 10);
  t.equal(reader.coverage('rate').coveredSeconds, 1, 'coverage does not go negative or backwards');
});

t.test('background sampling runs on an unref()\'d timer and stops at shutdown', async (t) => {
  const reader = new WindowedReader({ sampleIntervalMs: 5 });
  const p = new MeterProvider({ readers: [reader] });
  const counter = p.getMeter('x').createCounter('c');
  counter.add(1);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (reader.total('c') === 1) {
        clearInterval(check);
        resolve();
      }
    }, 1);
  });
  t.equal(reader.total('c'), 1, 'sampled without being asked');
  t.equal(reader.health().sampleIntervalMs, 5);
  t.equal(reader.health().shutdown, false);
  await p.shutdown();
  t.equal(reader.health().shutdown, true);
  counter.add(1);
  await reader.sample();
  t.equal(reader.total('c'), 1, 'no sampling after shutdown');
  await reader.forceFlush().catch(() => undefined);
});

t.test('timer ticks sample lazily: once per rate-window slot', async (t) => {
  const time = tickClock();
  const reader = new WindowedReader({ clock: time.clock, sampleIntervalMs: 1 });
  const p = new MeterProvider({ readers: [reader] });
  t.teardown(() => p.shutdown());
  let collections = 0;
  const collect = reader.collect.bind(reader);
  reader.collect = (o) => {
    collections++;
    return collect(o);
  };
  await time.ticks(20);
  t.equal(collections, 1, 'twenty ticks inside the first slot: the first sample only');
  time.now = 4_998;
  await time.ticks(10);
  t.equal(collections, 1, 'still not the last tick of the 5 s slot');
  time.now = 4_999;
  await time.ticks(10);
  t.equal(collections, 2, 'the last tick of the slot samples, once');
  time.now = 5_000;
  await time.ticks(10);
  t.equal(collections, 2, 'the next slot has begun: nothing more until its end');
  time.now = 9_999;
  await time.ticks(10);
  t.equal(collections, 3, 'the end of the second slot');
  time.now = 25_000;
  await time.ticks(10);
  t.equal(collections, 4, 'a whole slot went by without a tick (a blocked loop): catch up at once');
  await reader.sample();
  t.equal(collections, 5, 'an explicit sample (a snapshot) always collects');
});

t.test('increaseGroups gives what increaseBy gives, as sorted arrays with each group once, whatever the series', async (t) => {
  const fc = (await import('fast-check')).default;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({
      aspect: fc.option(fc.constantFrom('chat', 'typing', '_other', '__proto__', 'b', 'a', '10', 'é'), { nil: undefined }),
      region: fc.option(fc.constantFrom('eu', 'us'), { nil: undefined }),
      n: fc.integer({ min: 0, max: 5 }),
    }), { maxLength: 25 }),
    fc.option(fc.constantFrom('eu', 'us'), { nil: undefined }),
    fc.constantFrom('rate' as const, 'count' as const),
    async (events, region, window) => {
      let now = 0;
      const reader = new WindowedReader({ clock: () => now, sampleIntervalMs: 0, maxSeriesPerInstrument: 4 });
      const provider = new MeterProvider({ readers: [reader] });
      const counter = provider.getMeter('m').createCounter(ENVELOPES_PUBLISHED.name);
      for (const e of events) {
        const attributes: Record<string, string> = {};
        if (e.aspect !== undefined) attributes[ATTR_ASPECT] = e.aspect;
        if (e.region !== undefined) attributes.region = e.region;
        counter.add(e.n, attributes);
      }
      now = 1000;
      await reader.sample();
      const where = region === undefined ? undefined : { region };
      const { keys, values } = reader.increaseGroups(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, window, where);
      const expected = [...reader.increaseBy(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, window, where)].sort(([a], [b]) => (a < b ? -1 : 1));
      await provider.shutdown();
      return JSON.stringify(keys.map((k, i) => [k, values[i]])) === JSON.stringify(expected);
    },
  ), { numRuns: 150 });
  const reader = new WindowedReader({ sampleIntervalMs: 0 });
  t.same(reader.increaseGroups('missing', ATTR_ASPECT, 'count'), { keys: [], values: [] }, 'an instrument never seen: no groups');
});

t.test('increaseGroups stays what increaseBy gives while series come, go and overflow between samples; its keys are frozen, its values the caller\'s', async (t) => {
  const fc = (await import('fast-check')).default;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({
      // 61 s: series unseen for the count window (60 s here) are dropped at this sample, their rows reused later.
      advanceMs: fc.constantFrom(1_000, 30_000, 61_000),
      events: fc.array(fc.record({ aspect: fc.constantFrom('z', 'chat', 'a', 'm', '_other', 'b', 'typing'), n: fc.integer({ min: 1, max: 3 }) }), { maxLength: 6 }),
      window: fc.constantFrom('rate' as const, 'count' as const),
    }), { minLength: 1, maxLength: 8 }),
    async (rounds) => {
      let now = 0;
      const reader = new WindowedReader({ clock: () => now, sampleIntervalMs: 0, maxSeriesPerInstrument: 4, rateWindowMs: 12_000, countWindowMs: 60_000 });
      const provider = new MeterProvider({ readers: [reader] });
      const counter = provider.getMeter('m').createCounter(ENVELOPES_PUBLISHED.name);
      let ok = true;
      for (const round of rounds) {
        for (const e of round.events) counter.add(e.n, { [ATTR_ASPECT]: e.aspect });
        now += round.advanceMs;
        await reader.sample();
        const groups = reader.increaseGroups(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, round.window);
        const expected = [...reader.increaseBy(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, round.window)].sort(([a], [b]) => (a < b ? -1 : 1));
        ok &&= JSON.stringify(groups.keys.map((k, i) => [k, groups.values[i]])) === JSON.stringify(expected);
        // The keys are shared and frozen; what a caller does to the values it got is no concern of the next question's.
        ok &&= Object.isFrozen(groups.keys);
        groups.values.fill(-1);
        const again = reader.increaseGroups(ENVELOPES_PUBLISHED.name, ATTR_ASPECT, round.window);
        ok &&= JSON.stringify(again.keys.map((k, i) => [k, again.values[i]])) === JSON.stringify(expected);
      }
      await provider.shutdown();
      return ok;
    },
  ), { numRuns: 150 });
  t.pass('as increaseBy at every sample');
});
