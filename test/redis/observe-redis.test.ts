import t, { type Test } from 'tap';
import { InvalidArgumentError, InvalidOptionError, observeCache, observeRedis } from '../../src/index.ts';
import { CACHE_READ_TIMEOUT_MS } from '../../src/record/cache-recorder.ts';
import { clocked } from '../helpers/clocked.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { fetchText } from '../helpers/http.ts';

/** A fake Redis: its INFO counters are fields the test moves. */
function fakeRedis() {
  const s = { hits: 0, misses: 0, evicted: 0, used: 1_000_000, keys: [3, 2], calls: 0, down: false, hang: false };
  const info = async (): Promise<string> => {
    s.calls++;
    if (s.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    if (s.hang) return new Promise<string>(() => {});
    return [
      '# Memory', `used_memory:${s.used}`, '# Stats', `keyspace_hits:${s.hits}`, `keyspace_misses:${s.misses}`,
      `evicted_keys:${s.evicted}`, '# Keyspace', ...s.keys.map((k, i) => `db${i}:keys=${k},expires=0,avg_ttl=0`), '',
    ].join('\r\n');
  };
  return Object.assign(s, { info });
}

/** Lets every pending promise callback run. */
const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function keepAlive(t: Test): void {
  const timer = setInterval(() => {}, 60_000);
  t.teardown(() => clearInterval(timer));
}

t.test('INFO becomes the cache section of backend "redis"', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  r.hits = 1_000; // before observation: not counted
  observeRedis(c.telemetry.meter, r.info, { clock: () => c.now });
  await drain(); // the first INFO (the baseline) answers
  await c.advance(10_000, 1000, () => {
    r.hits += 3;
    r.misses += 1;
    r.evicted += 2;
  });
  const snap = await c.telemetry.snapshot();
  t.same(snap.cache.by_backend?.redis, {
    hit_rate_pct: 75, hits: 30, misses: 10, size_bytes: 1_000_000, size_entries: 5, evictions_last_hour: 20,
  });
  t.notOk('unavailable' in snap.cache);
});

t.test('options: another backend label; the statter options reach the statter', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  observeRedis(c.telemetry.meter, r.info, { backend: 'redis-sessions', maxAgeMs: 0, clock: () => c.now });
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(Object.keys(snap.cache.by_backend ?? {}), ['redis-sessions']);
  t.equal((thrown(() => observeRedis(c.telemetry.meter, r.info, { timeoutMs: -1 })) as InvalidOptionError).option, 'timeoutMs');
  t.equal((thrown(() => observeRedis(c.telemetry.meter, r.info, 'x' as never)) as InvalidOptionError).option, 'options');
  t.equal((thrown(() => observeRedis(c.telemetry.meter, 'INFO' as never)) as InvalidArgumentError).argument, 'info');
  t.equal((thrown(() => observeRedis({} as never, r.info)) as InvalidArgumentError).argument, 'meter');
});

t.test('Redis down: the section lists redis in cache.unavailable, keeps its counts, and the rest is served', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  observeRedis(c.telemetry.meter, r.info, { clock: () => c.now });
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 1, evictions: 0, sizeBytes: 10, entries: 1 }));
  await drain();
  await c.advance(5000, 1000, () => void (r.hits += 2));
  r.down = true;
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.cache.unavailable, ['redis']);
  t.equal(snap.cache.by_backend?.redis?.hits, 10, 'what was counted before stays');
  t.ok(snap.cache.by_backend?.memory, 'the other backend is served');
  t.ok(snap.envelopes && snap.tokens, 'the other sections are served');
  r.down = false;
  await c.advance(1000);
  t.notOk('unavailable' in (await c.telemetry.snapshot()).cache, 'back once INFO answers again');
});

t.test('Redis hanging: with the default timeouts the sample goes on and names redis unavailable', async (t) => {
  keepAlive(t);
  const c = clocked(); // the reader's default collectTimeoutMs
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  observeRedis(c.telemetry.meter, r.info, { clock: () => c.now });
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 1, evictions: 0, sizeBytes: 10, entries: 1 }));
  await c.advance(2000, 1000, () => void (r.hits += 2));
  r.hang = true;
  const started = performance.now();
  await c.advance(1000);
  const waited = performance.now() - started;
  const snap = await c.telemetry.snapshot();
  t.same(snap.cache.unavailable, ['redis']);
  t.equal(snap.cache.by_backend?.memory?.size_bytes, 10, 'the memory cache of the same callback is still read');
  t.ok(waited >= CACHE_READ_TIMEOUT_MS - 5, `the sample waited for the INFO timeout (${Math.round(waited)} ms)`);
});

t.test('several readers collecting at once share one INFO', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  let now = 0;
  observeRedis(c.telemetry.meter, r.info, { clock: () => now });
  await c.advance(1000);
  const server = await c.telemetry.listen({ port: 0 });
  t.teardown(() => server.close());
  const before = r.calls;
  now += 1000; // the last reading is stale: the next collection asks Redis
  const [scrape] = await Promise.all([fetchText(`${server.url}/metrics`), c.telemetry.reader.sample(), c.telemetry.reader.sample()]);
  t.match(scrape.body, /parsec_cache_size(_bytes)?\{[^}]*parsec_cache_backend="redis"[^}]*\} 1000000/);
  t.equal(r.calls - before, 1, 'one INFO for the Prometheus scrape and the snapshot reader');
});

t.test('counter resets (restart, CONFIG RESETSTAT) never give negative counts or a hit rate above 100 %', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const r = fakeRedis();
  r.hits = 500;
  r.misses = 500;
  r.evicted = 100;
  observeRedis(c.telemetry.meter, r.info, { clock: () => c.now });
  await drain();
  await c.advance(5000, 1000, () => {
    r.hits += 1;
    r.misses += 3;
    r.evicted += 1;
  });
  Object.assign(r, { hits: 4, misses: 0, evicted: 0 }); // RESETSTAT, then 4 hits
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  const redis = snap.cache.by_backend?.redis;
  t.same([redis?.hits, redis?.misses, redis?.evictions_last_hour], [5 + 4, 15, 5]);
  t.ok((redis?.hit_rate_pct ?? -1) >= 0 && (redis?.hit_rate_pct ?? 101) <= 100);
});
