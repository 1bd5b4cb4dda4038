// The local history against the snapshot, on an injected clock over 70
// minutes: events of several aspects, tokens, a cache whose counters reset,
// gauges, idle gaps without samples, and a clock that steps back. At each
// checkpoint the newest point of every series equals the snapshot taken
// there, and every numeric snapshot field has a series.
import t, { type Test } from 'tap';
import { EnvelopeCounters, TokenCounters, createTelemetry, observeCache, observeChannels, observePresence, type MetricsHistory, type Snapshot } from '../../src/index.ts';
import { numericFields } from '../../src/history/flatten.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function clockedTelemetry() {
  const clock = { now: 0, wall: 1_764_580_000_000 };
  const telemetry = createTelemetry({ clock: () => clock.now, wallClock: () => clock.wall, sampleIntervalMs: 0, env: {}, otlp: false, global: false });
  return { clock, telemetry };
}

/** Newest point of every series equals the snapshot's field; every numeric field has a series; no series claims a field the snapshot lacks. */
function agrees(t: Test, snap: Snapshot, history: MetricsHistory, what: string): void {
  const fields = numericFields(snap);
  const newest = Math.max(...Object.values(history.series).map((p) => (p.at(-1) as [number, number])[0]));
  let mismatches = 0;
  for (const f of fields) {
    const last = history.series[f.path]?.at(-1);
    if (last === undefined || last[1] !== f.value || last[0] !== newest) {
      mismatches++;
      t.fail(`${what}: ${f.path} is ${f.value} in the snapshot, newest point ${JSON.stringify(last)} (newest step ${newest})`);
    }
  }
  const inSnapshot = new Set(fields.map((f) => f.path));
  const stale = Object.entries(history.series).filter(([path, points]) => (points.at(-1) as [number, number])[0] === newest && !inSnapshot.has(path));
  t.same(stale.map(([p]) => p), [], `${what}: no series has a newest point for a field the snapshot lacks`);
  t.equal(mismatches, 0, `${what}: the newest points of ${fields.length} fields equal the snapshot`);
}

/** Points oldest first, one per step at most, within the range. */
function wellFormed(t: Test, history: MetricsHistory, what: string): void {
  let bad = 0;
  for (const [path, points] of Object.entries(history.series)) {
    const steps = points.map(([ms]) => Math.floor(ms / (history.step_seconds * 1000)));
    const ordered = points.every(([ms], i) => i === 0 || ms > (points[i - 1] as [number, number])[0]);
    if (!ordered || points.length > history.range_seconds / history.step_seconds || new Set(steps).size > points.length) {
      bad++;
      t.fail(`${what}: ${path} ${JSON.stringify(points)}`);
    }
  }
  t.equal(bad, 0, `${what}: every series is ordered with at most ${history.range_seconds / history.step_seconds} points`);
}

