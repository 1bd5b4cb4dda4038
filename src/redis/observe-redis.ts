import type { Meter } from '@opentelemetry/api';
import { checkObject } from '../errors/validate.ts';
import { observeCache } from '../record/observe.ts';
import type { Observation } from '../record/types.ts';
import { redisStatter } from './redis-statter.ts';
import type { ObserveRedisOptions, RedisInfo } from './types.ts';

/**
 * Reports a Redis-backed cache through `observeCache` with
 * `parsec.cache.backend = "redis"`: hits, misses and evictions from
 * `keyspace_hits`, `keyspace_misses` and `evicted_keys`, size from
 * `used_memory`, entries from the `# Keyspace` key counts.
 *
 * `info` fetches the text of `INFO`, e.g. `() => client.info()`; it is called
 * asynchronously, at most once per sample (concurrent collections share one
 * call, and a reading younger than `maxAgeMs` is reused), within `timeoutMs`.
 * While Redis cannot be read, the snapshot lists the backend in
 * `cache.unavailable` and serves the rest. Redis' counters reset on restart
 * and `CONFIG RESETSTAT`: a reading that goes down starts a new run, so
 * counts never go negative and the hit rate never exceeds 100 %.
 *
 * ```ts
 * const client = await createClient({ url }).connect();   // node-redis
 * observeRedis(meter, () => client.info());
 * ```
 */
export function observeRedis(meter: Meter, info: RedisInfo, options?: ObserveRedisOptions): Observation {
  const { backend, ...statter } = checkObject('options', options) as ObserveRedisOptions;
  return observeCache(meter, redisStatter(info, statter), { backend: backend ?? 'redis' });
}
