import { InvalidArgumentError, InvalidOptionError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject } from '../errors/validate.ts';
import { CACHE_READ_TIMEOUT_MS } from '../record/cache-recorder.ts';
import { parseRedisInfoDetail } from './parse-info.ts';
import { RedisRuns } from './redis-runs.ts';
import { withTimeout } from '../timing/with-timeout.ts';
import type { RedisCacheReading, RedisInfo, RedisStatterOptions } from './types.ts';

/** Default of {@link RedisStatterOptions.maxAgeMs}. */
export const REDIS_INFO_MAX_AGE_MS = 250;

/**
 * A cache statter over Redis' `INFO` (for `observeCache`, or anything that
 * wants {@link parseRedisInfo}'s figures), that asks Redis as little as it can:
 *
 * - single flight: calls made while a reading is under way share it;
 * - a reading younger than `maxAgeMs` is reused;
 * - at most one `INFO` call is ever outstanding: while one that timed out
 *   has not answered yet, the next reading waits on it instead of asking again.
 *
 * Its hits, misses and evictions never go down: a restart (`run_id`
 * changes) or `CONFIG RESETSTAT` (`total_commands_processed` goes down)
 * starts a new run that is added to the last values of the old one (see
 * {@link RedisRuns}).
 *
 * A reading fails (the promise rejects) when `info()` throws, rejects,
 * answers text {@link parseRedisInfo} cannot use, or takes longer than
 * `timeoutMs`. Failures are not reused: the next call asks again.
 * Invalid arguments and options throw at once.
 */
export function redisStatter(info: RedisInfo, options?: RedisStatterOptions): () => Promise<RedisCacheReading> {
  if (typeof info !== 'function') {
    throw new InvalidArgumentError('info', 'a function that resolves with the text of Redis INFO, e.g. () => client.info()', info);
  }
  const o = checkObject('options', options);
  const timeoutMs = o.timeoutMs === undefined ? CACHE_READ_TIMEOUT_MS : checkTimeout(o.timeoutMs);
  const maxAgeMs = o.maxAgeMs === undefined ? REDIS_INFO_MAX_AGE_MS : checkNumber('maxAgeMs', o.maxAgeMs, 0);
  const clock = o.clock === undefined ? () => performance.now() : checkFunction<() => number>('clock', o.clock);

  let call: Promise<string> | undefined; // the INFO call outstanding, if any
  let flight: Promise<RedisCacheReading> | undefined; // the reading under way, shared by concurrent callers
  let last: { at: number; reading: RedisCacheReading } | undefined;
  const runs = new RedisRuns();

  function ask(): Promise<string> {
    if (call !== undefined) return call;
    const pending = Promise.resolve().then(info);
    const settled = (): void => {
      if (call === pending) call = undefined;
    };
    pending.then(settled, settled);
    call = pending;
    return pending;
  }

  async function read(): Promise<RedisCacheReading> {
    const text = await withTimeout(ask(), timeoutMs, () => {
      throw new Error(`Redis INFO did not answer within ${timeoutMs} ms`);
    }, { unref: true });
    const reading = runs.continue(parseRedisInfoDetail(text));
    last = { at: clock(), reading };
    return reading;
  }

  return () => {
    if (flight !== undefined) return flight;
    if (last !== undefined && clock() - last.at < maxAgeMs) return Promise.resolve(last.reading);
    const current = read().finally(() => {
      flight = undefined;
    });
    flight = current;
    return current;
  };
}

function checkTimeout(value: unknown): number {
  const ms = checkNumber('timeoutMs', value, 1);
  if (ms > CACHE_READ_TIMEOUT_MS) {
    throw new InvalidOptionError(
      'timeoutMs',
      `an integer from 1 to ${CACHE_READ_TIMEOUT_MS} (observeCache gives up on a reading after ${CACHE_READ_TIMEOUT_MS} ms)`,
      value,
    );
  }
  return ms;
}
