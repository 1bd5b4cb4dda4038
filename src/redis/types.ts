import type { CacheReading } from '../record/types.ts';

/**
 * Fetches the text of a Redis server's `INFO` (no section, or `default`, so
 * that `# Stats`, `# Memory` and `# Keyspace` are in it), e.g.
 * `() => client.info()` with node-redis or `() => redis.info()` with ioredis.
 * The package needs no Redis client of its own.
 */
export type RedisInfo = () => Promise<string>;

/** What {@link parseRedisInfo} reads from `INFO`: the figures of `observeCache`. */
export type RedisCacheReading = CacheReading;

/** Options of {@link redisStatter}. */
export interface RedisStatterOptions {
  /**
   * Time `INFO` may take before the reading fails (the backend is then
   * listed in `cache.unavailable`), in milliseconds. Integer from 1 to the
   * time `observeCache` waits for an async statter. Default: that time.
   */
  timeoutMs?: number;
  /**
   * A reading younger than this is reused instead of asking Redis again, in
   * milliseconds, so several readers collecting at about the same time (the
   * snapshot reader, a Prometheus scrape, an OTLP export) cost one `INFO`.
   * Integer >= 0; 0 reuses nothing (concurrent calls still share one `INFO`). Default 250.
   */
  maxAgeMs?: number;
  /** Monotonic clock in milliseconds that `maxAgeMs` is measured with. Default `performance.now`. */
  clock?: () => number;
}

/** Options of {@link observeRedis}. */
export interface ObserveRedisOptions extends RedisStatterOptions {
  /** Value of `parsec.cache.backend`. Default `redis`. */
  backend?: string;
}
