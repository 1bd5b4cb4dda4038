import t from 'tap';
import fc from 'fast-check';
import { ENTRY_OVERHEAD_BYTES, LruCache } from '../../src/demo/lru-cache.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { InvalidArgumentError } from '../../src/errors/errors.ts';

// Entry cost: value + key length + overhead. Keys below are 1 character long.
const COST = 1 + ENTRY_OVERHEAD_BYTES;

t.test('counts hits and misses and holds what was set', async (t) => {
  const cache = new LruCache(10_000);
  t.equal(cache.get('a'), undefined);
  cache.set('a', 100);
  t.equal(cache.get('a'), 100);
  t.equal(cache.get('a'), 100);
  t.same(cache.stats(), { hits: 2, misses: 1, evictions: 0, sizeBytes: 100 + COST, entries: 1 });
});

t.test('replacing a key counts its bytes once', async (t) => {
  const cache = new LruCache(10_000);
  cache.set('a', 100);
  cache.set('a', 300);
  t.same(cache.stats(), { hits: 0, misses: 0, evictions: 0, sizeBytes: 300 + COST, entries: 1 });
});

t.test('evicts the least recently used entries to fit maxBytes', async (t) => {
  const cache = new LruCache(3 * (10 + COST));
  cache.set('a', 10);
  cache.set('b', 10);
  cache.set('c', 10);
  cache.get('a'); // b is now the least recently used
  cache.set('d', 10);
  t.equal(cache.get('b'), undefined, 'b was evicted');
  t.equal(cache.get('a'), 10);
  t.equal(cache.get('c'), 10);
  t.equal(cache.get('d'), 10);
  cache.set('e', 10 + (10 + COST)); // costs two slots: a and c go (the least recently used)
  t.equal(cache.get('a'), undefined);
  t.equal(cache.get('c'), undefined);
  t.equal(cache.get('d'), 10);
  const s = cache.stats();
  t.equal(s.evictions, 3);
  t.equal(s.entries, 2);
  t.ok(s.sizeBytes <= cache.maxBytes);
});

t.test('an entry larger than the whole cache is not stored and evicts nothing', async (t) => {
  const cache = new LruCache(1000);
  cache.set('a', 10);
  cache.set('b', 1000);
  t.equal(cache.get('b'), undefined);
  t.equal(cache.get('a'), 10);
  t.equal(cache.stats().evictions, 0);
});

t.test('behaves like a plain LRU under any sequence of operations', async () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 20 }) }),
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 20 }), size: fc.integer({ min: 0, max: 400 }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2000 }), fc.array(op, { maxLength: 300 }), (maxBytes, ops) => {
      const cache = new LruCache(maxBytes);
      // Reference: an array, least recently used first, evicting from the front.
      let model: { key: string; size: number }[] = [];
      let evictions = 0;
      const cost = (e: { key: string; size: number }) => e.size + e.key.length + ENTRY_OVERHEAD_BYTES;
      for (const o of ops) {
        const key = `k${o.key}`;
        const i = model.findIndex((e) => e.key === key);
        if (o.kind === 'get') {
          const expected = i < 0 ? undefined : model[i]!.size;
          if (i >= 0) model.push(...model.splice(i, 1));
          if (cache.get(key) !== expected) return false;
        } else {
          cache.set(key, o.size);
          if (i >= 0) model.splice(i, 1);
          const entry = { key, size: o.size };
          if (cost(entry) > maxBytes) continue;
          model.push(entry);
          while (model.reduce((n, e) => n + cost(e), 0) > maxBytes) {
            model = model.slice(1);
            evictions++;
          }
        }
      }
      const s = cache.stats();
      return s.entries === model.length && s.evictions === evictions && s.sizeBytes === model.reduce((n, e) => n + cost(e), 0);
    }),
    { numRuns: 300 },
  );
});

t.test('invalid arguments throw InvalidArgumentError naming them', async (t) => {
  for (const bad of [0, -1, 1.5, Number.NaN, '100']) {
    const err = thrown(() => new LruCache(bad as number));
    t.type(err, InvalidArgumentError);
    t.equal((err as InvalidArgumentError).argument, 'maxBytes');
  }
  const cache = new LruCache(100);
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
    const err = thrown(() => cache.set('a', bad as number));
    t.equal((err as InvalidArgumentError).argument, 'sizeBytes', `sizeBytes ${String(bad)}`);
  }
  t.same(cache.stats(), { hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0 }, 'nothing changed');
});
