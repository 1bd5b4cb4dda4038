import t, { type Test } from 'tap';
import { InvalidArgumentError, InvalidOptionError, redisStatter } from '../../src/index.ts';
import { REDIS_INFO_MAX_AGE_MS } from '../../src/redis/redis-statter.ts';
import { CACHE_READ_TIMEOUT_MS } from '../../src/record/cache-recorder.ts';
import { thrown } from '../helpers/expect-throw.ts';

function infoText(hits: number): string {
  return `# Stats\r\nkeyspace_hits:${hits}\r\nkeyspace_misses:1\r\nevicted_keys:0\r\n# Memory\r\nused_memory:100\r\n# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n`;
}

/** Lets every pending promise callback run. */
const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An INFO function whose answers the test releases one by one. */
function manualInfo() {
  const pending: { resolve: (text: string) => void; reject: (err: Error) => void }[] = [];
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    pending,
    info: () => {
      calls++;
      return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

t.test('concurrent callers share one INFO call (single flight)', async (t) => {
  const m = manualInfo();
  const now = 0;
  const read = redisStatter(m.info, { clock: () => now });
  const a = read();
  const b = read();
  t.equal(a, b, 'the same promise');
  await drain();
  t.equal(m.calls, 1);
  m.pending[0]?.resolve(infoText(5));
  t.same(await a, { hits: 5, misses: 1, evictions: 0, sizeBytes: 100, entries: 2 });
  t.same(await b, await a);
});

t.test('a reading younger than maxAgeMs is reused; an older one is not', async (t) => {
  let hits = 0;
  let calls = 0;
  let now = 0;
  const read = redisStatter(async () => (calls++, infoText(++hits)), { clock: () => now });
  t.equal((await read()).hits, 1);
  now += REDIS_INFO_MAX_AGE_MS - 1;
  t.equal((await read()).hits, 1, 'reused');
  t.equal(calls, 1);
  now += 1;
  t.equal((await read()).hits, 2, 'asked again');
  t.equal(calls, 2);
  const fresh = redisStatter(async () => infoText(++hits), { clock: () => now, maxAgeMs: 0 });
  t.not((await fresh()).hits, (await fresh()).hits, 'maxAgeMs 0 reuses nothing');
});

t.test('the default clock is performance.now', async (t) => {
  let calls = 0;
  const read = redisStatter(async () => (calls++, infoText(1)));
  await read();
  await read();
  t.equal(calls, 1, 'two calls within 250 ms of real time share one INFO');
});

t.test('a failure is not reused: the next call asks again', async (t) => {
  const now = 0;
  let fail = true;
  const read = redisStatter(async () => {
    if (fail) throw new Error('ECONNREFUSED');
    return infoText(3);
  }, { clock: () => now });
  await t.rejects(read(), { message: 'ECONNREFUSED' });
  fail = false;
  t.equal((await read()).hits, 3);
  const throwing = redisStatter(() => {
    throw new Error('not connected');
  });
  await t.rejects(throwing(), { message: 'not connected' }, 'a synchronous throw is a failed reading, not a throw');
  await t.rejects(redisStatter(async () => 'ERR unknown')(), InvalidArgumentError, 'unusable text fails the reading');
});

/** The statter's timeout timer is unref'd: keep the test process alive while a test waits for it. */
function keepAlive(t: Test): void {
  const timer = setInterval(() => {}, 60_000);
  t.teardown(() => clearInterval(timer));
}

t.test('a slow INFO fails the reading after timeoutMs; at most one INFO is ever outstanding', async (t) => {
  keepAlive(t);
  const m = manualInfo();
  let now = 0;
  const read = redisStatter(m.info, { clock: () => now, timeoutMs: 5 });
  await t.rejects(read(), { message: 'Redis INFO did not answer within 5 ms' });
  now += 1000;
  const second = read();
  await t.rejects(second, { message: /within 5 ms/ });
  t.equal(m.calls, 1, 'the second reading waited on the call still outstanding');
  m.pending[0]?.reject(new Error('late failure')); // handled: no unhandled rejection
  await drain();
  now += 1000;
  const third = read();
  await drain();
  t.equal(m.calls, 2, 'once it settled, the next reading asks again');
  m.pending[1]?.resolve(infoText(9));
  t.equal((await third).hits, 9);
});

t.test('a late answer after a timeout is not lost for the next reading', async (t) => {
  keepAlive(t);
  const m = manualInfo();
  const now = 0;
  const read = redisStatter(m.info, { clock: () => now, timeoutMs: 5 });
  await t.rejects(read());
  const next = read();
  m.pending[0]?.resolve(infoText(4));
  t.equal((await next).hits, 4);
  t.equal(m.calls, 1);
});

t.test('invalid arguments and options throw at once, naming them', async (t) => {
  for (const info of [undefined, 'INFO', {}]) {
    const err = thrown(() => redisStatter(info as never));
    t.type(err, InvalidArgumentError);
    t.equal((err as InvalidArgumentError).argument, 'info');
  }
  const cases: [string, unknown][] = [
    ['timeoutMs', 0],
    ['timeoutMs', 1.5],
    ['timeoutMs', CACHE_READ_TIMEOUT_MS + 1],
    ['maxAgeMs', -1],
    ['maxAgeMs', Number.NaN],
    ['clock', 42],
  ];
  for (const [option, value] of cases) {
    const err = thrown(() => redisStatter(async () => '', { [option]: value }));
    t.type(err, InvalidOptionError, `${option}: ${String(value)}`);
    t.equal((err as InvalidOptionError).option, option);
  }
  t.match((thrown(() => redisStatter(async () => '', { timeoutMs: 10_000 })) as Error).message,
    `an integer from 1 to ${CACHE_READ_TIMEOUT_MS} (observeCache gives up on a reading after ${CACHE_READ_TIMEOUT_MS} ms)`);
  t.equal((thrown(() => redisStatter(async () => '', null as never)) as InvalidOptionError).option, 'options');
  t.doesNotThrow(() => redisStatter(async () => '', { timeoutMs: CACHE_READ_TIMEOUT_MS, maxAgeMs: 0, clock: () => 0 }));
});
