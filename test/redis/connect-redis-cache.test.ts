// The demo's Redis connection (node-redis) against a real redis-server.
// The module is imported only once redis-server is known to be there.
import t from 'tap';
import { createClient } from 'redis';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { parseRedisInfo } from '../../src/redis/parse-info.ts';
import { clocked } from '../helpers/clocked.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { freePort, startRedisServer } from './redis-server.ts';

const load = () => import('../../src/demo/connect-redis-cache.ts');

t.test('a DemoNode on a real Redis: batched lookups and stores, hits and misses as Redis counts them', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program, []); // no maxmemory: nothing evicted
  const { connectRedisCache } = await load();
  const c = clocked();
  const redis = await connectRedisCache(server.url, { ttlMs: 60_000, info: { clock: () => c.now } });
  t.equal(redis.url, server.url);
  t.teardown(async () => {
    await c.telemetry.shutdown();
    await redis.close();
  });
  const probe = createClient({ url: server.url });
  probe.on('error', () => {});
  await probe.connect();
  t.teardown(() => probe.destroy());
  const base = parseRedisInfo(await probe.info());
  // Its constructor already looks tokens up; the first INFO (the baseline) is asked before that pipeline goes out.
  const node = new DemoNode(c.telemetry.meter, { cache: redis.cache, cacheBackend: 'redis', ratePerSecond: 2000, seed: 3 });
  t.teardown(() => node.close());
  await c.advance(1000);
  const commandsBefore = Number(/total_commands_processed:(\d+)/.exec(await probe.info('stats'))?.[1]);
  for (let i = 0; i < 5; i++) node.tick(200); // 2 000 envelopes
  while (redis.cache.inFlight > 0 || (await probe.dbSize()) === 0) await new Promise((resolve) => setImmediate(resolve));
  const own = parseRedisInfo(await probe.info());
  const commands = Number(/total_commands_processed:(\d+)/.exec(await probe.info('stats'))?.[1]) - commandsBefore;
  await c.advance(1000);
  const snap = (await c.telemetry.snapshot()).cache.by_backend?.redis;
  t.ok(own.hits - base.hits > 0 && own.misses - base.misses > 0, `Redis counted ${own.hits - base.hits} hits, ${own.misses - base.misses} misses`);
  t.equal(snap?.hits, own.hits - base.hits);
  t.equal(snap?.misses, own.misses - base.misses);
  t.equal(snap?.size_entries, own.entries);
  t.ok(commands > 1000, `${commands} commands reached Redis`);
  const [key] = await probe.keys('parsec-demo:env:*');
  t.ok(key !== undefined, 'keys carry the prefix');
  const ttl = await probe.pTTL(key as string);
  t.ok(ttl > 0 && ttl <= 60_000, `and the TTL (${ttl} ms left)`);
  await redis.close();
  await redis.close(); // idempotent
});

t.test('losing Redis and getting it back is told once each; meanwhile operations fail fast', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program);
  const { connectRedisCache } = await load();
  const status: string[] = [];
  let told: () => void = () => {};
  const redis = await connectRedisCache(server.url, {
    onStatus: (message) => {
      status.push(message);
      told();
    },
  });
  t.teardown(() => redis.close());
  const next = () => new Promise<void>((resolve) => (told = resolve));
  let lost = next();
  await server.stop();
  await lost;
  t.match(status, [/^Redis at redis:\/\/127\.0\.0\.1:\d+: connection lost \(.+\); reconnecting$/]);
  await t.rejects(redis.cache.get('a'), { message: 'not connected to Redis (reconnecting)' }, 'no offline queue: a lookup fails at once');
  await t.rejects(redis.cache.set('a', 10), { message: /not connected/ });
  await t.rejects(redis.cache.stats(), { message: /offline/ });
  t.equal(redis.cache.inFlight, 0, 'nothing waits for Redis to come back');
  lost = next();
  await server.start();
  await lost;
  t.match(status[1], /connected again$/);
  t.equal(status.length, 2, 'the failed reconnection attempts in between are not told');
  t.equal(await redis.cache.get('a'), undefined);
  // Without onStatus a loss is silent; closing while disconnected does not wait for Redis.
  const quiet = await connectRedisCache(server.url);
  await server.stop();
  await t.rejects(quiet.cache.stats());
  await quiet.close();
  t.pass('closed while Redis is down');
});

t.test('close() waits for replies still due, but not for a Redis that stopped answering', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program);
  const { connectRedisCache } = await load();
  const graceful = await connectRedisCache(server.url);
  const answered = graceful.cache.set('a', 10);
  await new Promise((resolve) => setImmediate(resolve)); // the pipeline goes out
  await graceful.close();
  await answered;
  t.pass('a store under way is answered before the connection closes');
  const frozen = await connectRedisCache(server.url, { closeTimeoutMs: 50 });
  t.teardown(() => server.resume());
  server.pause(); // connected, but nothing is answered
  const lookup = frozen.cache.get('a');
  await new Promise((resolve) => setImmediate(resolve)); // the pipeline goes out
  const started = performance.now();
  await frozen.close();
  t.ok(performance.now() - started >= 45, 'close() gave up after closeTimeoutMs');
  await t.rejects(lookup, 'the unanswered lookup fails');
});

t.test('the first connection must succeed: a clear error naming the URL, password hidden', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const { connectRedisCache } = await load();
  const port = await freePort(); // nothing listens there
  await t.rejects(connectRedisCache(`redis://user:hunter2@127.0.0.1:${port}`, { connectTimeoutMs: 2000 }), {
    message: new RegExp(`^cannot connect to Redis at redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
  });
});

t.test('without the redis package: a message that says to install it', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const { connectRedisCache } = await load();
  const missing = Object.assign(new Error("Cannot find package 'redis'"), { code: 'ERR_MODULE_NOT_FOUND' });
  await t.rejects(connectRedisCache('redis://127.0.0.1:6379', { loadClient: () => Promise.reject(missing) }), {
    message: `--redis needs the "redis" package, which is not installed (npm install redis): Cannot find package 'redis'`,
  });
});

t.test('redactUrl', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const { redactUrl } = await load();
  t.equal(redactUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  t.equal(redactUrl('rediss://u:p@example.com:6380/2'), 'rediss://u:***@example.com:6380/2');
  t.equal(redactUrl('not a url'), '(an invalid URL)');
});
