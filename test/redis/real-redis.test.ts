// observeRedis against a real redis-server (started here on an ephemeral
// loopback port with maxmemory 2mb and allkeys-lru): the snapshot's hit
// rate, evictions and size equal what Redis' own INFO says, and neither
// CONFIG RESETSTAT nor a restart makes anything go negative.
import t from 'tap';
import { once } from 'node:events';
import { createClient } from 'redis';
import { observeCache, observeRedis, type Snapshot } from '../../src/index.ts';
import { parseRedisInfo } from '../../src/redis/parse-info.ts';
import { clocked } from '../helpers/clocked.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { startRedisServer } from './redis-server.ts';

const MAXMEMORY = 2 * 1024 * 1024;
const VALUE = 'v'.repeat(1024);

function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100 * 1000) / 1000;
}

/** The value of a Prometheus sample whose line matches all of `parts`. */
function promValue(text: string, name: string, ...parts: string[]): number {
  const line = text.split('\n').find((l) => l.startsWith(name) && parts.every((p) => l.includes(p)));
  return Number(line?.split(' ').at(-1));
}

t.test('hit rate, evictions_last_hour and size_bytes against INFO; RESETSTAT and a restart never go negative', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program);
  const client = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 20 } });
  client.on('error', () => {}); // expected while the server restarts
  await client.connect();
  t.teardown(() => client.destroy());
  t.equal((await client.configGet('maxmemory-policy'))['maxmemory-policy'], 'allkeys-lru');

  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let lastInfo = '';
  observeRedis(c.telemetry.meter, async () => (lastInfo = await client.info()), { clock: () => c.now });
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 0, evictions: 0, sizeBytes: 64, entries: 1 })); // another backend beside it
  const http = await c.telemetry.listen({ port: 0 });
  t.teardown(() => http.close());
  await c.advance(1000); // the baseline
  const base = parseRedisInfo(await client.info());

  // Fill to twice maxmemory (evicting), then look up the newest keys (hits) and ones never written (misses).
  const KEYS = 4096;
  for (let i = 0; i < KEYS; i += 256) {
    const m = client.multi();
    for (let k = i; k < i + 256; k++) m.set(`key:${k}`, VALUE);
    await m.execAsPipeline();
  }
  const lookups = client.multi();
  for (let k = KEYS - 300; k < KEYS; k++) lookups.get(`key:${k}`);
  for (let k = 0; k < 100; k++) lookups.get(`never:${k}`);
  await lookups.execAsPipeline();
  await c.advance(1000);
  let snap = await c.telemetry.snapshot();
  const used = parseRedisInfo(lastInfo); // the INFO the last sample read
  const own = parseRedisInfo(await client.info()); // and Redis' own, asked now
  const redis = snap.cache.by_backend?.redis;
  t.ok(own.evictions - base.evictions > 0, `Redis evicted ${own.evictions - base.evictions} keys`);
  t.equal(redis?.hits, own.hits - base.hits, 'hits');
  t.equal(redis?.misses, own.misses - base.misses, 'misses');
  t.ok((redis?.hits ?? 0) >= 1 && (redis?.misses ?? 0) >= 100);
  t.equal(redis?.hit_rate_pct, pct(own.hits - base.hits, own.hits - base.hits + own.misses - base.misses), 'hit rate');
  t.equal(redis?.evictions_last_hour, own.evictions - base.evictions, 'evictions_last_hour');
  t.equal(redis?.size_bytes, used.sizeBytes, 'size_bytes is used_memory of the reading');
  t.ok(Math.abs(used.sizeBytes - own.sizeBytes) < 0.05 * own.sizeBytes, `and within 5 % of used_memory now (${used.sizeBytes} vs ${own.sizeBytes})`);
  t.ok(used.sizeBytes <= 1.25 * MAXMEMORY, `used_memory ${used.sizeBytes} held near maxmemory ${MAXMEMORY}`);
  t.equal(redis?.size_entries, own.entries, 'size_entries is the keyspace key count');
  t.ok(own.entries < KEYS);
  const before = { hits: redis?.hits ?? 0, misses: redis?.misses ?? 0, evictions: redis?.evictions_last_hour ?? 0 };
  const scraped = await fetchText(`${http.url}/metrics`);
  const promHits = promValue(scraped.body, 'parsec_cache_lookups', 'backend="redis"', 'result="hit"');
  t.ok(promHits >= before.hits, `Prometheus: ${promHits} hits`);

  const check = (snap: Snapshot, what: string): void => {
    const r = snap.cache.by_backend?.redis;
    t.ok((r?.hits ?? -1) >= before.hits, `${what}: hits ${r?.hits} never go down`);
    t.ok((r?.misses ?? -1) >= before.misses, `${what}: misses ${r?.misses} never go down`);
    t.ok((r?.evictions_last_hour ?? -1) >= before.evictions, `${what}: evictions ${r?.evictions_last_hour} never go down`);
    t.ok(snap.cache.hit_rate_pct >= 0 && snap.cache.hit_rate_pct <= 100, `${what}: hit rate ${snap.cache.hit_rate_pct} in [0, 100]`);
    t.ok((r?.hit_rate_pct ?? -1) >= 0 && (r?.hit_rate_pct ?? 101) <= 100, `${what}: redis hit rate ${r?.hit_rate_pct} in [0, 100]`);
    for (const [k, v] of Object.entries(r ?? {})) t.ok(v >= 0, `${what}: ${k} = ${v} >= 0`);
  };

  // CONFIG RESETSTAT: hits, misses and evicted_keys drop to 0.
  await client.configResetStat();
  const again = client.multi();
  for (let k = KEYS - 10; k < KEYS; k++) again.get(`key:${k}`);
  await again.execAsPipeline();
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  const reset = parseRedisInfo(lastInfo);
  t.ok(reset.hits + reset.misses === 10 && reset.evictions === 0, `Redis counts from 0 after RESETSTAT (${reset.hits} hits, ${reset.misses} misses)`);
  check(snap, 'after CONFIG RESETSTAT');
  t.equal(snap.cache.by_backend?.redis?.hits, before.hits + reset.hits, 'the hits after the reset are added, nothing is subtracted');
  t.equal(snap.cache.by_backend?.redis?.misses, before.misses + reset.misses);
  t.equal(snap.cache.by_backend?.redis?.evictions_last_hour, before.evictions);

  // A Redis that stops answering (SIGSTOP): INFO times out, the section says so, the rest is served.
  server.pause();
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  server.resume();
  t.same(snap.cache.unavailable, ['redis'], 'redis listed as unavailable while it does not answer');
  t.equal(snap.cache.by_backend?.memory?.size_bytes, 64, 'the other backend is still served');
  check(snap, 'while frozen');
  await c.advance(1000);
  t.notOk('unavailable' in (await c.telemetry.snapshot()).cache, 'available again once it answers');

  // Restart: down first (the section says so and the rest is served), then back with empty data and fresh counters.
  const lost = once(client, 'error');
  await server.stop();
  await lost;
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.cache.unavailable, ['redis'], 'redis listed as unavailable while down');
  t.equal(snap.cache.by_backend?.memory?.size_bytes, 64, 'the other backend is still served');
  t.ok(snap.envelopes !== undefined && snap.tokens !== undefined, 'the other sections are still served');
  check(snap, 'while down');
  const ready = new Promise((resolve) => client.once('ready', resolve)); // once() would reject on the reconnection errors
  await server.start();
  await ready;
  // More hits than the old run had: a counter going down would not reveal this restart; run_id does.
  await client.set('fresh', VALUE);
  const after = client.multi();
  for (let i = 0; i < 20; i++) after.get('fresh');
  after.get('nope');
  await after.execAsPipeline();
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.notOk('unavailable' in snap.cache, 'available again');
  check(snap, 'after a restart');
  const r = snap.cache.by_backend?.redis;
  t.equal(r?.hits, before.hits + reset.hits + 20, 'hits: every run counted once');
  t.equal(r?.misses, before.misses + reset.misses + 1, 'misses: every run counted once');
  t.equal(r?.size_entries, 1);
  t.equal(r?.size_bytes, parseRedisInfo(lastInfo).sizeBytes);
  const rescraped = await fetchText(`${http.url}/metrics`);
  t.ok(promValue(rescraped.body, 'parsec_cache_lookups', 'backend="redis"', 'result="hit"') >= promHits + reset.hits + 20, 'the exported counter never went down');
});
