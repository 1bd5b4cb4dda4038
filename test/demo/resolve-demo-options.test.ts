import t from 'tap';
import { DEFAULT_SCHEDULER, DEMO_DEFAULTS, resolveDemoOptions } from '../../src/demo/resolve-demo-options.ts';
import { LruCache } from '../../src/demo/lru-cache.ts';
import { ErrorCode, InvalidOptionError } from '../../src/errors/errors.ts';
import { thrown } from '../helpers/expect-throw.ts';

t.test('defaults', async (t) => {
  const o = resolveDemoOptions(undefined);
  t.match(o, { ...DEMO_DEFAULTS, cache: undefined, cacheBackend: 'memory', scheduler: DEFAULT_SCHEDULER });
  t.same(
    { rate: o.ratePerSecond, tick: o.tickMs, history: o.historyCapacity, cache: o.cacheMaxBytes },
    { rate: 50, tick: 100, history: 100, cache: 4 * 1024 * 1024 },
  );
  t.equal(typeof o.clock(), 'number');
  t.same(resolveDemoOptions({}), o, 'an empty object reads as defaults');
});

t.test('explicit values are kept', async (t) => {
  const cache = new LruCache(10);
  const clock = () => 5;
  const scheduler = { setInterval: () => 1, clearInterval: () => undefined };
  const o = resolveDemoOptions({
    ratePerSecond: 0.5,
    tickMs: 60_000,
    seed: 0xffff_ffff,
    userCount: 0,
    agentCount: 1_000_000,
    channelsPerMember: 0,
    presenceEventsPerSecond: 0,
    historyCapacity: 1,
    tokenTtlMs: 1,
    tokenRevokeRatio: 1,
    cacheMaxBytes: 1,
    cache,
    clock,
    scheduler,
  });
  t.match(o, {
    ratePerSecond: 0.5,
    tickMs: 60_000,
    seed: 0xffff_ffff,
    userCount: 0,
    agentCount: 1_000_000,
    channelsPerMember: 0,
    presenceEventsPerSecond: 0,
    historyCapacity: 1,
    tokenTtlMs: 1,
    tokenRevokeRatio: 1,
    cacheMaxBytes: 1,
  });
  t.equal(o.cache, cache);
  t.equal(o.cacheBackend, 'external', 'an external cache reports as "external" unless named');
  t.equal(o.clock, clock);
  t.equal(o.scheduler, scheduler);
  t.equal(resolveDemoOptions({ cache, cacheBackend: 'redis' }).cacheBackend, 'redis');
  t.equal(resolveDemoOptions({ ratePerSecond: 1_000_000 }).ratePerSecond, 1_000_000);
});

// Every invalid explicit value throws an InvalidOptionError naming the option.
const INVALID: [string, unknown][] = [
  ['ratePerSecond', 0],
  ['ratePerSecond', -5],
  ['ratePerSecond', 1_000_001],
  ['ratePerSecond', Number.NaN],
  ['ratePerSecond', Number.POSITIVE_INFINITY],
  ['ratePerSecond', '50'],
  ['ratePerSecond', null],
  ['tickMs', 0],
  ['tickMs', 1.5],
  ['tickMs', 60_001],
  ['seed', -1],
  ['seed', 0.5],
  ['seed', 2 ** 32],
  ['userCount', -1],
  ['userCount', 1_000_001],
  ['agentCount', 2.5],
  ['channelsPerMember', -0.1],
  ['channelsPerMember', 17],
  ['presenceEventsPerSecond', -1],
  ['presenceEventsPerSecond', 100_001],
  ['historyCapacity', 0],
  ['historyCapacity', 10_001],
  ['tokenTtlMs', 0],
  ['tokenTtlMs', 100.5],
  ['tokenRevokeRatio', -0.1],
  ['tokenRevokeRatio', 1.1],
  ['cacheMaxBytes', 0],
  ['cacheMaxBytes', '4MiB'],
  ['cache', null],
  ['cache', 'redis://localhost'],
  ['cache', { get() {}, set() {} }],
  ['cache', { get() {}, stats() {} }],
  ['cache', { set() {}, stats() {} }],
  ['cacheBackend', ''],
  ['cacheBackend', 7],
  ['clock', 5],
  ['scheduler', null],
  ['scheduler', () => undefined],
  ['scheduler', { setInterval() {} }],
  ['scheduler', { clearInterval() {} }],
];

for (const [option, value] of INVALID) {
  t.test(`${option} = ${typeof value === 'object' && value !== null ? JSON.stringify(Object.keys(value)) : String(value)}`, async (t) => {
    const err = thrown(() => resolveDemoOptions({ [option]: value }));
    t.type(err, InvalidOptionError);
    t.equal((err as InvalidOptionError).option, option);
    t.equal((err as InvalidOptionError).code, ErrorCode.INVALID_OPTION);
    t.match((err as Error).message, option);
  });
}

t.test('options must be an object', async (t) => {
  for (const bad of [null, 5, 'fast', []]) {
    t.equal((thrown(() => resolveDemoOptions(bad as never)) as InvalidOptionError).option, 'options');
  }
});

t.test('the default scheduler runs an unref\'d interval and clears it', async (t) => {
  const handle = DEFAULT_SCHEDULER.setInterval(() => undefined, 60_000) as NodeJS.Timeout;
  t.equal(handle.hasRef(), false, 'does not keep the process alive');
  DEFAULT_SCHEDULER.clearInterval(handle);
  t.equal((handle as unknown as { _destroyed: boolean })._destroyed, true, 'cleared');
});
