import t from 'tap';
import { numericFields, visitFields, type Field } from '../../src/history/flatten.ts';
import { nonZeroRecord } from '../../src/sources/records.ts';

const field = (path: string, value: number, map?: string, key?: string): Field => ({ path, value, map, key });

t.test('numericFields: paths of numbers, maps with their keys, nothing else', async (t) => {
  const fields = numericFields({
    at: '2026-01-01T00:00:00Z',
    nodes: 2,
    envelopes: { rate_per_second: 1.5, by_aspect: { chat: 3, 'a.b': 1, bad: Number.NaN } },
    cache: { hit_rate_pct: 50, unavailable: ['redis'], by_backend: { memory: { hits: 1, size_bytes: Infinity }, junk: 'x', none: null } },
    window: { partial: true, rate_covered_seconds: 60 },
    errors: [{ source: 's', message: 'm' }],
    empty: null,
    weird: Number.NaN,
  });
  t.same(fields, [
    field('nodes', 2),
    field('envelopes.rate_per_second', 1.5),
    field('envelopes.by_aspect.chat', 3, 'envelopes.by_aspect', 'chat'),
    field('envelopes.by_aspect.a.b', 1, 'envelopes.by_aspect', 'a.b'),
    field('cache.hit_rate_pct', 50),
    field('cache.by_backend.memory.hits', 1, 'cache.by_backend', 'memory'),
    field('window.rate_covered_seconds', 60),
  ]);
});

t.test('visitFields hands the fields of numericFields to a sink, without paths for map entries; a known record is read from its entries', async (t) => {
  const snapshot = {
    envelopes: { rate_per_second: 1, by_aspect: nonZeroRecord(new Map([['b', 2], ['a', 1]])) },
    cache: { by_backend: { redis: { hits: 1, deeper: { by_y: { z: 2 } } } } },
  };
  const seen: unknown[] = [];
  visitFields(snapshot, {
    field: (path, value) => seen.push([path, value]),
    entry: (map, key, sub, value) => seen.push([map, key, sub, value]),
    entries: (map, keys, values) => seen.push([map, [...keys], Array.from(values)]),
  });
  t.same(seen, [
    ['envelopes.rate_per_second', 1],
    ['envelopes.by_aspect', ['a', 'b'], [1, 2]],
    ['cache.by_backend', 'redis', 'hits', 1],
    ['cache.by_backend', 'redis', 'deeper.by_y.z', 2],
  ]);
  t.same(numericFields(snapshot).map((f) => f.path), [
    'envelopes.rate_per_second', 'envelopes.by_aspect.a', 'envelopes.by_aspect.b', 'cache.by_backend.redis.hits', 'cache.by_backend.redis.deeper.by_y.z',
  ], 'a `by_` object inside a map entry is no map');
});