t.test('70 minutes: the newest point of every series is the snapshot at that step', async (t) => {
  const { clock, telemetry } = clockedTelemetry();
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  const tokens = new TokenCounters(telemetry.meter);
  const cache = { hits: 0, misses: 0, evictions: 0, sizeBytes: 4096, entries: 10 };
  observeCache(telemetry.meter, () => cache);
  const channels = [{ name: 'room:a', pattern: 'room:*' }, { name: 'dm:1', pattern: 'dm:*' }];
  observeChannels(telemetry.meter, { list: () => channels });
  const presence = { users: 3, agents: 1, channels: 2 };
  observePresence(telemetry.meter, () => presence);

  const advance = async (ms: number, stepMs: number, active: boolean): Promise<void> => {
    const end = clock.now + ms;
    while (clock.now < end) {
      if (active) {
        envelopes.observe('chat', 3);
        if (clock.now % 60_000 < stepMs) envelopes.observe('typing');
        tokens.issued(2);
        tokens.revoked();
        cache.hits += 5;
        cache.misses += 1;
        cache.sizeBytes += 10;
      }
      clock.now = Math.min(end, clock.now + stepMs);
      clock.wall += stepMs;
      await telemetry.reader.sample();
      await turn();
    }
  };
  const check = async (what: string): Promise<{ five: MetricsHistory; hour: MetricsHistory }> => {
    const snap = await telemetry.snapshot();
    await turn();
    const five = await telemetry.history('5m');
    const hour = await telemetry.history('1h');
    agrees(t, snap, five, `${what} (5m)`);
    agrees(t, snap, hour, `${what} (1h)`);
    wellFormed(t, five, `${what} (5m)`);
    wellFormed(t, hour, `${what} (1h)`);
    return { five, hour };
  };

  await advance(10 * 60_000, 5_000, true);
  let h = await check('after 10 busy minutes');
  t.equal(h.five.range_seconds, 300);
  t.equal(h.five.step_seconds, 5);
  t.equal(h.hour.step_seconds, 60);
  t.ok((h.five.series['envelopes.rate_per_second'] as unknown[]).length >= 59, '5m: a point per 5 s step');
  t.ok((h.hour.series['envelopes.rate_per_second'] as unknown[]).length >= 10, '1h: a point per minute');
  t.ok(h.five.series['envelopes.by_aspect.chat'] !== undefined && h.five.series['channels.by_pattern.room:*'] !== undefined, 'maps are flattened with their key');

  // Several samples per step: each step holds its last.
  await advance(2 * 60_000, 1_000, true);
  await check('sampled every second');

  // The cache's counters reset (a restarted backend): the reader counts a new run.
  cache.hits = 0;
  cache.misses = 0;
  await advance(60_000, 5_000, true);
  await check('after a counter reset');

  // Idle: no events, samples go on; the rate falls to 0 and by_aspect empties.
  await advance(3 * 60_000, 5_000, false);
  h = await check('after 3 idle minutes');
  t.equal((h.five.series['envelopes.rate_per_second']?.at(-1) as [number, number])[1], 0, 'the rate of an idle minute is 0');

  // A gap without any sample (a paused process): its steps have no point.
  const before = clock.wall;
  clock.now += 2 * 60_000;
  clock.wall += 2 * 60_000;
  await advance(30_000, 5_000, true);
  h = await check('after a 2-minute gap without samples');
  const rate = h.five.series['envelopes.rate_per_second'] as [number, number][];
  t.notOk(rate.some(([ms]) => ms > before && ms <= before + 2 * 60_000), 'no point inside the gap');

  // The monotonic clock steps back 30 s (the wall clock too): the history stays in order.
  clock.now -= 30_000;
  clock.wall -= 30_000;
  await advance(60_000, 5_000, true);
  await check('after the clock stepped back');

  // The rest of the 70 minutes.
  while (clock.now < 70 * 60_000) await advance(5 * 60_000, 5_000, true);
  h = await check('after 70 minutes');
  t.ok((h.hour.series['tokens.issued_last_hour'] as unknown[]).length >= 55, '1h: a whole hour of minute points');
  t.ok((h.hour.series['tokens.issued_last_hour'] as unknown[]).length <= 60, '1h: no more than 60 points');
  t.equal((h.five.series['envelopes.rate_per_second'] as unknown[]).length, 60, '5m: 60 points');
});

t.test('a key absent for the whole hour is dropped; maps keep at most maxSeriesPerInstrument keys', async (t) => {
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false, maxSeriesPerInstrument: 3 });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: 10 });
  for (let i = 0; i < 6; i++) {
    envelopes.observe(`a${i}`);
    clock.now += 5_000;
    await telemetry.reader.sample();
    await turn();
  }
  let keys = Object.keys((await telemetry.history('1h')).series).filter((k) => k.startsWith('envelopes.by_aspect.'));
  t.ok(keys.length <= 4, `at most 3 aspects and _other: ${keys.join(', ')}`);
  t.ok(keys.length >= 2, 'the aspects recorded are there');
  // An hour later with other aspects: the old keys are gone, the ring has room for new ones.
  for (let i = 0; i < 70; i++) {
    clock.now += 60_000;
    await telemetry.reader.sample();
    await turn();
  }
  keys = Object.keys((await telemetry.history('1h')).series).filter((k) => k.startsWith('envelopes.by_aspect.'));
  t.same(keys, [], 'aspects unseen for an hour have no series');
});
