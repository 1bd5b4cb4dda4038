import { InvalidOptionError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject, checkString } from '../errors/validate.ts';
import type { DemoCache, DemoNodeOptions, DemoScheduler, ResolvedDemoNodeOptions } from './types.ts';

/** Highest accepted `ratePerSecond`. */
export const MAX_RATE_PER_SECOND = 1_000_000;

/** Highest accepted `tickMs`. */
export const MAX_TICK_MS = 60_000;

/** Highest accepted `userCount` and `agentCount`. */
export const MAX_MEMBERS = 1_000_000;

/** Highest accepted `channelsPerMember`. */
export const MAX_CHANNELS_PER_MEMBER = 16;

/** Highest accepted `presenceEventsPerSecond`. */
export const MAX_PRESENCE_EVENTS_PER_SECOND = 100_000;

/** Highest accepted `historyCapacity`. */
export const MAX_HISTORY_CAPACITY = 10_000;

/** The default real driver: the global timers, unref'd so the demo never keeps a process alive. */
export const DEFAULT_SCHEDULER: DemoScheduler = Object.freeze({
  setInterval(fn: () => void, ms: number): unknown {
    const handle = setInterval(fn, ms);
    handle.unref();
    return handle;
  },
  clearInterval(handle: unknown): void {
    clearInterval(handle as NodeJS.Timeout);
  },
});

/** The defaults of {@link DemoNodeOptions}, in one place. */
export const DEMO_DEFAULTS = Object.freeze({
  ratePerSecond: 50,
  tickMs: 100,
  seed: 1,
  userCount: 200,
  agentCount: 20,
  channelsPerMember: 2,
  presenceEventsPerSecond: 10,
  historyCapacity: 100,
  tokenTtlMs: 300_000,
  tokenRevokeRatio: 0.4,
  cacheMaxBytes: 4 * 1024 * 1024,
});

function within(option: string, value: number, max: number): number {
  if (value > max) throw new InvalidOptionError(option, `a value <= ${max}`, value);
  return value;
}

function checkCache(value: unknown): DemoCache | undefined {
  if (value === undefined) return undefined;
  const c = value as Partial<DemoCache> | null;
  if (c === null || typeof c !== 'object' || typeof c.get !== 'function' || typeof c.set !== 'function' || typeof c.stats !== 'function') {
    throw new InvalidOptionError('cache', 'an object with get(), set() and stats()', value);
  }
  return c as DemoCache;
}

function checkScheduler(value: unknown): DemoScheduler {
  if (value === undefined) return DEFAULT_SCHEDULER;
  const s = value as Partial<DemoScheduler> | null;
  if (s === null || typeof s !== 'object' || typeof s.setInterval !== 'function' || typeof s.clearInterval !== 'function') {
    throw new InvalidOptionError('scheduler', 'an object with setInterval() and clearInterval()', value);
  }
  return s as DemoScheduler;
}

/** Applies defaults and validates; throws an InvalidOptionError naming the first bad option. */
export function resolveDemoOptions(options: DemoNodeOptions | undefined): ResolvedDemoNodeOptions {
  const o = checkObject('options', options) as DemoNodeOptions;
  const pick = <K extends keyof typeof DEMO_DEFAULTS>(k: K): unknown => (o[k] === undefined ? DEMO_DEFAULTS[k] : o[k]);
  const ratePerSecond = within('ratePerSecond', checkNumber('ratePerSecond', pick('ratePerSecond'), 0, false), MAX_RATE_PER_SECOND);
  if (ratePerSecond === 0) throw new InvalidOptionError('ratePerSecond', 'a number > 0', ratePerSecond);
  const cache = checkCache(o.cache);
  return {
    ratePerSecond,
    tickMs: within('tickMs', checkNumber('tickMs', pick('tickMs'), 1), MAX_TICK_MS),
    seed: within('seed', checkNumber('seed', pick('seed'), 0), 0xffff_ffff),
    userCount: within('userCount', checkNumber('userCount', pick('userCount'), 0), MAX_MEMBERS),
    agentCount: within('agentCount', checkNumber('agentCount', pick('agentCount'), 0), MAX_MEMBERS),
    channelsPerMember: within('channelsPerMember', checkNumber('channelsPerMember', pick('channelsPerMember'), 0, false), MAX_CHANNELS_PER_MEMBER),
    presenceEventsPerSecond: within(
      'presenceEventsPerSecond',
      checkNumber('presenceEventsPerSecond', pick('presenceEventsPerSecond'), 0, false),
      MAX_PRESENCE_EVENTS_PER_SECOND,
    ),
    historyCapacity: within('historyCapacity', checkNumber('historyCapacity', pick('historyCapacity'), 1), MAX_HISTORY_CAPACITY),
    tokenTtlMs: checkNumber('tokenTtlMs', pick('tokenTtlMs'), 1),
    tokenRevokeRatio: within('tokenRevokeRatio', checkNumber('tokenRevokeRatio', pick('tokenRevokeRatio'), 0, false), 1),
    cacheMaxBytes: checkNumber('cacheMaxBytes', pick('cacheMaxBytes'), 1),
    cache,
    cacheBackend: checkString('cacheBackend', o.cacheBackend ?? (cache === undefined ? 'memory' : 'external')),
    clock: checkFunction<() => number>('clock', o.clock ?? (() => performance.now())),
    scheduler: checkScheduler(o.scheduler),
  };
}
