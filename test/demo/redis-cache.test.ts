import t from 'tap';
import { InvalidArgumentError, InvalidOptionError } from '../../src/index.ts';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { MAX_REDIS_VALUE_BYTES, RedisDemoCache, type RedisCommand, type RedisPipelineClient } from '../../src/demo/redis-cache.ts';
import { clocked } from '../helpers/clocked.ts';
import { thrown } from '../helpers/expect-throw.ts';

/** Lets every pending promise callback run. */
const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A fake Redis behind the pipeline interface: a key → length map with
 * Redis' hit and miss counting. Pipelines are answered when the test says
 * (`hold`) or at once.
 */
function fakeClient(options: { hold?: boolean } = {}) {
  const data = new Map<string, number>();
  const stats = { hits: 0, misses: 0 };
  const pipelines: RedisCommand[][] = [];
  const held: (() => void)[] = [];
  let fail: unknown = undefined;
  let failing = false;
  const answer = (commands: readonly RedisCommand[]): unknown[] =>
    commands.map(([name, key, value]) => {
      if (name === 'SET') {
        data.set(key as string, (value as Buffer).length);
        return 'OK';
      }
      const n = data.get(key as string);
      if (n === undefined) stats.misses++;
      else stats.hits++;
      return n ?? 0;
    });
  const client: RedisPipelineClient = {
    pipeline(commands) {
      pipelines.push([...commands]);
      if (failing) return Promise.reject(fail);
      if (!options.hold) return Promise.resolve(answer(commands));
      return new Promise((resolve) => held.push(() => resolve(answer(commands))));
    },
    info: async () =>
      `# Memory\r\nused_memory:${[...data.values()].reduce((a, b) => a + b, 0)}\r\n# Stats\r\nkeyspace_hits:${stats.hits}\r\n` +
      `keyspace_misses:${stats.misses}\r\nevicted_keys:0\r\n# Keyspace\r\ndb0:keys=${data.size},expires=${data.size},avg_ttl=1\r\n`,
  };
  return {
    client, data, stats, pipelines, held,
    fail(err: unknown) {
      failing = true;
      fail = err;
    },
  };
}

t.test('operations of one tick go out as one pipeline; lookups resolve with the size or undefined', async (t) => {
  const f = fakeClient();
  const cache = new RedisDemoCache(f.client, { ttlMs: 60_000 });
  const stored = cache.set('a', 100);
  cache.set('b', 10.2);
  const hit = cache.get('a');
  const miss = cache.get('zzz');
  t.equal(f.pipelines.length, 0, 'nothing sent within the tick');
  t.same([await hit, await miss], [100, undefined]);
  await stored;
  t.equal(f.pipelines.length, 1, 'one pipeline for four operations');
  const [set] = f.pipelines[0] ?? [];
  t.same([set?.[0], set?.[1], (set?.[2] as Buffer).length, set?.[3], set?.[4]], ['SET', 'parsec-demo:a', 100, 'PX', '60000']);
  t.equal(f.data.get('parsec-demo:b'), 11, 'sizes are rounded up to whole bytes');
  t.same(f.pipelines[0]?.[2], ['STRLEN', 'parsec-demo:a']);
  t.same(await cache.stats(), { hits: 1, misses: 1, evictions: 0, sizeBytes: 111, entries: 2 });
});

t.test('a full batch is sent at once; large values share one growing buffer', async (t) => {
  const f = fakeClient();
  const cache = new RedisDemoCache(f.client, { maxBatch: 2, keyPrefix: 'x:' });
  cache.set('a', 1);
  cache.set('b', 5000);
  t.equal(cache.inFlight, 1, 'sent when full, before the tick ends');
  await cache.set('c', MAX_REDIS_VALUE_BYTES);
  t.equal(f.pipelines.length, 2);
  t.same([...f.data.entries()], [['x:a', 1], ['x:b', 5000], ['x:c', MAX_REDIS_VALUE_BYTES]]);
});

