// Aspects, patterns and backends named like Object.prototype members
// (`constructor`, `toString`, `__proto__`…) were corrupted or lost when two
// sources were merged.
import t from 'tap';
import fc from 'fast-check';
import { Aggregator, type Source } from '../../src/index.ts';
import { cacheSection } from '../../src/sources/sections.ts';

const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];
const key = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ minLength: 1, maxLength: 12 }));
/** A map as a source would build it (own properties only, `__proto__` included). */
const counts = fc.uniqueArray(fc.tuple(key, fc.integer({ min: 1, max: 1_000 })), { selector: ([k]) => k, maxLength: 8 });

function expectedSums(maps: readonly (readonly [string, number])[][]): Map<string, number> {
  const want = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) want.set(k, (want.get(k) ?? 0) + v);
  return want;
}

/** What a user reads: the keys and numbers of a map in the served JSON. */
function served(json: string, path: readonly string[]): Map<string, number> {
  let at: unknown = JSON.parse(json);
  for (const p of path) at = (at as Record<string, unknown> | undefined)?.[p];
  return new Map(at === undefined ? [] : Object.entries(at as Record<string, number>));
}

t.test('merged maps keep every key with its sum, whatever the key', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(counts, { minLength: 1, maxLength: 3 }), async (maps) => {
      const sources: Source[] = maps.map((m, i) => ({
        name: `node${i}`,
        envelopes: () => ({ rate_per_second: 1, by_aspect: Object.fromEntries(m) }),
        channels: () => ({ total_active: 1, by_pattern: Object.fromEntries(m) }),
        cache: () =>
          cacheSection({
            hits: new Map(m),
            misses: new Map(),
            evictions: new Map(),
            size: new Map(),
            entries: new Map(),
            up: new Map(),
          }),
      }));
      const json = JSON.stringify(await new Aggregator({ sources }).snapshot());
      const want = expectedSums(maps);
      t.same(served(json, ['envelopes', 'by_aspect']), want);
      t.same(served(json, ['channels', 'by_pattern']), want);
      const backends = served(json, ['cache', 'by_backend']);
      t.same([...backends.keys()].sort(), [...want.keys()].sort());
      const parsed = JSON.parse(json) as { cache: { by_backend?: Record<string, { hits: number }> } };
      for (const [k, v] of want) t.equal(Object.getOwnPropertyDescriptor(parsed.cache.by_backend, k)?.value.hits, v, k);
    }),
    { numRuns: 200 },
  );
});

t.test('the reported case: constructor, toString and __proto__ from two sources', async (t) => {
  const aspects = (n: number): Source => ({
    envelopes: () => ({ rate_per_second: 1, by_aspect: Object.fromEntries([['constructor', n], ['toString', n], ['__proto__', n]]) }),
  });
  const json = JSON.stringify((await new Aggregator({ sources: [aspects(5), aspects(50)] }).snapshot()).envelopes);
  t.equal(json, '{"rate_per_second":1,"by_aspect":{"__proto__":55,"constructor":55,"toString":55}}');
});
