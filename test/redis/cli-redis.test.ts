// `parsec-telemetry demo --redis URL` against a real redis-server.
import t from 'tap';
import { createServer, type AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { main } from '../../src/cli.ts';
import { recordingIo as io } from '../helpers/cli-io.ts';
import type { Snapshot } from '../../src/index.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { freePort, startRedisServer } from './redis-server.ts';


/** Connections Redis lists, polled until only `probe`'s is left (Redis notices a closed socket a moment later). */
async function clientsLeft(probe: { clientList(): Promise<unknown[]> }): Promise<number> {
  let n = (await probe.clientList()).length;
  for (let i = 0; i < 100 && n > 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = (await probe.clientList()).length;
  }
  return n;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('demo --redis: the demo caches in Redis and its snapshot reads Redis', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program);
  const x = io();
  const run = main(['demo', '--port', '0', '--rate', '2000', '--redis', server.url], x);
  let base: string | undefined;
  for (let i = 0; i < 1000 && base === undefined; i++) {
    base = /snapshot\s+(http:\/\/\S+)\/parsec\/metrics/.exec(x.out)?.[1];
    if (base === undefined) await tick();
  }
  t.ok(base, 'URLs printed');
  t.match(x.out, `  cache       Redis at ${server.url}\n`);
  // Bounded polling of the running demo: until Redis has answered lookups (the demo ticks every 100 ms).
  let cache: Snapshot['cache'] | undefined;
  for (let i = 0; i < 100; i++) {
    cache = (JSON.parse((await fetchText(`${base}/parsec/metrics`)).body) as Snapshot).cache;
    const redis = cache.by_backend?.redis;
    if (redis !== undefined && redis.hits > 0 && redis.misses > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.same(Object.keys(cache?.by_backend ?? {}), ['redis'], 'the cache is Redis, not the in-memory LRU');
  t.ok((cache?.hits ?? 0) > 0 && (cache?.misses ?? 0) > 0, `hits ${cache?.hits}, misses ${cache?.misses}`);
  t.ok((cache?.size_bytes ?? 0) > 0 && (cache?.size_entries ?? 0) > 0);
  t.notOk('unavailable' in (cache ?? {}));
  const probe = createClient({ url: server.url });
  probe.on('error', () => {});
  await probe.connect();
  t.ok((await probe.keys('parsec-demo:*')).length > 0, 'the demo wrote its keys');
  probe.destroy(); // so that it does not reconnect after the restart below
  t.equal(x.err, '');

  // Redis goes away: said once on stderr; the snapshot names redis unavailable and the rest is served.
  await server.stop();
  let snap: Snapshot | undefined;
  for (let i = 0; i < 100 && snap?.cache.unavailable === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    snap = JSON.parse((await fetchText(`${base}/parsec/metrics`)).body) as Snapshot;
  }
  t.same(snap?.cache.unavailable, ['redis']);
  t.ok((snap?.envelopes.rate_per_second ?? 0) > 0, 'envelopes still flow');
  t.match(x.err, /^parsec-telemetry: Redis at redis:\/\/127\.0\.0\.1:\d+: connection lost \(.+\); reconnecting\n/);
  // Meanwhile the diagnostic log says, once each, that cache operations and the cache's statistics fail.
  for (const line of x.err.split('\n').slice(1).filter((l) => l !== '')) t.match(line, /^\S+Z warn parsec-telemetry( demo)?: cache (operation|statter #\d+) failed/);
  // And comes back.
  await server.start();
  for (let i = 0; i < 100 && !x.err.includes('connected again'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  t.match(x.err, /connected again\n$/);
  const back = createClient({ url: server.url });
  back.on('error', () => {});
  await back.connect();
  t.teardown(() => back.destroy());
  x.signal('SIGTERM');
  t.equal(await run, 0);
  t.equal(await clientsLeft(back), 1, 'the demo closed its connection: only the probe is left');
});

t.test('demo --redis with nothing listening: a clear message, password hidden, exit 1', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const port = await freePort();
  const x = io();
  t.equal(await main(['demo', '--port', '0', '--redis', `redis://parsec:hunter2@127.0.0.1:${port}`], x), 1);
  t.match(x.err, new RegExp(`^parsec-telemetry: cannot connect to Redis at redis://parsec:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  t.notMatch(x.err, 'hunter2');
  t.equal(x.out, '');
});

t.test('demo --redis with the HTTP port in use: Redis is closed again, exit 1', async (t) => {
  const program = requireProgram(t, 'redis-server');
  if (program === undefined) return;
  const server = await startRedisServer(t, program);
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => blocker.once('listening', resolve));
  t.teardown(() => blocker.close());
  const x = io();
  t.equal(await main(['demo', '--port', String((blocker.address() as AddressInfo).port), '--redis', server.url], x), 1);
  t.match(x.err, /cannot listen on 127\.0\.0\.1:\d+/);
  const probe = createClient({ url: server.url });
  probe.on('error', () => {});
  await probe.connect();
  t.teardown(() => probe.destroy());
  t.equal(await clientsLeft(probe), 1, 'no connection of the demo left');
});