t.test('at most maxInFlight pipelines await replies; beyond that operations are dropped, not queued', async (t) => {
  const f = fakeClient({ hold: true });
  const cache = new RedisDemoCache(f.client, { maxInFlight: 1 });
  const first = cache.get('a');
  await drain();
  t.equal(cache.inFlight, 1);
  await t.rejects(cache.get('b'), { message: /1 pipelines await replies; operation dropped/ });
  await t.rejects(cache.set('b', 1), { message: /dropped/ });
  t.equal(cache.dropped, 2);
  f.held.shift()?.();
  t.equal(await first, undefined);
  t.equal(cache.inFlight, 0);
  const later = cache.get('a');
  await drain();
  f.held.shift()?.();
  t.equal(await later, undefined, 'accepted again once Redis answered');
});

t.test('a failed pipeline rejects its lookups and stores', async (t) => {
  const f = fakeClient();
  const cache = new RedisDemoCache(f.client);
  f.fail(new Error('OOM command not allowed when used memory > maxmemory'));
  const stored = cache.set('a', 1);
  const looked = cache.get('a');
  await t.rejects(stored, { message: /OOM/ });
  await t.rejects(looked, { message: /OOM/ });
  t.equal(cache.inFlight, 0);
  f.fail(undefined);
  await t.rejects(cache.set('a', 1), { message: 'Redis pipeline failed' }, 'a rejection without a reason still fails');
  const unheard = cache.set('b', 1); // nobody waits on it: no unhandled rejection
  t.ok(unheard instanceof Promise);
  await drain();
});

t.test('a client that throws synchronously fails the pipeline, not the caller', async (t) => {
  const cache = new RedisDemoCache({
    pipeline: () => {
      throw new Error('client closed');
    },
    info: async () => '',
  });
  await t.rejects(cache.get('a'), { message: 'client closed' });
});

t.test('invalid sizes, clients and options throw', async (t) => {
  const cache = new RedisDemoCache(fakeClient().client);
  for (const size of [-1, Number.NaN, Number.POSITIVE_INFINITY, MAX_REDIS_VALUE_BYTES + 1, '5']) {
    t.type(thrown(() => cache.set('k', size as number)), InvalidArgumentError, String(size));
  }
  for (const client of [undefined, {}, { pipeline() {} }]) {
    t.equal((thrown(() => new RedisDemoCache(client as never)) as InvalidArgumentError).argument, 'client');
  }
  const cases: [string, unknown][] = [['keyPrefix', ''], ['ttlMs', 0], ['maxBatch', 0.5], ['maxInFlight', 0], ['info', 5]];
  for (const [option, value] of cases) {
    t.equal((thrown(() => new RedisDemoCache(fakeClient().client, { [option]: value })) as InvalidOptionError).option, option);
  }
  t.equal((thrown(() => new RedisDemoCache(fakeClient().client, { info: { timeoutMs: 0 } })) as InvalidOptionError).option, 'timeoutMs');
});

t.test('a DemoNode on it: every lookup and store reaches Redis in a few pipelines, and the snapshot shows it', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const f = fakeClient();
  const cache = new RedisDemoCache(f.client, { info: { clock: () => c.now } });
  const node = new DemoNode(c.telemetry.meter, { cache, cacheBackend: 'redis', ratePerSecond: 5000, seed: 7 });
  t.teardown(() => node.close());
  await drain();
  const before = f.pipelines.length;
  node.tick(1000); // 5000 envelopes in one tick
  await drain();
  await drain();
  const sent = f.pipelines.slice(before);
  const commands = sent.reduce((n, p) => n + p.length, 0);
  t.ok(commands > 5000, `${commands} commands`);
  t.ok(sent.length <= Math.ceil(commands / 1000) + 2, `${sent.length} pipelines for them (a few more for the stores of misses)`);
  await c.advance(1000);
  const redis = (await c.telemetry.snapshot()).cache.by_backend?.redis;
  t.equal(redis?.hits, f.stats.hits);
  t.equal(redis?.misses, f.stats.misses);
  t.ok((redis?.hits ?? 0) > 0 && (redis?.misses ?? 0) > 0);
  t.equal(redis?.size_entries, f.data.size);
});
