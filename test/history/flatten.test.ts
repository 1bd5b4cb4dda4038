import t from 'tap';
import { numericFields, type Field } from '../../src/history/flatten.ts';

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
