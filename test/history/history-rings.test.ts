import t from 'tap';
import type { Field } from '../../src/history/flatten.ts';
import { HistoryRings } from '../../src/history/history-rings.ts';
import { HISTORY_RANGES } from '../../src/history/ranges.ts';

const field = (path: string, value: number, map?: string, key?: string): Field => ({ path, value, map, key });

t.test('a point per step, the last sample of a step wins, absent fields have no point', async (t) => {
  const ring = new HistoryRings([HISTORY_RANGES['5m']], 10);
  ring.record(0, 1000, [field('a', 1), field('b', 7)]);
  ring.record(4_000, 1004, [field('a', 2)]);
  ring.record(5_000, 1005, [field('a', 3), field('b', 8)]);
  t.same(ring.series(0), { a: [[1004, 2], [1005, 3]], b: [[1005, 8]] }, 'step 0 holds its last sample, where b was absent');
  t.same(ring.record(1_000, 999, [field('a', 99)]), [], 'an older step is ignored');
  t.same(ring.series(0).a, [[1004, 2], [1005, 3]]);
});

t.test('60 steps at most; a field absent for the whole ring is dropped', async (t) => {
  const ring = new HistoryRings([HISTORY_RANGES['5m']], 10);
  ring.record(0, 0, [field('old', 1)]);
  for (let i = 1; i <= 100; i++) ring.record(i * 5_000, i * 5_000, [field('a', i)]);
  const a = ring.series(0).a as [number, number][];
  t.equal(a.length, 60);
  t.same(a[0], [41 * 5_000, 41], 'the oldest of the last 60 steps');
  t.equal(ring.series(0).old, undefined);
  t.equal(ring.size, 1, 'the old field is no longer kept');
});

t.test('two ranges side by side: a path stays while any range holds a point of it', async (t) => {
  const rings = new HistoryRings([HISTORY_RANGES['5m'], HISTORY_RANGES['1h']], 10);
  rings.record(0, 0, [field('gone', 1), field('a', 1)]);
  // From the next minute on, a sample every 5 s without `gone`.
  for (let i = 0; i <= 80; i++) rings.record(60_000 + i * 5_000, 60_000 + i * 5_000, [field('a', i)]);
  t.equal(rings.series(0).gone, undefined, 'out of the 5-minute ring after 60 steps of 5 s');
  t.same(rings.series(1).gone, [[0, 1]], 'still in the hour');
  t.equal((rings.series(1).a as unknown[]).length, 8, 'the hour: one point per minute');
  t.same(rings.series(1).a?.[1], [115_000, 11], 'each minute holds its last sample');
  t.equal(rings.size, 2);
  rings.record(3_600_000, 3_600_000, [field('a', 0)]);
  t.equal(rings.size, 1, 'absent from both rings: dropped');
  t.same(rings.record(10, 10, [field('a', 5)]), [], 'an older sample is ignored');
  t.same(rings.series(1).a?.at(-1), [3_600_000, 0]);
});

t.test('each map keeps at most maxKeysPerMap keys; a dropped key frees its place', async (t) => {
  const ring = new HistoryRings([HISTORY_RANGES['1h']], 2);
  const backend = (key: string, v: number): Field[] => [field(`m.by_x.${key}.hits`, v, 'm.by_x', key), field(`m.by_x.${key}.misses`, v, 'm.by_x', key)];
  t.same(ring.record(0, 0, [...backend('a', 1), ...backend('b', 1), ...backend('c', 1)]), ['m.by_x', 'm.by_x'], 'the third key is refused, each of its fields');
  t.same(Object.keys(ring.series(0)), ['m.by_x.a.hits', 'm.by_x.a.misses', 'm.by_x.b.hits', 'm.by_x.b.misses']);
  // An hour later only `b` and `c`: `a` is dropped, `c` gets its place.
  for (let i = 1; i <= 61; i++) ring.record(i * 60_000, i, [...backend('b', 2), ...backend('c', 2)]);
  t.same(Object.keys(ring.series(0)), ['m.by_x.b.hits', 'm.by_x.b.misses', 'm.by_x.c.hits', 'm.by_x.c.misses']);
});
