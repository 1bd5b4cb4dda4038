import type { CacheReading } from '../record/types.ts';

/**
 * A cache the demo node looks envelopes and tokens up in. The built-in
 * {@link LruCache} implements it; pass another implementation (a Redis-backed
 * one, say) as {@link DemoNodeOptions.cache}. Every method may answer with a
 * promise; the node never waits for one, and a rejected promise is logged once
 * and otherwise ignored.
 */
export interface DemoCache {
  /**
   * Looks `key` up, counting a hit or a miss in the cache's own statistics.
   * Returns the size in bytes of the entry found, or `undefined` on a miss.
   */
  get(key: string): number | undefined | Promise<number | undefined>;
  /** Stores an entry of `sizeBytes` bytes under `key`, evicting others as needed. */
  set(key: string, sizeBytes: number): void | Promise<void>;
  /** Cumulative hits, misses and evictions and the current size, as `observeCache` reads them. */
  stats(): CacheReading | Promise<CacheReading>;
}

/** Starts and stops the node's repeating timer (the real driver of {@link DemoNode.start}). */
export interface DemoScheduler {
  /** Calls `fn` every `ms` milliseconds; returns a handle for `clearInterval`. The default `unref()`s the timer. */
  setInterval(fn: () => void, ms: number): unknown;
  /** Cancels a timer returned by `setInterval`. */
  clearInterval(handle: unknown): void;
}

/** Options of {@link DemoNode} and {@link startDemoNode}. Every field is optional. */
export interface DemoNodeOptions {
  /** Envelopes published per second, on average over any whole second. Greater than 0, at most 1 000 000. Default 50. */
  ratePerSecond?: number;
  /** Time between two ticks of the real driver started by `start()`, in milliseconds. Integer from 1 to 60 000. Default 100. */
  tickMs?: number;
  /** Seed of the pseudo-random generator: the same seed and the same ticks give the same simulation. Integer from 0 to 4 294 967 295. Default 1. */
  seed?: number;
  /** Users that may join channels. Integer from 0 to 1 000 000. Default 200. */
  userCount?: number;
  /** Agents that may join channels. Integer from 0 to 1 000 000. Default 20. */
  agentCount?: number;
  /** Channels each user or agent is in, on average, once presence settles. From 0 to 16. Default 2. */
  channelsPerMember?: number;
  /** Joins and leaves per second across the node. From 0 to 100 000. Default 10. */
  presenceEventsPerSecond?: number;
  /** Envelopes each channel's history ring keeps, in envelopes. Integer from 1 to 10 000. Default 100. */
  historyCapacity?: number;
  /** Lifetime of an issued token, in milliseconds. Integer >= 1. Default 300 000 (5 minutes). */
  tokenTtlMs?: number;
  /** Share of tokens revoked when their holder leaves its last channel (the others run to expiry). From 0 to 1. Default 0.4. */
  tokenRevokeRatio?: number;
  /** Capacity of the built-in LRU cache, in bytes; ignored when `cache` is given. Integer >= 1. Default 4 194 304 (4 MiB). */
  cacheMaxBytes?: number;
  /** A cache to use instead of the built-in LRU (e.g. one backed by Redis). */
  cache?: DemoCache;
  /** Value of `parsec.cache.backend` for the cache. Default `memory`, or `external` when `cache` is given. */
  cacheBackend?: string;
  /** Monotonic clock in milliseconds, read by the real driver to measure the time between ticks. Default `performance.now`. */
  clock?: () => number;
  /** Timer functions for the real driver. Default the global `setInterval` (unref'd) and `clearInterval`. */
  scheduler?: DemoScheduler;
}

/** Options after defaults and validation. */
export interface ResolvedDemoNodeOptions {
  readonly ratePerSecond: number;
  readonly tickMs: number;
  readonly seed: number;
  readonly userCount: number;
  readonly agentCount: number;
  readonly channelsPerMember: number;
  readonly presenceEventsPerSecond: number;
  readonly historyCapacity: number;
  readonly tokenTtlMs: number;
  readonly tokenRevokeRatio: number;
  readonly cacheMaxBytes: number;
  readonly cache: DemoCache | undefined;
  readonly cacheBackend: string;
  readonly clock: () => number;
  readonly scheduler: DemoScheduler;
}
