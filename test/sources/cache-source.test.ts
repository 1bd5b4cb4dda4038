import t from 'tap';
import { observeCache } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

t.test('hit rate over the rate window, raw hits and misses beside it, per backend', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const mem = { hits: 0, misses: 0, evictions: 0, sizeBytes: 2048, entries: 16 };
  const redis = { hits: 1_000_000, misses: 5, evictions: 7, sizeBytes: 1 << 20, entries: 100 };
  observeCache(c.telemetry.meter, () => mem);
  observeCache(c.telemetry.meter, { stats: () => redis }, { backend: 'redis' });
  await c.advance(30_000, 1000, () => {
    mem.hits += 3;
    mem.misses += 1;
    mem.evictions += 1;
    redis.hits += 1;
    redis.misses += 1;
  });
  const snap = await c.telemetry.snapshot();
  t.same(snap.cache.by_backend?.memory, {
    hit_rate_pct: 75, hits: 90, misses: 30, size_bytes: 2048, size_entries: 16, evictions_last_hour: 30,
  });
  t.same(snap.cache.by_backend?.redis, {
    hit_rate_pct: 50, hits: 30, misses: 30, size_bytes: 1 << 20, size_entries: 100, evictions_last_hour: 0,
  }, 'counts start when observation starts: the million earlier hits are not in the window');
  t.equal(snap.cache.hits, 120);
  t.equal(snap.cache.misses, 60);
  t.equal(snap.cache.hit_rate_pct, 66.667, 'overall hit rate is weighted by lookups');
  t.equal(snap.cache.size_bytes, 2048 + (1 << 20));
  t.equal(snap.cache.size_entries, 116);
  t.equal(snap.cache.evictions_last_hour, 30);
  t.same(Object.keys(snap.cache), ['hit_rate_pct', 'size_bytes', 'size_entries', 'evictions_last_hour', 'hits', 'misses', 'by_backend'],
    'seed fields first, in the seed order');
});

t.test('no lookups: hit rate is 0, not NaN; size_entries omitted when 0', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  observeCache(c.telemetry.meter, () => ({ hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0 }));
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.cache.hit_rate_pct, 0);
  t.notOk('size_entries' in snap.cache);
  t.equal(JSON.stringify(snap).includes('null'), false, 'no NaN serialised as null');
});

t.test('a statter restart (counters go down) never gives negative or >100% figures', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const s = { hits: 100, misses: 100, evictions: 50, sizeBytes: 10, entries: 1 };
  observeCache(c.telemetry.meter, () => s, { backend: 'redis' });
  await c.advance(10_000, 1000, () => {
    s.hits += 10;
    s.evictions += 1;
  });
  s.hits = 2; // restart / CONFIG RESETSTAT
  s.misses = 0;
  s.evictions = 0;
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.cache.hits, 100 + 2);
  t.equal(snap.cache.misses, 0);
  t.equal(snap.cache.hit_rate_pct, 100);
  t.equal(snap.cache.evictions_last_hour, 10);
});

t.test('a cache whose statistics cannot be read is named in cache.unavailable; the rest is served', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let down = false;
  const redis = { hits: 0, misses: 0, evictions: 0, sizeBytes: 100, entries: 1 };
  observeCache(c.telemetry.meter, async () => {
    if (down) throw new Error('ECONNREFUSED');
    return { ...redis }; // a fresh reading each time, as INFO is
  }, { backend: 'redis' });
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 0, evictions: 0, sizeBytes: 5, entries: 1 }));
  await c.advance(1000, 1000, () => void (redis.hits += 4));
  let snap = await c.telemetry.snapshot();
  t.notOk('unavailable' in snap.cache);
  down = true;
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.cache.unavailable, ['redis']);
  t.equal(snap.cache.by_backend?.memory?.size_bytes, 5, 'the memory backend is still served');
  t.equal(snap.cache.by_backend?.redis?.hits, 4, 'what was counted before stays');
  down = false;
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.notOk('unavailable' in snap.cache, 'back once a reading succeeds');
});
