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

t.test('a map key can hold a number and figures within it; each is a path of its own, dropped on its own', async (t) => {
  const ring = new HistoryRings([HISTORY_RANGES['5m']], 1);
  const own = (v: number): Field => field('m.by_x.k', v, 'm.by_x', 'k');
  const sub = (name: string, v: number): Field => field(`m.by_x.k.${name}`, v, 'm.by_x', 'k');
  ring.record(0, 0, [own(1), sub('a', 2)]);
  ring.record(5_000, 5, [sub('b', 3), own(4)]);
  ring.record(10_000, 10, [sub('a', 5), field('m.by_x.other', 1, 'm.by_x', 'other')]);
  t.same(ring.series(0), {
    'm.by_x.k': [[0, 1], [5, 4]],
    'm.by_x.k.a': [[0, 2], [10, 5]],
    'm.by_x.k.b': [[5, 3]],
  }, 'one key (the cap), three paths; the other key is refused');
  t.equal(ring.size, 3);
  // Only `a` from then on: the own number and `b` leave the ring, then `a` alone is kept.
  for (let i = 3; i <= 62; i++) ring.record(i * 5_000, i, [sub('a', i)]);
  t.same(Object.keys(ring.series(0)), ['m.by_x.k.a']);
  t.equal(ring.size, 1);
  for (let i = 63; i <= 130; i++) ring.record(i * 5_000, i, [own(i)]);
  t.same(Object.keys(ring.series(0)), ['m.by_x.k'], 'the figure within gone too: the key holds its number again');
  for (let i = 131; i <= 200; i++) ring.record(i * 5_000, i, [field('m.by_x.new', i, 'm.by_x', 'new')]);
  t.same(Object.keys(ring.series(0)), ['m.by_x.new'], 'the key left the ring: its place is free');
});

t.test('many paths: every one keeps its own points, and a dropped path\'s place is reused with no point of its own', async (t) => {
  const ring = new HistoryRings([HISTORY_RANGES['5m']], 1_000);
  const keys = Array.from({ length: 600 }, (_, i) => `k${i}`);
  ring.record(0, 0, keys.map((k, i) => field(`m.by_x.${k}`, i, 'm.by_x', k)));
  t.equal(ring.size, 600);
  const first = ring.series(0);
  t.ok(keys.every((k, i) => first[`m.by_x.${k}`]?.[0]?.[1] === i), 'each of 600 paths (three pages of rows) holds its value');
  // The first 300 stop; 61 steps later they are dropped, and 300 new paths take their places.
  for (let s = 1; s <= 61; s++) ring.record(s * 5_000, s, keys.slice(300).map((k) => field(`m.by_x.${k}`, s, 'm.by_x', k)));
  t.equal(ring.size, 300);
  const fresh = Array.from({ length: 300 }, (_, i) => `n${i}`);
  ring.record(62 * 5_000, 62, fresh.map((k, i) => field(`m.by_x.${k}`, 1_000 + i, 'm.by_x', k)));
  const series = ring.series(0);
  t.equal(ring.size, 600);
  t.ok(fresh.every((k, i) => JSON.stringify(series[`m.by_x.${k}`]) === JSON.stringify([[62, 1_000 + i]])), 'a reused place holds only the new path\'s point');
  t.equal(series['m.by_x.k300']?.length, 59, 'the others keep their points of the last 60 steps (absent from the newest)');
});

t.test('whatever the steps and the keys written, each range serves the last sample of each of its last steps, and only live paths are kept', async (t) => {
  const fc = (await import('fast-check')).default;
  const specs = [HISTORY_RANGES['5m'], HISTORY_RANGES['1h']];
  const pool = ['a', 'b', 'c', '__proto__', 'constructor', 'é', '10', '9'];
  const stepArb = fc.record({
    advanceMs: fc.constantFrom(0, 1_000, 4_000, 5_000, 60_000, 300_000, 3_600_000),
    fixed: fc.subarray(['x', 'y']),
    // Bulk (entries, as a snapshot's known record is written) or one entry at a time; the keys in any order.
    bulk: fc.boolean(),
    keys: fc.shuffledSubarray(pool),
  });
  await fc.assert(fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
    const rings = new HistoryRings(specs, 1_000);
    // The model: per range and step the fields of its last sample, and per path the elapsed time it was last written.
    const held = specs.map(() => new Map<number, { time: number; values: Map<string, number> }>());
    const current = specs.map(() => -1);
    const lastAt = new Map<string, number>();
    let elapsed = 0;
    let n = 0;
    for (const s of steps) {
      elapsed += s.advanceMs;
      const time = 1_000_000 + elapsed;
      const values = new Map<string, number>();
      const mapValues = s.keys.map(() => ++n);
      rings.step(elapsed, time, (sink) => {
        for (const f of s.fixed) sink.field(f, ++n);
        if (s.bulk) sink.entries('m.by_k', s.keys, mapValues);
        else s.keys.forEach((k, i) => sink.entry('m.by_k', k, undefined, mapValues[i] as number));
      });
      n -= s.fixed.length;
      for (const f of s.fixed) values.set(f, ++n);
      s.keys.forEach((k, i) => values.set(`m.by_k.${k}`, mapValues[i] as number));
      let moved = false;
      specs.forEach((spec, i) => {
        const step = Math.floor(elapsed / spec.stepMs);
        if (step !== current[i]) moved = true;
        current[i] = step;
        held[i]?.set(step, { time, values });
      });
      if (moved) {
        for (const [path, at] of lastAt) {
          if (specs.every((spec) => Math.floor(elapsed / spec.stepMs) - Math.floor(at / spec.stepMs) >= spec.points)) lastAt.delete(path);
        }
      }
      for (const path of values.keys()) lastAt.set(path, elapsed);
    }
    const ok = specs.every((spec, i) => {
      const expected: Record<string, [number, number][]> = {};
      const now = current[i] as number;
      for (let step = Math.max(0, now - spec.points + 1); step <= now; step++) {
        const sample = held[i]?.get(step);
        if (sample === undefined) continue;
        for (const [path, v] of sample.values) (expected[path] ??= []).push([sample.time, v]);
      }
      const sorted = Object.fromEntries(Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : 1)));
      return JSON.stringify(rings.series(i)) === JSON.stringify(sorted);
    });
    return ok && rings.size === lastAt.size;
  }), { numRuns: 300 });
  t.pass('every range and the paths kept as the model says');
});
