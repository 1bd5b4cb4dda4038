import t from 'tap';
import fc from 'fast-check';
import { appendPoint, DEFAULT_RANGE, MAX_POINTS, mergeHistory, pollPoint, recordPoint, TREND_RANGES, withinRange } from '../../../src/dashboard/app/history.ts';
import type { HistoryPoint } from '../../../src/dashboard/app/types.ts';
import type { Snapshot } from '../../../src/index.ts';

const FIVE = TREND_RANGES['5m'];
const HOUR = TREND_RANGES['1h'];
const snap = (rate: unknown, hit: unknown, active: unknown, at?: unknown) =>
  ({ envelopes: { rate_per_second: rate }, cache: { hit_rate_pct: hit }, tokens: { active_count: active }, at }) as unknown as Snapshot;
const stored = (t: number, rate = 1): HistoryPoint => ({ t, rate, hit: 0, active: 0, polled: false });
const polled = (t: number, rate = 1): HistoryPoint => ({ t, rate, hit: 0, active: 0, polled: true });
const times = (points: readonly HistoryPoint[]) => points.map((p) => p.t);

t.test('the ranges are the ones the history serves; 5 minutes by default', async (t) => {
  t.same(Object.keys(TREND_RANGES), ['5m', '1h']);
  t.equal(DEFAULT_RANGE, '5m');
  t.same([FIVE.rangeMs, FIVE.stepMs, HOUR.rangeMs, HOUR.stepMs], [300_000, 5_000, 3_600_000, 60_000]);
});

t.test("a poll's point: its figures, stamped with the snapshot's `at`", async (t) => {
  t.same(pollPoint(snap(12.5, 80, 3, '2026-12-01T10:00:00.000Z'), 1), { t: Date.parse('2026-12-01T10:00:00.000Z'), rate: 12.5, hit: 80, active: 3, polled: true });
  t.same(pollPoint(snap('x', null, undefined, 'yesterday'), 3000), { t: 3000, rate: 0, hit: 0, active: 0, polled: true }, 'a missing or odd figure is 0, an odd `at` the time received');
  t.same(pollPoint({ envelopes: {} } as unknown as Snapshot, 5000), { t: 5000, rate: 0, hit: 0, active: 0, polled: true });
});

t.test('polls append after the history, one per step: a later poll in the same step replaces the last', async (t) => {
  const points = [stored(0), stored(5000)];
  recordPoint(points, snap(2, 0, 0, new Date(5000).toISOString()), 0, FIVE);
  t.same(times(points), [0, 5000], 'a poll at the time of the last history point: a duplicate');
  recordPoint(points, snap(3, 0, 0, new Date(7000).toISOString()), 0, FIVE);
  t.same(times(points), [0, 5000, 7000], 'a newer poll: appended');
  recordPoint(points, snap(4, 0, 0, new Date(9000).toISOString()), 0, FIVE);
  t.same(times(points), [0, 5000, 9000], 'within a step of the point before: replaces the last poll');
  t.equal(points.at(-1)?.rate, 4, 'the newest figure is shown');
  recordPoint(points, snap(5, 0, 0, new Date(10_000).toISOString()), 0, FIVE);
  t.same(times(points), [0, 5000, 9000, 10_000], 'a step after the point before: appended');
  appendPoint(points, polled(8000), FIVE);
  t.same(times(points), [0, 5000, 9000, 10_000], 'an older answer: dropped');
});

t.test('history points are never replaced by a poll', async (t) => {
  const points = [stored(0), stored(1000)];
  appendPoint(points, polled(2000), FIVE);
  t.same(times(points), [0, 1000, 2000]);
});

t.test('a clock that steps back by more than the range starts the line again', async (t) => {
  const points = [stored(1_000_000), polled(1_005_000)];
  appendPoint(points, polled(1_005_000 - FIVE.rangeMs - 1), FIVE);
  t.same(times(points), [1_005_000 - FIVE.rangeMs - 1]);
});

t.test('points older than the range go', async (t) => {
  const points: HistoryPoint[] = [];
  for (let at = 0; at <= FIVE.rangeMs; at += 60_000) appendPoint(points, stored(at), FIVE);
  t.equal(points[0]?.t, 0, 'exactly five minutes old: kept');
  appendPoint(points, stored(FIVE.rangeMs + 30_000), FIVE);
  t.equal(points[0]?.t, 60_000, 'older: dropped');
});

t.test(`at most ${MAX_POINTS} points, the newest kept`, async (t) => {
  const points: HistoryPoint[] = [];
  for (let i = 0; i < MAX_POINTS + 10; i++) appendPoint(points, stored(i, i), FIVE);
  t.equal(points.length, MAX_POINTS);
  t.equal(points[0]?.rate, 10);
  t.equal(points.at(-1)?.rate, MAX_POINTS + 9);
});

t.test('a history that arrives after polls: its points, then the polls it does not hold', async (t) => {
  const history = [0, 60_000, 120_000].map((ms) => stored(ms));
  const merged = mergeHistory(history, [polled(60_000), polled(119_000), polled(130_000)], HOUR);
  t.same(times(merged), [0, 60_000, 120_000, 130_000]);
  t.same(times(mergeHistory([], [polled(1), polled(2), polled(3)], HOUR)), [1, 3], 'no history: the polls, one per step after the first');
  t.same(times(mergeHistory(history, [], HOUR)), [0, 60_000, 120_000]);
});

t.test('switching to a shorter range keeps the points within it', async (t) => {
  const points = Array.from({ length: 11 }, (_, i) => stored(i * 60_000));
  t.same(times(withinRange(points, FIVE)), [300_000, 360_000, 420_000, 480_000, 540_000, 600_000]);
  t.same(times(withinRange(points, HOUR)), times(points), 'a longer one: all of them');
});

t.test('any history and polls in any order: ordered, within the range, bounded', async () => {
  const point = fc.record({ t: fc.integer({ min: 0, max: 10_000_000 }), rate: fc.double({ noNaN: true, noDefaultInfinity: true }), hit: fc.constant(0), active: fc.constant(0), polled: fc.boolean() });
  await fc.assert(fc.property(fc.array(point), fc.array(point), fc.constantFrom(FIVE, HOUR), (history, polls, range) => {
    const merged = mergeHistory([...history].sort((a, b) => a.t - b.t), polls, range);
    const newest = merged.at(-1)?.t ?? 0;
    return merged.length <= MAX_POINTS && merged.every((p, i) => (i === 0 || p.t > (merged[i - 1] as HistoryPoint).t) && p.t >= newest - range.rangeMs);
  }));
});
