import type { Meter } from '@opentelemetry/api';
import { checkNumber, checkObject } from '../errors/validate.ts';
import { InvalidArgumentError } from '../errors/errors.ts';
import { addCacheRecorder } from './cache-recorder.ts';
import { addChannelRecorder } from './channel-recorder.ts';
import { addHistoryRecorder } from './history-recorder.ts';
import { DEFAULT_MAX_LABELS, recordersFor } from './meter-recorders.ts';
import { addPresenceRecorder } from './presence-recorder.ts';
import { addActiveTokensRecorder } from './token-recorder.ts';
import type {
  CacheReading,
  CacheStatter,
  ChannelLister,
  HistoryReading,
  Observation,
  ObserveCacheOptions,
  PresenceReading,
  TokenReading,
} from './types.ts';

function observation(remove: () => void): Observation {
  return { unregister: remove };
}

function requireFunction<T>(name: string, value: T): T {
  if (typeof value !== 'function') throw new InvalidArgumentError(name, 'a function', value);
  return value;
}

/**
 * Whether `value` is an object with a method `name`. Reading the property
 * may throw (a revoked proxy, a getter that throws): then it has none, and
 * the caller throws its InvalidArgumentError rather than that.
 */
function hasMethod(value: unknown, name: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  try {
    return typeof (value as Record<string, unknown>)[name] === 'function';
  } catch {
    return false;
  }
}

/**
 * Reports a cache's statistics as `parsec.cache.lookups` (hit/miss),
 * `.evictions`, `.size` and `.entries` with `parsec.cache.backend`.
 * `stats` returns cumulative hits, misses and evictions and the current
 * size; it is read once per collection. Cumulative values count from the
 * first reading, and a reading that goes down (a restart, Redis'
 * `CONFIG RESETSTAT`) starts a new run, so the exported counters never go
 * down. Several caches with the same backend add up.
 */
export function observeCache(meter: Meter, stats: CacheStatter, options?: ObserveCacheOptions): Observation {
  const o = checkObject('options', options);
  let read: () => CacheReading | Promise<CacheReading>;
  if (typeof stats === 'function') read = stats;
  else if (hasMethod(stats, 'stats')) read = () => stats.stats();
  else throw new InvalidArgumentError('stats', 'a function or an object with stats()', stats);
  return observation(addCacheRecorder(recordersFor(meter), read, o.backend ?? 'memory'));
}

/** Options of {@link observeChannels}. */
export interface ObserveChannelsOptions {
  /** Most distinct patterns reported; further ones count under `_other`. Default 1 000. */
  maxPatterns?: number;
}

/**
 * Reports the channels that `lister.list()` returns as
 * `parsec.channels.active`, counted per `parsec.channel.pattern`.
 */
export function observeChannels(meter: Meter, lister: ChannelLister, options?: ObserveChannelsOptions): Observation {
  const o = checkObject('options', options);
  if (!hasMethod(lister, 'list')) {
    throw new InvalidArgumentError('lister', 'an object with list()', lister);
  }
  const maxPatterns = o.maxPatterns === undefined ? DEFAULT_MAX_LABELS : checkNumber('maxPatterns', o.maxPatterns, 1);
  return observation(addChannelRecorder(recordersFor(meter), lister, maxPatterns));
}

/**
 * Reports presence as `parsec.presence.members` (kind user, agent) and
 * `parsec.presence.channels`. Several readers on one meter add up.
 */
export function observePresence(meter: Meter, read: () => PresenceReading): Observation {
  return observation(addPresenceRecorder(recordersFor(meter), requireFunction('read', read)));
}

/** Reports history buffers as `parsec.history.buffered` and `.capacity`. Several readers add up. */
export function observeHistory(meter: Meter, read: () => HistoryReading): Observation {
  return observation(addHistoryRecorder(recordersFor(meter), requireFunction('read', read)));
}

/**
 * Reports the live tokens a token broker counts as `parsec.tokens.active`.
 * When reported, the snapshot's `tokens.active_count` is this gauge instead
 * of issued − revoked − expired, which counts only what was recorded since
 * the reader started: after a restart, tokens issued before it are still
 * live. Several readers on one meter add up.
 */
export function observeTokens(meter: Meter, read: () => TokenReading): Observation {
  return observation(addActiveTokensRecorder(recordersFor(meter), requireFunction('read', read)));
}
